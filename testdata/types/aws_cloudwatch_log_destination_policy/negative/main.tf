# aws_cloudwatch_log_destination_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_cloudwatch_log_destination_policy" "this" {
  destination_name = "central"
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "logs:PutSubscriptionFilter"
      Resource = "*"
    }]
  })
}
