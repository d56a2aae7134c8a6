# TFXA101 with values that cannot be known statically: nothing is reported, --report-unknown
# lists what could not be checked.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "key_arn" {
  type = string
}

variable "reader_account" {
  type = string
}

variable "key_readers" {
  type = list(string)
}

# The key is given from outside the configuration.
resource "aws_s3_bucket" "external_key" {
  bucket = "example-external-key"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "external_key" {
  bucket = aws_s3_bucket.external_key.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key_arn
    }
  }
}

resource "aws_s3_bucket_policy" "external_key" {
  bucket = aws_s3_bucket.external_key.id
  policy = jsonencode({
    Version   = "2012-10-17"
    # expect: TFXA103, TFXA107
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.external_key.arn}/*" }]
  })
}

# The key policy's principals are unknown: they may include the reader.
resource "aws_kms_key" "unknown_readers" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = var.key_readers }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

resource "aws_s3_bucket" "unknown_readers" {
  bucket = "example-unknown-readers"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "unknown_readers" {
  bucket = aws_s3_bucket.unknown_readers.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.unknown_readers.arn
    }
  }
}

resource "aws_s3_bucket_policy" "unknown_readers" {
  bucket = aws_s3_bucket.unknown_readers.id
  policy = jsonencode({
    Version   = "2012-10-17"
    # expect: TFXA107
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analytics" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.unknown_readers.arn}/*" }]
  })
}

# The reader's account is unknown: it may be the bucket's own.
resource "aws_kms_key" "unknown_reader_account" {}

resource "aws_s3_bucket" "unknown_reader_account" {
  bucket = "example-unknown-reader-account"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "unknown_reader_account" {
  bucket = aws_s3_bucket.unknown_reader_account.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.unknown_reader_account.arn
    }
  }
}

resource "aws_s3_bucket_policy" "unknown_reader_account" {
  bucket = aws_s3_bucket.unknown_reader_account.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.reader_account}:role/analytics" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.unknown_reader_account.arn}/*" }]
  })
}
