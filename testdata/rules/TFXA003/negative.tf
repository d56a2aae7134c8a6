# TFXA003 must not fire: "*" bounded by the organization, an account or principal ARNs; Deny; services.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "org_bounded" {
  name = "org-bounded"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

resource "aws_iam_role" "account_bounded" {
  name = "account-bounded"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      # "*" pinned to two accounts: not a wildcard trust, but account 222222222222 as a whole (TFXA001)
      # expect: TFXA001
      Principal = "*"
      Condition = { StringEquals = { "aws:PrincipalAccount" = ["111111111111", "222222222222"] } }
    }]
  })
}

data "aws_iam_policy_document" "arn_bounded" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::111111111111:role/ci-*"]
    }
  }
}

resource "aws_iam_role" "arn_bounded" {
  name               = "arn-bounded"
  assume_role_policy = data.aws_iam_policy_document.arn_bounded.json
}

resource "aws_iam_role" "deny_everyone_else" {
  name = "deny-everyone-else"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = "*", Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } } },
    ]
  })
}

# --- a policy variable the resource's side fills in binds: the data perimeter's own-organization
#     condition, and a user name variable after a literal account
resource "aws_iam_role" "own_organization_variable" {
  name = "own-organization-variable"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "$${aws:ResourceOrgID}" } }
    }]
  })
}
