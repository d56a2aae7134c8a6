# TFXA301 with values that cannot be known statically: unknown parts are not checked, nothing is
# reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "policy" {
  type = string
}

variable "actions" {
  type = list(string)
}

variable "effect" {
  type = string
}

variable "account" {
  type = string
}

variable "bucket_name" {
  type = string
}

# The whole document is unknown.
resource "aws_iam_policy" "from_variable" {
  name   = "from-variable"
  policy = var.policy
}

# Unknown actions and effect.
resource "aws_iam_policy" "unknown_parts" {
  name = "unknown-parts"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = var.effect, Action = var.actions, Resource = "arn:aws:s3:::example-data/*" }]
  })
}

# A principal whose account is unknown, and a resource ARN with an unknown bucket name.
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${var.account}:role/ci" }, Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } } }]
  })
}

resource "aws_iam_role_policy" "deploy" {
  name = "deploy"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket_name}/*" }]
  })
}
