# aws_dynamodb_resource_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_dynamodb_resource_policy" "this" {
  resource_arn = "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "dynamodb:GetItem"
      Resource = "*"
    }]
  })
}

resource "aws_dynamodb_table" "target" {
  name = "orders"
  hash_key = "id"
}
