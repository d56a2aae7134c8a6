# TFXA106 with values that cannot be known statically: an unknown ownership setting may be
# BucketOwnerEnforced, and a writer whose account is unknown may be the bucket's own account, so
# nothing is reported (--report-unknown lists the unknown ownership setting).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "object_ownership" {
  type = string
}

variable "writer_account" {
  type = string
}

variable "partner_actions" {
  type = list(string)
}

# The ownership setting is unknown.
resource "aws_s3_bucket" "dropbox" {
  bucket = "example-dropbox"
}

resource "aws_s3_bucket_ownership_controls" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_policy" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PartnerUpload", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/uploader" }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.dropbox.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.dropbox.arn, "${aws_s3_bucket.dropbox.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# The writer's account is unknown, and another account's actions are unknown.
resource "aws_s3_bucket" "ingest" {
  bucket = "example-ingest"
}

resource "aws_s3_bucket_policy" "ingest" {
  bucket = aws_s3_bucket.ingest.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "UnknownWriter", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.writer_account}:role/uploader" }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.ingest.arn}/*" },
      { Sid = "UnknownActions", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/pipeline" }, Action = var.partner_actions, Resource = "${aws_s3_bucket.ingest.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.ingest.arn, "${aws_s3_bucket.ingest.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
