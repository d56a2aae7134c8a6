# TFXA012 with values that cannot be known statically: the subject condition may pin the
# workload, so nothing is reported (--report-unknown lists the roles).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "subject" {
  type = string
}

variable "trust_conditions" {
  type = any
}

variable "provider_arn" {
  type = string
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# The subject pattern is unknown: it may pin one repository.
resource "aws_iam_role" "unknown_subject" {
  name = "unknown-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = var.subject }
      }
    }]
  })
}

# The whole Condition block is unknown.
resource "aws_iam_role" "unknown_conditions" {
  name = "unknown-conditions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = var.trust_conditions
    }]
  })
}

# The identity provider is unknown: it may not be an OIDC provider at all.
resource "aws_iam_role" "unknown_provider" {
  name = "unknown-provider"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:*", Principal = { Federated = var.provider_arn } }]
  })
}
