# TFXA106 must fire: a bucket policy lets another account write objects and object ownership is
# not enforced (no aws_s3_bucket_ownership_controls with BucketOwnerEnforced, nor
# BucketOwnerPreferred with a bucket-owner-full-control ACL condition). Every policy here carries
# the TLS deny TFXA107 asks for.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "prod"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}

# --- no ownership controls at all, jsonencode
resource "aws_s3_bucket" "dropbox" {
  bucket = "example-dropbox"
}

resource "aws_s3_bucket_policy" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "PartnerUpload"
        Effect = "Allow"
        # expect: TFXA106
        Principal = { AWS = "arn:aws:iam::222222222222:role/uploader" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.dropbox.arn}/*"
      },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.dropbox.arn, "${aws_s3_bucket.dropbox.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# --- ObjectWriter, s3:* in heredoc JSON
resource "aws_s3_bucket" "ingest" {
  bucket = "example-ingest"
}

resource "aws_s3_bucket_ownership_controls" "ingest" {
  bucket = aws_s3_bucket.ingest.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_policy" "ingest" {
  bucket = aws_s3_bucket.ingest.id
  # expect+7: TFXA106
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::333333333333:role/pipeline" },
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-ingest", "arn:aws:s3:::example-ingest/*"]
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-ingest", "arn:aws:s3:::example-ingest/*"],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}
EOF
}

# --- BucketOwnerPreferred without an ACL condition, aws_iam_policy_document
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
    actions   = ["s3:PutObject", "s3:PutObjectAcl"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA106
      identifiers = ["arn:aws:iam::444444444444:role/log-shipper"]
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

# --- BucketOwnerPreferred, but the ACL condition is IfExists (uploads without an ACL pass), on a
#     bucket policy attached by bucket name; an account root narrowed to its roles
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_ownership_controls" "reports" {
  bucket = "example-reports"
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = "example-reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Upload"
        Effect = "Allow"
        # expect: TFXA106
        Principal = { AWS = "555555555555" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-reports/*"
        Condition = {
          StringEqualsIfExists = { "s3:x-amz-acl" = "bucket-owner-full-control" }
          ArnLike              = { "aws:PrincipalArn" = "arn:aws:iam::555555555555:role/reporter-*" }
        }
      },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::example-reports", "arn:aws:s3:::example-reports/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# --- inline bucket policy; the bucket's account comes from the provider's assume_role, so
#     111111111111 writes from another account
resource "aws_s3_bucket" "prod_drop" {
  provider = aws.prod
  bucket   = "example-prod-drop"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ToolingUpload"
        Effect = "Allow"
        # expect: TFXA106
        Principal = { AWS = "arn:aws:iam::111111111111:role/ci" }
        Action    = ["s3:PutObject", "s3:GetObject"]
        Resource  = "arn:aws:s3:::example-prod-drop/*"
      },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::example-prod-drop", "arn:aws:s3:::example-prod-drop/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# An organization-wide log bucket: every account of the organization writes, ownership not enforced.
resource "aws_s3_bucket" "org_logs" {
  bucket = "example-org-logs"
}

resource "aws_s3_bucket_policy" "org_logs" {
  bucket = aws_s3_bucket.org_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        # expect: TFXA106
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-org-logs/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
      },
      { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::example-org-logs/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}
