# aws_s3tables_table_bucket_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3tables_table_bucket_policy" "this" {
  table_bucket_arn = "arn:aws:s3tables:eu-west-1:111111111111:bucket/tables"
  resource_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "s3tables:GetTableBucket"
      Resource = "*"
    }]
  })
}

resource "aws_s3tables_table_bucket" "target" {
  name = "tables"
}
