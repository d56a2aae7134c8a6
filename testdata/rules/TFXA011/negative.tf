# TFXA011 must not fire: the resources name specific accounts, the statement denies, or it does
# not allow sts:AssumeRole.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

# Specific role ARNs in named accounts.
resource "aws_iam_policy" "specific_roles" {
  name = "specific-roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = ["arn:aws:iam::222222222222:role/deployer", "arn:aws:iam::333333333333:role/deployer"]
    }]
  })
}

# Every role of one named account: the account is specific.
resource "aws_iam_policy" "one_account_any_role" {
  name = "one-account-any-role"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sts:AssumeRole", "sts:TagSession"]
      Resource = "arn:aws:iam::222222222222:role/*"
    }]
  })
}

# Roles of the caller's own account.
data "aws_iam_policy_document" "own_account" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/app-*"]
  }
}

resource "aws_iam_user_policy" "own_account" {
  name   = "own-account"
  user   = "operator"
  policy = data.aws_iam_policy_document.own_account.json
}

# A Deny on every role is not a grant.
resource "aws_iam_group_policy" "deny_everything" {
  name  = "deny-everything"
  group = "contractors"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "sts:AssumeRole"
      Resource = "*"
    }]
  })
}

# Other STS actions on "*" do not assume roles.
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sts:GetCallerIdentity", "sts:DecodeAuthorizationMessage"]
      Resource = "*"
    }]
  })
}

# NotAction that excludes every STS action.
resource "aws_iam_policy" "everything_but_sts" {
  name = "everything-but-sts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["sts:*", "iam:*"]
      Resource  = "*"
    }]
  })
}

# A condition on the target's account names the account after all.
resource "aws_iam_policy" "resource_account_scoped" {
  name = "resource-account-scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Resource  = "arn:aws:iam::*:role/x"
      Condition = { StringEquals = { "aws:ResourceAccount" = "222222222222" } }
    }]
  })
}
