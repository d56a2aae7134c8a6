# aws_vpc_endpoint: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_vpc_endpoint" "this" {
  vpc_id = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.s3"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = "*"
      Action = "s3:GetObject"
      Resource = "*"
    }]
  })
}
