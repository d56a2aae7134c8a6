# TFXA101 must not fire: the key grants the reader (key policy to the role or its account root,
# or an aws_kms_grant), the bucket uses SSE-S3 or an AWS managed key, or nothing reads objects.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kms_key" "granted_by_policy" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      # expect: TFXA103
      { Sid = "ReaderAccount", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = ["kms:Decrypt", "kms:DescribeKey"], Resource = "*" },
    ]
  })
}

resource "aws_s3_bucket" "granted_by_policy" {
  bucket = "example-granted-by-policy"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "granted_by_policy" {
  bucket = aws_s3_bucket.granted_by_policy.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.granted_by_policy.arn
    }
  }
}

resource "aws_s3_bucket_policy" "granted_by_policy" {
  bucket = aws_s3_bucket.granted_by_policy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA107
      Principal = { AWS = "arn:aws:iam::222222222222:role/analytics" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.granted_by_policy.arn}/*"
    }]
  })
}

resource "aws_kms_key" "granted_by_grant" {
  description = "writers get a grant"
}

resource "aws_kms_grant" "writer" {
  key_id            = aws_kms_key.granted_by_grant.key_id
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::333333333333:role/writer"
  operations        = ["GenerateDataKey", "Encrypt"]
}

resource "aws_s3_bucket" "granted_by_grant" {
  bucket = "example-granted-by-grant"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.granted_by_grant.arn
      }
    }
  }
}

resource "aws_s3_bucket_policy" "granted_by_grant" {
  bucket = aws_s3_bucket.granted_by_grant.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA106, TFXA107
      Principal = { AWS = "arn:aws:iam::333333333333:role/writer" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.granted_by_grant.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "sse_s3" {
  bucket = "example-sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse_s3" {
  bucket = aws_s3_bucket.sse_s3.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "sse_s3" {
  bucket = aws_s3_bucket.sse_s3.id
  policy = jsonencode({
    Version   = "2012-10-17"
    # expect: TFXA103, TFXA107
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.sse_s3.arn}/*" }]
  })
}

# Only listing the bucket: no object is read, no key is used.
resource "aws_kms_key" "list_only" {}

resource "aws_s3_bucket" "list_only" {
  bucket = "example-list-only"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "list_only" {
  bucket = aws_s3_bucket.list_only.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.list_only.arn
    }
  }
}

resource "aws_s3_bucket_policy" "list_only" {
  bucket = aws_s3_bucket.list_only.id
  policy = jsonencode({
    Version   = "2012-10-17"
    # expect: TFXA103, TFXA107
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "s3:ListBucket", Resource = aws_s3_bucket.list_only.arn }]
  })
}

# A reader in the bucket's own account is served by the default key policy.
resource "aws_s3_bucket_policy" "same_account" {
  bucket = aws_s3_bucket.list_only.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/etl" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.list_only.arn}/*" }]
  })
}
