variable "trusted_account" {
  type    = string
  default = "555555555555"
}

resource "aws_iam_role" "this" {
  name = "assumable"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${var.trusted_account}:root" } }]
  })
}
