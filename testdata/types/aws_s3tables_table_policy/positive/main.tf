# aws_s3tables_table_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3tables_table_policy" "this" {
  name = "sales"
  namespace = "finance"
  table_bucket_arn = "arn:aws:s3tables:eu-west-1:111111111111:bucket/tables"
  resource_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "s3tables:GetTable"
      Resource = "*"
    }]
  })
}
