# aws_secretsmanager_secret_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_secretsmanager_secret_policy" "this" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "secretsmanager:GetSecretValue"
      Resource = "*"
    }]
  })
}
