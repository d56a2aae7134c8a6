# TFXA001 must not fire: own account, binding conditions, Deny, specific principals, services.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "own_account_literal" {
  name = "own-account-literal"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })
}

resource "aws_iam_role" "own_account_caller_identity" {
  name = "own-account-caller-identity"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
    }]
  })
}

resource "aws_iam_role" "org_boundary" {
  name = "org-boundary"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      # expect: TFXA006
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

resource "aws_iam_role" "external_id" {
  name = "external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "7f3c9a2e-vendor" } }
    }]
  })
}

# Pinned to one role of the other account (TFXA002 still asks for an external id).
resource "aws_iam_role" "principal_arn_pinned" {
  name = "principal-arn-pinned"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/deployer" } }
    }]
  })
}

resource "aws_iam_role" "deny_statement" {
  name = "deny-statement"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
    ]
  })
}

# A specific role of another account is not a whole-account trust (TFXA002 still asks for an external id).
resource "aws_iam_role" "specific_role" {
  name = "specific-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci-deployer" }
    }]
  })
}

# MFA is a binding narrowing condition for TFXA001, and a trust limited to humans with MFA is not
# a confused deputy either, so TFXA002 does not ask for an external id.
resource "aws_iam_role" "mfa_required" {
  name = "mfa-required"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

# Trust that only allows another action does not let anyone assume the role.
resource "aws_iam_role" "tag_session_only" {
  name = "tag-session-only"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:TagSession", Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}

# A PrincipalArn pattern that names a path or role in the trusted account does narrow the trust
resource "aws_iam_role" "narrowed_by_arn_pattern" {
  name = "narrowed-by-arn-pattern"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/deploy-*" } }
    }]
  })
}

# "*" pinned to the role's own account is same-account trust, and "*" pinned to another account
# with an external id as well is narrowed
resource "aws_iam_role" "star_pinned_to_own_account" {
  name = "star-pinned-to-own-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = "111111111111" } }
    }]
  })
}

resource "aws_iam_role" "star_pinned_with_external_id" {
  name = "star-pinned-with-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = "222222222222", "sts:ExternalId" = "c0ffee-4711-beef" } }
    }]
  })
}
