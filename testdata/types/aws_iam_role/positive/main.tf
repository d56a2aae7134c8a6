# aws_iam_role: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "this" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA003
      Principal = { AWS = "*" }
      Action = "sts:AssumeRole"
    }]
  })
}
