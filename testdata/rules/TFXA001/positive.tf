# TFXA001 must fire: a role trusts a whole other account with no binding narrowing condition.
# Every case also misses an sts:ExternalId, so TFXA002 fires on the same statement.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "jsonencode_root_arn" {
  name = "jsonencode-root-arn"
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

resource "aws_iam_role" "heredoc_bare_account_id" {
  name = "heredoc-bare-account-id"
  # expect+8: TFXA001, TFXA002
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "333333333333" }
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "document_root" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA001, TFXA002
      identifiers = ["arn:aws:iam::444444444444:root"]
    }
  }
}

resource "aws_iam_role" "policy_document_root" {
  name               = "policy-document-root"
  assume_role_policy = data.aws_iam_policy_document.document_root.json
}

# IfExists passes when the key is absent: not a boundary.
resource "aws_iam_role" "if_exists_org" {
  name = "if-exists-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A wildcard account in the ARN pattern matches every caller.
resource "aws_iam_role" "wildcard_principal_arn" {
  name = "wildcard-principal-arn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/*" } }
    }]
  })
}

# A negated operator allows every other value.
resource "aws_iam_role" "negated_account" {
  name = "negated-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["sts:AssumeRole", "sts:TagSession"]
      # expect: TFXA001, TFXA002
      Principal = { AWS = ["arn:aws:iam::222222222222:root"] }
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = "999999999999" } }
    }]
  })
}

# ForAllValues is true when the key is absent.
resource "aws_iam_role" "for_all_values_org" {
  name = "for-all-values-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      # expect: TFXA009
      Condition = { "ForAllValues:StringEquals" = { "aws:PrincipalOrgID" = ["o-abcdefghij"] } }
    }]
  })
}

# A condition on a key that says nothing about the caller.
resource "aws_iam_role" "region_condition" {
  name = "region-condition"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "*"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "222222222222" }
      Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
    }]
  })
}

# --- a source-address range never narrows an account-root trust: it says where the call comes
#     from, not which of the account's principals make it
resource "aws_iam_role" "root_from_office" {
  name = "root-from-office"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
      Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } }
    }]
  })
}

# --- a condition every principal of the trusted account meets narrows nothing: aws:PrincipalAccount
# is always the trusted account, and every role and user ARN there matches arn:aws:iam::ACCOUNT:*
resource "aws_iam_role" "restated_account" {
  name = "restated-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = "222222222222" } }
    }]
  })
}

resource "aws_iam_role" "restated_arn_pattern" {
  name = "restated-arn-pattern"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "222222222222" }
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:*" } }
    }]
  })
}

# --- "*" pinned by aws:PrincipalAccount to another account is the same trust as that account's root
resource "aws_iam_role" "star_pinned_to_account" {
  name = "star-pinned-to-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = "222222222222" } }
    }]
  })
}
