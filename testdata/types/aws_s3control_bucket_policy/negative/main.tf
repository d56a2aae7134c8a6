# aws_s3control_bucket_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3control_bucket_policy" "this" {
  bucket = "arn:aws:s3-outposts:eu-west-1:111111111111:outpost/op-01ac5d28a6a232904/bucket/edge"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "s3-outposts:GetObject"
      Resource = "*"
    }]
  })
}
