# aws_ssoadmin_permission_set_inline_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ssoadmin_permission_set_inline_policy" "this" {
  instance_arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Resource = "arn:aws:iam::111111111111:role/deploy"
    }]
  })
}
