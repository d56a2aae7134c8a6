# aws_kms_replica_key: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kms_replica_key" "this" {
  primary_key_arn = "arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "kms:Decrypt"
      Resource = "*"
    }]
  })
}
