# aws_sns_topic_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_sns_topic_policy" "this" {
  arn = "arn:aws:sns:eu-west-1:111111111111:events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "sns:Publish"
      Resource = "*"
    }]
  })
}

resource "aws_sns_topic" "target" {
  name = "events"
}
