# TFXA107 with values that cannot be known statically: nothing is reported, --report-unknown
# lists what could not be checked.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "bucket_policy" {
  type = string
}

variable "reader_account" {
  type = string
}

variable "readers" {
  type = list(string)
}

variable "extra_statements" {
  type = list(any)
}

# The bucket is shared in its inline policy, and a second policy comes from a variable: the TLS
# deny may be there.
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::example-reports/*" }]
  })
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = var.bucket_policy
}

# The reader's account is unknown: it may be the bucket's own.
resource "aws_s3_bucket" "exchange" {
  bucket = "example-exchange"
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.reader_account}:role/reader" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.exchange.arn}/*" }]
  })
}

# The readers are unknown.
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.readers }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.archive.arn}/*" }]
  })
}

# The statement list is built from an unknown list: the whole document is unknown.
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.site.arn}/*" }],
      var.extra_statements,
    )
  })
}

variable "deny_http" {
  type = string
}

variable "maybe_deny" {
  type = string
}

# The TLS deny's value is unknown: it may well deny plain HTTP.
resource "aws_s3_bucket" "deny_value_unknown" {
  bucket = "example-deny-value-unknown"
}

resource "aws_s3_bucket_policy" "deny_value_unknown" {
  bucket = aws_s3_bucket.deny_value_unknown.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::example-deny-value-unknown/*" },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::example-deny-value-unknown/*", Condition = { Bool = { "aws:SecureTransport" = var.deny_http } } },
    ]
  })
}

# A statement whose effect is unknown may be the TLS deny.
resource "aws_s3_bucket" "effect_unknown" {
  bucket = "example-effect-unknown"
}

resource "aws_s3_bucket_policy" "effect_unknown" {
  bucket = aws_s3_bucket.effect_unknown.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::example-effect-unknown/*" },
      { Effect = var.maybe_deny, Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::example-effect-unknown/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
