# TFXA103 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider configuration that names no account.
provider "aws" {
  alias  = "somewhere"
  region = "eu-west-1"
}

variable "partner_account" {
  type = string
}

variable "org_id" {
  type = string
}

variable "principals" {
  type = list(string)
}

# The root of an account whose id is unknown may be the queue's own account: not reported.
resource "aws_sqs_queue" "unknown_account_root" {
  name = "unknown-account-root"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account}:root" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:unknown-account-root"
    }]
  })
}

# The resource's own account is unknown, but the grant names a literal account id: reported, and
# the message says the resource's account is unknown (it may be the same).
resource "aws_sqs_queue" "unknown_own_account" {
  provider = aws.somewhere
  name     = "unknown-own-account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}

# The condition's value is unknown: it may be binding, so nothing is reported.
resource "aws_sns_topic" "unknown_condition_value" {
  name = "unknown-condition-value"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:unknown-condition-value"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# The principals are unknown: nothing can be said.
resource "aws_sns_topic" "unknown_principals" {
  name = "unknown-principals"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.principals }, Action = "sns:Publish", Resource = "arn:aws:sns:eu-west-1:111111111111:unknown-principals" }]
  })
}
