# TFXA107 must not fire: the bucket policy denies requests without TLS, or the bucket is not
# shared with another account.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Shared with another account, with the TLS deny (jsonencode).
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnalystsRead"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# Shared with another account, with the TLS deny written in aws_iam_policy_document.
resource "aws_s3_bucket" "exchange" {
  bucket = "example-exchange"
}

data "aws_iam_policy_document" "exchange" {
  statement {
    sid       = "PartnerRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exchange.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:role/partner"]
    }
  }
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.exchange.arn, "${aws_s3_bucket.exchange.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = data.aws_iam_policy_document.exchange.json
}

# Shared with another account, TLS deny in the legacy inline policy (heredoc JSON).
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444444444444:role/backup" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-archive/*"
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-archive", "arn:aws:s3:::example-archive/*"],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}
POLICY
}

# Shared only inside the bucket's own account: not this rule's concern.
resource "aws_s3_bucket" "internal" {
  bucket = "example-internal"
}

resource "aws_s3_bucket_policy" "internal" {
  bucket = aws_s3_bucket.internal.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/etl" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.internal.arn}/*" }]
  })
}

# Shared only with a service, for this account's own resources.
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.logs.arn}/*"
      Condition = { StringEquals = { "aws:SourceAccount" = "111111111111" } }
    }]
  })
}

# A Deny naming another account is not a share.
resource "aws_s3_bucket" "locked" {
  bucket = "example-locked"
}

resource "aws_s3_bucket_policy" "locked" {
  bucket = aws_s3_bucket.locked.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "s3:*", Resource = "${aws_s3_bucket.locked.arn}/*" }]
  })
}
