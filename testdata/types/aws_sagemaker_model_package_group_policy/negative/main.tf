# aws_sagemaker_model_package_group_policy: the negative twin, which it must not (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_sagemaker_model_package_group_policy" "this" {
  model_package_group_name = "models"
  resource_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action = "sagemaker:DescribeModelPackage"
      Resource = "*"
    }]
  })
}

resource "aws_sagemaker_model_package_group" "target" {
  model_package_group_name = "models"
}
