# aws_ses_identity_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ses_identity_policy" "this" {
  identity = "example.com"
  name = "senders"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "ses:SendEmail"
      Resource = "*"
    }]
  })
}

resource "aws_ses_domain_identity" "target" {
  domain = "example.com"
}
