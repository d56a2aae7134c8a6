# aws_cloudwatch_event_bus_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudwatch_event_bus_policy" "this" {
  event_bus_name = "orders"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "events:PutEvents"
      Resource = "*"
    }]
  })
}

resource "aws_cloudwatch_event_bus" "target" {
  name = "orders"
}
