# aws_vpc_endpoint_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_vpc_endpoint_policy" "this" {
  vpc_endpoint_id = "vpce-0123456789abcdef0"
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
