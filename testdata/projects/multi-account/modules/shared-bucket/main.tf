variable "bucket" {
  type = string
}

variable "reader_arns" {
  type = list(string)
}

variable "grant_readers" {
  type    = bool
  default = true
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "this" {
  description = "key for ${var.bucket}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid       = "Admin"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
      }], var.grant_readers ? [{
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = var.reader_arns }
      Action    = ["kms:Decrypt", "kms:DescribeKey"]
      Resource  = "*"
    }] : [])
  })
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = var.reader_arns }
      Action    = ["s3:GetObject"]
      Resource  = "${aws_s3_bucket.this.arn}/*"
    }]
  })
}
