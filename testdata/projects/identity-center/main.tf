# IAM Identity Center in the management account (111111111111): a permission set with an inline
# policy, assigned to a group in the data account (222222222222). Identity Center creates the role
# AWSReservedSSO_DataRead_<random> there, whose identity policy is the permission set's.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "data"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_ssoadmin_permission_set" "data_read" {
  instance_arn = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  name         = "DataRead"
}

resource "aws_ssoadmin_permission_set_inline_policy" "data_read" {
  instance_arn       = aws_ssoadmin_permission_set.data_read.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.data_read.arn
  inline_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadReports"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::reports-222222222222/*"
    }]
  })
}

resource "aws_ssoadmin_account_assignment" "analysts" {
  instance_arn       = aws_ssoadmin_permission_set.data_read.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.data_read.arn
  principal_type     = "GROUP"
  principal_id       = "9067c04a3d-3a8b4c2e-1f2d-4b6a-9c8e-0a1b2c3d4e5f"
  target_type        = "AWS_ACCOUNT"
  target_id          = "222222222222"
}

resource "aws_s3_bucket" "reports" {
  provider = aws.data
  bucket   = "reports-222222222222"
}
