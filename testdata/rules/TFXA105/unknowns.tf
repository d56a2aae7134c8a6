# TFXA105 with values that cannot be known statically: an unknown key may be a customer managed
# key, and a principal whose account is unknown may be in the resource's own account, so nothing
# is reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "bucket_key" {
  type = string
}

variable "queue_key" {
  type = string
}

variable "secret_key" {
  type = string
}

variable "consumer_account" {
  type = string
}

# The bucket key is given from outside.
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.bucket_key
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/importer" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.exports.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# The queue key is given from outside.
resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = var.queue_key
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }, Action = "sqs:SendMessage", Resource = "arn:aws:sqs:eu-west-1:111111111111:orders" }]
  })
}

# The secret key is given from outside.
resource "aws_secretsmanager_secret" "db" {
  name       = "db"
  kms_key_id = var.secret_key
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/app" }, Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}

# AWS managed key, but the consumer's account is unknown: it may be the topic's own account.
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.consumer_account}:role/subscriber" }, Action = "sns:Subscribe", Resource = "arn:aws:sns:eu-west-1:111111111111:alerts" }]
  })
}

variable "sse_algorithm" {
  type = string
}

# The encryption algorithm is unknown: it may be SSE-S3.
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/importer" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.reports.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
