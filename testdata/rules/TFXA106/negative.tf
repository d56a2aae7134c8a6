# TFXA106 must not fire: object ownership is enforced (BucketOwnerEnforced, or
# BucketOwnerPreferred with a bucket-owner-full-control ACL condition), or no other account
# writes objects. Every policy here carries the TLS deny TFXA107 asks for.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# BucketOwnerEnforced: the bucket owner owns every object, ACLs are disabled.
resource "aws_s3_bucket" "dropbox" {
  bucket = "example-dropbox"
}

resource "aws_s3_bucket_ownership_controls" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_policy" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PartnerUpload", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/uploader" }, Action = ["s3:PutObject", "s3:GetObject"], Resource = "${aws_s3_bucket.dropbox.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.dropbox.arn, "${aws_s3_bucket.dropbox.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# BucketOwnerPreferred, and uploads must grant the bucket owner full control.
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444444444444:role/log-shipper"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

# No ownership controls, but only the bucket's own account writes; another account only reads;
# another account is denied writes.
resource "aws_s3_bucket" "internal" {
  bucket = "example-internal"
}

resource "aws_s3_bucket_policy" "internal" {
  bucket = aws_s3_bucket.internal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "OwnWriter", Effect = "Allow", Principal = { AWS = ["arn:aws:iam::111111111111:role/etl", "111111111111"] }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.internal.arn}/*" },
      { Sid = "PartnerRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/reader" }, Action = ["s3:GetObject", "s3:ListBucket"], Resource = [aws_s3_bucket.internal.arn, "${aws_s3_bucket.internal.arn}/*"] },
      { Sid = "NoPartnerWrite", Effect = "Deny", Principal = { AWS = "arn:aws:iam::333333333333:root" }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.internal.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.internal.arn, "${aws_s3_bucket.internal.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
