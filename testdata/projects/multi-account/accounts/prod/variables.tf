variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vendors" {
  type = map(object({
    account     = string
    external_id = optional(string)
  }))
}

variable "public_reader_index" {
  type    = number
  default = 1
}
