# aws_secretsmanager_secret: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# expect: TFXA105
resource "aws_secretsmanager_secret" "this" {
  name = "app"
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
