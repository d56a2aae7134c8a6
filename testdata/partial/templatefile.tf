# templatefile() of a JSON policy whose variables are unknown: findings point at the template line.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "vendor_account" {
  type = string
}

variable "bucket" {
  type = string
}

# expect-at: templates/vendor-trust.json.tpl:7 TFXA001, TFXA002
resource "aws_iam_role" "vendor" {
  name               = "vendor"
  assume_role_policy = templatefile("${path.module}/templates/vendor-trust.json.tpl", { account = var.vendor_account })
}

# expect-at: templates/public-read.json.tpl:6 TFXA102
resource "aws_s3_bucket_policy" "public" {
  bucket = var.bucket
  policy = templatefile("${path.module}/templates/public-read.json.tpl", { bucket = var.bucket })
}

# The same template with an ExternalId condition from an unknown variable: nothing is reported.
resource "aws_iam_role" "vendor_with_id" {
  name               = "vendor-with-id"
  assume_role_policy = templatefile("${path.module}/templates/vendor-trust-external-id.json.tpl", { account = var.vendor_account, external_id = var.bucket })
}
