# TFXA003 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "org_id" {
  type = string
}

variable "trust_anyone" {
  type = bool
}

# The organization id is unknown: the condition may well be binding; nothing is reported.
resource "aws_iam_role" "unknown_org" {
  name = "unknown-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# Whether the principal is "*" depends on an unknown variable: nothing is reported.
resource "aws_iam_role" "unknown_choice" {
  name = "unknown-choice"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.trust_anyone ? "*" : "arn:aws:iam::111111111111:role/admin" }
    }]
  })
}

# Which condition key applies is unknown (both would be boundaries): nothing is reported.
resource "aws_iam_role" "unknown_condition_key" {
  name = "unknown-condition-key"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = "*"
      Condition = { StringEquals = var.trust_anyone ? { "aws:PrincipalOrgID" = "o-abcdefghij" } : { "aws:PrincipalAccount" = "111111111111" } }
    }]
  })
}
