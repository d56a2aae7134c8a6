# TFXA006 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "mfa_required" {
  type = string
}

variable "org_id" {
  type = string
}

variable "user_account" {
  type = string
}

variable "actions" {
  type = list(string)
}

# The MFA condition's value is unknown: it may require MFA, so nothing is reported
# (--report-unknown lists the statement).
resource "aws_iam_role" "unknown_mfa_value" {
  name = "unknown-mfa-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:user/alice" }
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" }
        Bool         = { "aws:MultiFactorAuthPresent" = var.mfa_required }
      }
    }]
  })
}

# The organization condition's value is unknown and StringLike may make it a wildcard: whether
# the root is narrowed only by the organization cannot be decided, so nothing is reported.
resource "aws_iam_role" "unknown_org_value" {
  name = "unknown-org-value"
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

# Under StringEquals the unknown organization id is one literal: the root is narrowed only by an
# organization, whatever its id, and no MFA is asked for.
resource "aws_iam_role" "unknown_org_literal" {
  name = "unknown-org-literal"
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

# The actions are unknown: the statement may not allow sts:AssumeRole, nothing is reported.
resource "aws_iam_role" "unknown_actions" {
  name = "unknown-actions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = var.actions
      Principal = { AWS = "arn:aws:iam::222222222222:user/bob" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A user of an account whose id is unknown: not shown to be the role's own account, so it is
# treated as another account and reported (as TFXA001 and TFXA002 do for unknown accounts).
resource "aws_iam_role" "unknown_user_account" {
  name = "unknown-user-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA006
      Principal = { AWS = "arn:aws:iam::${var.user_account}:user/carol" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}
