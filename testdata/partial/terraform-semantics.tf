# Terraform semantics that decide what is analysed: lifecycle.ignore_changes and the ids the AWS
# provider derives from configuration.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Terraform creates this trust as configured, even though later changes to it are ignored.
resource "aws_iam_role" "bootstrap" {
  name = "bootstrap"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA003
      Principal = "*"
      Action    = "sts:AssumeRole"
    }]
  })
  lifecycle {
    ignore_changes = [assume_role_policy]
  }
}

# The placeholder value is managed outside Terraform: what references see is unknown, so the
# queue policy built from it is not reported as public.
resource "aws_ssm_parameter" "allowed_principal" {
  name  = "/queue/allowed-principal"
  type  = "String"
  value = "*"
  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_sqs_queue_policy" "from_parameter" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/q"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_ssm_parameter.allowed_principal.value }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:q"
    }]
  })
}

# aws_s3_bucket_policy.id is the bucket name: ownership controls that reference it find their
# bucket, so the cross-account write is owned by the bucket owner (no TFXA106).
resource "aws_s3_bucket" "drop" {
  bucket = "partner-drop"
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        # expect: TFXA103
        Principal = { AWS = "arn:aws:iam::222222222222:root" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::partner-drop/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::partner-drop", "arn:aws:s3:::partner-drop/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_s3_bucket_ownership_controls" "drop" {
  bucket = aws_s3_bucket_policy.drop.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
