# TFXA107 must fire: a bucket shared with another account (or with anyone) whose policy has no
# Deny for requests without TLS (Bool aws:SecureTransport = "false").
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- a role of another account reads objects; nothing denies plain HTTP
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA107
      Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
    }]
  })
}

# --- a Deny exists, but on an old TLS version only: plain HTTP requests carry no s3:TlsVersion
# and pass; the other account's root is narrowed by an organization condition
resource "aws_s3_bucket" "exchange" {
  bucket = "example-exchange"
}

data "aws_iam_policy_document" "exchange" {
  statement {
    sid       = "PartnerRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exchange.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA107
      identifiers = ["arn:aws:iam::333333333333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
  statement {
    sid       = "ModernTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.exchange.arn, "${aws_s3_bucket.exchange.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = data.aws_iam_policy_document.exchange.json
}

# --- a Deny on aws:SecureTransport with the wrong value denies HTTPS, not HTTP (legacy inline
# policy of the bucket, heredoc JSON)
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
  # expect+9: TFXA107
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "BackupRead",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::444444444444:role/backup"
      },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-archive/*"
    },
    {
      "Sid": "NotTls",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::example-archive/*",
      "Condition": { "Bool": { "aws:SecureTransport": "true" } }
    }
  ]
}
POLICY
}

# --- a public bucket (TFXA102) is shared with every account
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102, TFXA107
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

# --- a module's "custom policy" left at its default of "": the provider skips that source
# document, so the policy is the statement below, fully known
variable "custom_bucket_policy" {
  type    = string
  default = ""
}

resource "aws_s3_bucket" "custom_policy_unset" {
  bucket = "example-custom-policy-unset"
}

data "aws_iam_policy_document" "custom_policy_unset" {
  source_policy_documents = [var.custom_bucket_policy]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.custom_policy_unset.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA107
      identifiers = ["arn:aws:iam::222222222222:role/reader"]
    }
  }
}

resource "aws_s3_bucket_policy" "custom_policy_unset" {
  bucket = aws_s3_bucket.custom_policy_unset.id
  policy = data.aws_iam_policy_document.custom_policy_unset.json
}
