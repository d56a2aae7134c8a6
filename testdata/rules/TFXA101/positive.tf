# TFXA101 must fire: a bucket shares objects with another account, its default encryption uses a
# customer managed key defined here, and that key does not let the other account use it.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

# --- separate encryption resource, key policy only for the owning account, reader role elsewhere
resource "aws_kms_key" "data" {
  description = "data bucket key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Admin"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data-bucket"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

data "aws_iam_policy_document" "data" {
  statement {
    sid       = "AnalyticsRead"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA101, TFXA107
      identifiers = ["arn:aws:iam::222222222222:role/analytics"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}

# --- legacy inline encryption block, a key without a policy (the default key policy), writers elsewhere
resource "aws_kms_key" "drop" {
  description = "drop bucket key"
}

resource "aws_s3_bucket" "drop" {
  bucket = "example-drop-bucket"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.drop.key_id
      }
    }
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA101, TFXA103, TFXA106, TFXA107
      Principal = { AWS = "arn:aws:iam::333333333333:root" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::example-drop-bucket/*"
    }]
  })
}

# --- the key is named through an alias, and its policy grants Decrypt to someone else
resource "aws_kms_key" "reports" {
  description = "reports key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      # expect: TFXA103
      { Sid = "Other", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444444444444:root" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

resource "aws_kms_alias" "reports" {
  name          = "alias/reports"
  target_key_id = aws_kms_key.reports.key_id
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports-bucket"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_alias.reports.arn
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  # expect+10: TFXA101, TFXA107
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PartnerRead",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObjectVersion"],
      "Resource": "arn:aws:s3:::example-reports-bucket/*",
      "Principal": { "AWS": "arn:aws:iam::555555555555:role/partner" }
    }
  ]
}
POLICY
}
