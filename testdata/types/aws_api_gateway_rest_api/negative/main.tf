# aws_api_gateway_rest_api: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_api_gateway_rest_api" "this" {
  name = "api"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "execute-api:Invoke"
      Resource = "*"
    }]
  })
}
