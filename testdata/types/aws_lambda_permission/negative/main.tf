# aws_lambda_permission: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_lambda_permission" "this" {
  function_name = "handler"
  statement_id = "invoke"
  action = "lambda:InvokeFunction"
  principal = "111111111111"
}
