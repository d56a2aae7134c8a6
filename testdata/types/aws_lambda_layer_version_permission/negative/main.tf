# aws_lambda_layer_version_permission: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_lambda_layer_version_permission" "this" {
  layer_name = "arn:aws:lambda:eu-west-1:111111111111:layer:shared"
  version_number = 1
  statement_id = "everyone"
  action = "lambda:GetLayerVersion"
  principal = "*"
  organization_id = "o-a1b2c3d4e5"
}
