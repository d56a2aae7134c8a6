# aws_cloudwatch_event_permission: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudwatch_event_permission" "this" {
  statement_id = "partners"
  principal = "111111111111"
}
