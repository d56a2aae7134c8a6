# aws_ses_identity_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
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
      # expect: TFXA102
      Principal = "*"
      Action = "ses:SendEmail"
      Resource = "*"
    }]
  })
}

resource "aws_ses_domain_identity" "target" {
  domain = "example.com"
}
