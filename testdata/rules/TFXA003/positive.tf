# TFXA003 must fire: anyone ("*") may assume the role, with no organization, account or ARN boundary.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "bare_star" {
  name = "bare-star"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = "*"
    }]
  })
}

# An external id alone is a shared secret anyone may guess: not a boundary for "*".
resource "aws_iam_role" "aws_star_external_id" {
  name = "aws-star-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "sts:ExternalId" = "guessable" } }
    }]
  })
}

resource "aws_iam_role" "star_if_exists" {
  name = "star-if-exists"
  # expect+8: TFXA003
  assume_role_policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": ["*"] },
      "Condition": { "StringEqualsIfExists": { "aws:PrincipalOrgID": "o-abcdefghij" } }
    }
  ]
}
JSON
}

resource "aws_iam_role" "star_any_arn" {
  name = "star-any-arn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = { AWS = "*" }
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/admin" } }
    }]
  })
}

data "aws_iam_policy_document" "star_type" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "*"
      # expect: TFXA003
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "star_type" {
  name               = "star-type"
  assume_role_policy = data.aws_iam_policy_document.star_type.json
}

data "aws_iam_policy_document" "aws_type_star" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA003
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "aws_type_star" {
  name               = "aws-type-star"
  assume_role_policy = data.aws_iam_policy_document.aws_type_star.json
}

# --- fixed source addresses do not say who the caller is: any principal of any account calling
#     from these addresses can assume the role (the message says so)
resource "aws_iam_role" "from_office" {
  name = "from-office"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = { AWS = "*" }
      Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } }
    }]
  })
}

# --- a policy variable the caller's request fills in pins no one: aws:PrincipalAccount equal to
#     ${aws:PrincipalAccount} holds for every caller, and an ARN pattern whose account is the
#     caller's own account admits a role of that name in any account
resource "aws_iam_role" "variable_tautology" {
  name = "variable-tautology"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = "*"
      Condition = { StringEquals = { "aws:PrincipalAccount" = "$${aws:PrincipalAccount}" } }
    }]
  })
}

resource "aws_iam_role" "variable_account" {
  name = "variable-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = "*"
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::$${aws:PrincipalAccount}:role/deployer" } }
    }]
  })
}
