# TFXA104 with values that cannot be known statically: a principal that may be in the key's own
# account, or actions that may not include administration, are not reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider configuration that names no account.
provider "aws" {
  alias  = "somewhere"
  region = "eu-west-1"
}

variable "admin_account" {
  type = string
}

variable "partner_actions" {
  type = list(string)
}

# The administrator's account is unknown: it may be the key's own.
resource "aws_kms_key" "unknown_admin_account" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "KeyAdmin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.admin_account}:role/key-admin" }, Action = "kms:*", Resource = "*" },
    ]
  })
}

# The key's own account is unknown: the administrator may be in it.
resource "aws_kms_key" "unknown_key_account" {
  provider = aws.somewhere
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "KeyAdmin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::333333333333:role/key-admin" }, Action = "kms:*", Resource = "*" },
    ]
  })
}

# The actions given to another account are unknown.
resource "aws_kms_key" "unknown_actions" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::333333333333:role/partner" }, Action = var.partner_actions, Resource = "*" },
    ]
  })
}

variable "for_aws" {
  type = string
}

# Whether grants are limited to AWS services is unknown: nothing is reported.
resource "aws_kms_key" "grant_condition_unknown" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/partner" }
      Action    = "kms:CreateGrant"
      Resource  = "*"
      Condition = { Bool = { "kms:GrantIsForAWSResource" = var.for_aws } }
    }]
  })
}

# "*" pinned by kms:CallerAccount to an account given by a variable: it may be another account,
# so nothing is reported (--report-unknown lists it).
resource "aws_kms_key" "pinned_to_variable" {
  description = "pinned to a variable"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = var.admin_account } }
    }]
  })
}
