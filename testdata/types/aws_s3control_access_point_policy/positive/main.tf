# aws_s3control_access_point_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3control_access_point_policy" "this" {
  access_point_arn = "arn:aws:s3:eu-west-1:111111111111:accesspoint/analytics"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "s3:GetObject"
      Resource = "*"
    }]
  })
}

resource "aws_s3_access_point" "target" {
  bucket = "data-111111111111"
  name = "analytics"
}
