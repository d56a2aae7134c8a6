# TFXA006 must fire: people of another account (IAM users, or every principal of an account root
# narrowed only by organization conditions) may assume the role without MFA.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# An IAM user of another account, no conditions at all (TFXA002: no external id either).
resource "aws_iam_role" "user_no_conditions" {
  name = "user-no-conditions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002, TFXA006
      Principal = { AWS = "arn:aws:iam::222222222222:user/alice" }
    }]
  })
}

# An account root narrowed only by the organization: every person in that account may assume it.
resource "aws_iam_role" "root_org_only" {
  name = "root-org-only"
  # expect+8: TFXA006
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "222222222222" },
      "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abcdefghij" } }
    }
  ]
}
EOF
}

# BoolIfExists passes callers whose request carries no MFA key (long-term access keys).
data "aws_iam_policy_document" "user_mfa_if_exists" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA006
      identifiers = ["arn:aws:iam::333333333333:user/bob"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "user_mfa_if_exists" {
  name               = "user-mfa-if-exists"
  assume_role_policy = data.aws_iam_policy_document.user_mfa_if_exists.json
}

# An MFA condition that does not require MFA ("false").
resource "aws_iam_role" "root_org_paths_mfa_false" {
  name = "root-org-paths-mfa-false"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["sts:AssumeRole", "sts:TagSession"]
      # expect: TFXA006
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = {
        "ForAnyValue:StringLike" = { "aws:PrincipalOrgPaths" = "o-abcdefghij/r-ab12/ou-ab12-11111111/*" }
        Bool                     = { "aws:MultiFactorAuthPresent" = "false" }
        StringEquals             = { "aws:RequestedRegion" = "eu-west-1" }
      }
    }]
  })
}

# A role and a user of another account: the user is a person (reported at the user entry).
resource "aws_iam_role" "role_and_user" {
  name = "role-and-user"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      Principal = {
        AWS = [
          "arn:aws:iam::222222222222:role/ci",
          # expect: TFXA006
          "arn:aws:iam::222222222222:user/carol",
        ]
      }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A user pinned by aws:PrincipalArn is still a person without MFA (TFXA002: no external id).
resource "aws_iam_role" "user_pinned_arn" {
  name = "user-pinned-arn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002, TFXA006
      Principal = { AWS = "arn:aws:iam::444444444444:user/dave" }
      Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::444444444444:user/dave" } }
    }]
  })
}
