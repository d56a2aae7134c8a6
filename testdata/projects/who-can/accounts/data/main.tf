provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["333333333333"]
}

resource "aws_s3_bucket" "exports" {
  bucket = "example-exports-333333333333"
}

resource "aws_kms_key" "exports" {
  description = "exports bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::333333333333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Exporter"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::333333333333:role/exporter" }
        Action    = "kms:Decrypt"
        Resource  = "*"
      },
    ]
  })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.exports.arn
    }
  }
}

# Only prod's gateway may assume the exporter.
resource "aws_iam_role" "exporter" {
  name = "exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/gateway" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-whocanorg01" } }
    }]
  })
}

resource "aws_iam_role_policy" "exporter" {
  name = "read-exports"
  role = aws_iam_role.exporter.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadExports"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::example-exports-333333333333/*"
    }]
  })
}

# Its only user outside the account is prod's analytics role.
resource "aws_kms_key" "analytics" {
  description = "analytics results"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::333333333333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Analytics"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/analytics" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-whocanorg01" } }
      },
    ]
  })
}

# The archive, read by the archiver role, which only prod's relay may assume.
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive-333333333333"
}

resource "aws_iam_role" "archiver" {
  name = "archiver"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/relay" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-whocanorg01" } }
    }]
  })
}

resource "aws_iam_role_policy" "archiver" {
  name = "read-archive"
  role = aws_iam_role.archiver.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadArchive"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::example-archive-333333333333/*"
    }]
  })
}
