# TFXA010 must not fire: same-account roles, sessions of at most one hour, and roles not
# assumed by principals of another account (services, identity providers, Deny statements).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

# Same-account roles may keep long sessions.
resource "aws_iam_role" "same_account" {
  name                 = "same-account"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = {
        AWS = [
          "arn:aws:iam::111111111111:role/ops",
          "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/admin",
        ]
      }
    }]
  })
}

# Cross-account, exactly one hour.
resource "aws_iam_role" "cross_account_one_hour" {
  name                 = "cross-account-one-hour"
  max_session_duration = 3600
  assume_role_policy   = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::222222222222:role/ci" },
      "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abcdefghij" } }
    }
  ]
}
EOF
}

# Cross-account with the default duration (one hour).
data "aws_iam_policy_document" "default_duration" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/ci"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
}

resource "aws_iam_role" "default_duration" {
  name               = "default-duration"
  assume_role_policy = data.aws_iam_policy_document.default_duration.json
}

# A service role.
resource "aws_iam_role" "batch" {
  name                 = "batch"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "batch.amazonaws.com" } }]
  })
}

# An identity provider of the role's own account (OIDC), subject pinned.
resource "aws_iam_role" "github" {
  name                 = "github"
  max_session_duration = 7200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:octo/app:ref:refs/heads/main"
        }
      }
    }]
  })
}

# Another account appears only in a Deny statement.
resource "aws_iam_role" "deny_other_account" {
  name                 = "deny-other-account"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:role/ops" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/ci" } },
    ]
  })
}
