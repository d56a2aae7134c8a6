# TFXA004 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "external_id" {
  type = string
}

variable "vendor_account" {
  type = string
}

variable "external_id_test" {
  type = string
}

# The external id's value is unknown: it may be exact, so nothing is reported.
resource "aws_iam_role" "unknown_value" {
  name = "unknown-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = { StringLike = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

# The same unknown value for two vendors: it cannot be shown to be the same literal.
resource "aws_iam_role" "unknown_value_other_vendor" {
  name = "unknown-value-other-vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::888888888888:role/monitoring" }
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

# A literal shared with a principal whose account is unknown: that account may be the same
# vendor (999999999999), so the reuse is not proven and nothing is reported.
resource "aws_iam_role" "known_vendor" {
  name = "known-vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

resource "aws_iam_role" "unknown_vendor_account" {
  name = "unknown-vendor-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.vendor_account}:role/integration" }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

# The operator is unknown: the condition may be exact, so nothing is reported.
data "aws_iam_policy_document" "unknown_operator" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777777777777:role/scanner"]
    }
    condition {
      test     = var.external_id_test
      variable = "sts:ExternalId"
      values   = ["beef-tenant-9"]
    }
  }
}

resource "aws_iam_role" "unknown_operator" {
  name               = "unknown-operator"
  assume_role_policy = data.aws_iam_policy_document.unknown_operator.json
}
