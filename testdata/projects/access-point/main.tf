# An S3 bucket that delegates access control to its own account's access points (AWS's documented
# pattern: the bucket policy allows anyone whose request comes through an access point of account
# 111111111111), and an access point that grants a partner role read access. Through the access
# point, both policies must allow; the bucket "legacy" does not delegate, so its access point
# grants nothing.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "partner"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_s3_bucket" "reports" {
  bucket = "reports-111111111111"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DelegateToAccessPoints"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::reports-111111111111", "arn:aws:s3:::reports-111111111111/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111111111111" } }
    }]
  })
}

resource "aws_s3_access_point" "partner" {
  bucket = aws_s3_bucket.reports.id
  name   = "partner-reports"
}

resource "aws_s3control_access_point_policy" "partner" {
  access_point_arn = aws_s3_access_point.partner.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111111111111:accesspoint/partner-reports/object/*"
    }]
  })
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy-111111111111"
}

resource "aws_s3_access_point" "legacy" {
  bucket = aws_s3_bucket.legacy.id
  name   = "legacy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111111111111:accesspoint/legacy/object/*"
    }]
  })
}

resource "aws_iam_role" "reader" {
  provider = aws.partner
  name     = "reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "reader" {
  provider = aws.partner
  role     = aws_iam_role.reader.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
