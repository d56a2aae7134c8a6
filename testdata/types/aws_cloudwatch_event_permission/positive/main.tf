# aws_cloudwatch_event_permission: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudwatch_event_permission" "this" {
  statement_id = "partners"
  # expect: TFXA102
  principal = "*"
}
