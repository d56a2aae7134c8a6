provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["333333333333"]
}

resource "aws_s3_bucket" "data" {
  bucket = "example-guarded-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AppRead"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/app" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
      },
      {
        Sid       = "PartnerRead"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.data.arn}/*"
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sns_topic" "events" {
  name = "events"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AppPublish"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/app" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.events.arn
      },
      {
        Sid       = "PartnerPublish"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.events.arn
      },
    ]
  })
}
