# TFXA001 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider configuration that names no account.
provider "aws" {
  alias  = "somewhere"
  region = "eu-west-1"
}

variable "trusted_account" {
  type = string
}

variable "org_id" {
  type = string
}

variable "principals" {
  type = list(string)
}

# The root of an account whose id is unknown is still a whole-account trust: reported.
resource "aws_iam_role" "unknown_account_root" {
  name = "unknown-account-root"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::${var.trusted_account}:root" }
    }]
  })
}

# The condition's value is unknown and StringLike may make it a wildcard: it may be binding, so
# nothing is reported (--report-unknown lists it).
resource "aws_iam_role" "unknown_condition_value" {
  name = "unknown-condition-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringLike = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# Under StringEquals an unknown value is still one literal organization id: the trust is
# narrowed to that organization whatever the id is, so TFXA001 is silent; TFXA006 reports the
# root narrowed only by an organization, as for a known id.
resource "aws_iam_role" "unknown_literal_value" {
  name = "unknown-literal-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA006
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# An unknown aws:PrincipalAccount may restate the trusted account (then it narrows nothing):
# TFXA001 is not decided; no external id is asked for either (TFXA002).
resource "aws_iam_role" "unknown_principal_account" {
  name = "unknown-principal-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = var.org_id } }
    }]
  })
}

# The principals themselves are unknown: nothing can be said.
resource "aws_iam_role" "unknown_principals" {
  name = "unknown-principals"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.principals } }]
  })
}

# The role's own account is unknown: the trust is reported, and the message says so.
resource "aws_iam_role" "unknown_own_account" {
  provider = aws.somewhere
  name     = "unknown-own-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
    }]
  })
}
