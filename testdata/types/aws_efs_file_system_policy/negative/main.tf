# aws_efs_file_system_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_efs_file_system_policy" "this" {
  file_system_id = "fs-12345678"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "elasticfilesystem:ClientMount"
      Resource = "*"
    }]
  })
}
