# aws_s3_bucket: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "this" {
  bucket = "inline-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102, TFXA107
      Principal = "*"
      Action = "s3:GetObject"
      Resource = "*"
    }]
  })
}
