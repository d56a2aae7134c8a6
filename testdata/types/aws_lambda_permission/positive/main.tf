# aws_lambda_permission: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_lambda_permission" "this" {
  function_name = "handler"
  statement_id = "invoke"
  action = "lambda:InvokeFunction"
  # expect: TFXA102
  principal = "*"
}
