# aws_s3_bucket_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = "reports-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "s3:GetObject"
      Resource = "*"
    }]
  })
}

resource "aws_s3_bucket" "target" {
  bucket = "reports-111111111111"
}
