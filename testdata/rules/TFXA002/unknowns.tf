# TFXA002 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "vendor_account" {
  type = string
}

variable "external_id" {
  type = string
}

variable "extra_conditions" {
  type = list(object({ test = string, variable = string, values = list(string) }))
}

# An account whose id is unknown is not known to be internal: reported.
resource "aws_iam_role" "unknown_vendor_account" {
  name = "unknown-vendor-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::${var.vendor_account}:role/integration" }
    }]
  })
}

# The external id's value is unknown, but the condition exists: not this rule's concern.
resource "aws_iam_role" "unknown_external_id_value" {
  name = "unknown-external-id-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

# Conditions built from an unknown list: an external id may be among them; nothing is reported.
data "aws_iam_policy_document" "dynamic_conditions" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::999999999999:role/backup-service"]
    }
    dynamic "condition" {
      for_each = var.extra_conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_iam_role" "dynamic_conditions" {
  name               = "dynamic-conditions"
  assume_role_policy = data.aws_iam_policy_document.dynamic_conditions.json
}
