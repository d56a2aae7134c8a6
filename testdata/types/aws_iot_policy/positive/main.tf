# aws_iot_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iot_policy" "this" {
  name = "devices"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA301
      Principal = "*"
      Action = "iot:Connect"
      Resource = "*"
    }]
  })
}
