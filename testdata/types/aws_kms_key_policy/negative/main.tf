# aws_kms_key_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kms_key_policy" "this" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "kms:Decrypt"
      Resource = "*"
    }]
  })
}
