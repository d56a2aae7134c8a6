# TFXA302 with values that cannot be known statically: an unknown value may be fine, so nothing
# is reported; a known part that already holds the literal pattern is reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "reader_arn" {
  type = string
}

variable "partner_account" {
  type = string
}

variable "provider_arn" {
  type = string
}

resource "aws_s3_bucket_policy" "unknown_value" {
  bucket = "reports-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::reports-111111111111/*"
      Condition = {
        StringEquals = { "aws:PrincipalArn" = var.reader_arn }
        Bool         = { "aws:SecureTransport" = var.partner_account }
      }
    }]
  })
}

# the known part already has the * that StringEquals reads literally
resource "aws_s3_bucket_policy" "partly_known" {
  bucket = "archive-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::archive-111111111111/*"
      Condition = {
        # expect: TFXA302
        StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::${var.partner_account}:role/*" }
      }
    }]
  })
}

# the Federated principal is unknown: whether the GitLab claim belongs to it cannot be decided
resource "aws_iam_role" "unknown_provider" {
  name = "unknown-provider"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.provider_arn }
      Condition = { StringLike = { "gitlab.com:sub" = "project_path:acme/infra:*" } }
    }]
  })
}
