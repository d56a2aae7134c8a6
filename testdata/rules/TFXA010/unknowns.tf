# TFXA010 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider configuration that names no account.
provider "aws" {
  alias  = "somewhere"
  region = "eu-west-1"
}

variable "max_session_duration" {
  type = number
}

variable "ci_account" {
  type = string
}

variable "actions" {
  type = list(string)
}

# The duration is unknown: nothing is reported.
resource "aws_iam_role" "unknown_duration" {
  name                 = "unknown-duration"
  max_session_duration = var.max_session_duration
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# The trusted account is unknown: it may be the role's own account, nothing is reported.
resource "aws_iam_role" "unknown_principal_account" {
  name                 = "unknown-principal-account"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.ci_account}:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# The role's own account is unknown: 222222222222 may be that account, nothing is reported.
resource "aws_iam_role" "unknown_own_account" {
  provider             = aws.somewhere
  name                 = "unknown-own-account"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# The actions are unknown: the statement may not allow sts:AssumeRole, nothing is reported.
resource "aws_iam_role" "unknown_actions" {
  name                 = "unknown-actions"
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = var.actions
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}
