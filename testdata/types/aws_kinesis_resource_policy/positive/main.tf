# aws_kinesis_resource_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kinesis_resource_policy" "this" {
  resource_arn = "arn:aws:kinesis:eu-west-1:111111111111:stream/events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "kinesis:GetRecords"
      Resource = "*"
    }]
  })
}

resource "aws_kinesis_stream" "target" {
  name = "events"
  shard_count = 1
}
