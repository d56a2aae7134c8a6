# aws_api_gateway_rest_api_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_api_gateway_rest_api_policy" "this" {
  rest_api_id = "a1b2c3d4e5"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "execute-api:Invoke"
      Resource = "*"
    }]
  })
}
