# TFXA203 must fire: a service control policy on the caller's account, or a resource control
# policy on the resource's account, explicitly denies what a cross-account grant exists to allow.
# 111111111111 (default provider) holds the resources, 222222222222 the callers, and the
# management account 123456789012 (aws.org) the guardrails.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

provider "aws" {
  alias               = "org"
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

# --- SCP on the caller's account: no reads of buckets outside the account (a data perimeter);
# the bucket of account 111111111111 shares objects with a role of 222222222222
resource "aws_organizations_policy" "analytics_perimeter" {
  provider = aws.org
  name     = "analytics-perimeter"
  type     = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "s3:GetObject"
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:ResourceAccount" = ["222222222222"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "analytics_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.analytics_perimeter.id
  target_id = "222222222222"
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AnalystsRead"
        Effect = "Allow"
        # expect: TFXA203
        Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.reports.arn}/*"
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

# --- SCP on the organization root: nobody assumes roles of the workloads account; a role there
# trusts a role of 222222222222
resource "aws_organizations_policy" "no_workload_roles" {
  provider = aws.org
  name     = "no-workload-roles"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/*" }]
  })
}

resource "aws_organizations_policy_attachment" "no_workload_roles" {
  provider  = aws.org
  policy_id = aws_organizations_policy.no_workload_roles.id
  target_id = "r-ab12"
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA203
      Principal = { AWS = "arn:aws:iam::222222222222:role/pipeline" }
    }]
  })
}

# --- RCP on the resource's account: keys there refuse callers of other accounts; a key policy
# lets a role of 222222222222 decrypt
resource "aws_organizations_policy" "key_perimeter" {
  provider = aws.org
  name     = "key-perimeter"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = ["111111111111"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "key_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.key_perimeter.id
  target_id = "111111111111"
}

resource "aws_kms_key" "reports" {
  description = "reports key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "AnalystsDecrypt"
        Effect = "Allow"
        # expect: TFXA203
        Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

# --- RCP on the organization root, a wildcard grant: s3:Put* includes the denied s3:PutObject
resource "aws_organizations_policy" "no_foreign_writes" {
  provider = aws.org
  name     = "no-foreign-writes"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:PutObject", "s3:PutObjectAcl"]
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = ["111111111111"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "no_foreign_writes" {
  provider  = aws.org
  policy_id = aws_organizations_policy.no_foreign_writes.id
  target_id = "r-ab12"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

data "aws_iam_policy_document" "uploads" {
  statement {
    sid       = "IngestWrites"
    actions   = ["s3:Put*"]
    resources = ["${aws_s3_bucket.uploads.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA203
      identifiers = ["arn:aws:iam::222222222222:role/ingest"]
    }
  }
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
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

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = data.aws_iam_policy_document.uploads.json
}

# --- the 2025 SCP language: a Deny with NotResource. Principals of the audit account
# (555555555555) may read only the analytics buckets; the archive bucket of 111111111111 shares
# objects with one of them.
resource "aws_organizations_policy" "analytics_buckets_only" {
  provider = aws.org
  name     = "analytics-buckets-only"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid         = "AnalyticsBucketsOnly"
      Effect      = "Deny"
      Action      = "s3:GetObject"
      NotResource = ["arn:aws:s3:::analytics-*/*"]
    }]
  })
}

resource "aws_organizations_policy_attachment" "analytics_buckets_only" {
  provider  = aws.org
  policy_id = aws_organizations_policy.analytics_buckets_only.id
  target_id = "555555555555"
}

resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ArchiveRead"
        Effect = "Allow"
        # expect: TFXA203
        Principal = { AWS = "arn:aws:iam::555555555555:role/auditor" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.archive.arn}/*"
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# --- the 2025 SCP language: an allow list on the sandbox account (444444444444), with NotAction
# in an Allow, a Condition and a Resource. It leaves out reads of other accounts' buckets and
# assuming roles of other accounts, so the grants below to a sandbox role are never usable.
resource "aws_organizations_policy" "sandbox_allow_list" {
  provider = aws.org
  name     = "sandbox-allow-list"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AllButDataAndRoles", Effect = "Allow", NotAction = ["s3:*", "kms:*", "sts:AssumeRole"], Resource = "*" },
      { Sid = "OwnBuckets", Effect = "Allow", Action = "s3:*", Resource = "*", Condition = { StringEquals = { "aws:ResourceAccount" = "444444444444" } } },
      { Sid = "OwnRoles", Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::444444444444:role/*" },
    ]
  })
}

resource "aws_organizations_policy_attachment" "sandbox_allow_list" {
  provider  = aws.org
  policy_id = aws_organizations_policy.sandbox_allow_list.id
  target_id = "444444444444"
}

resource "aws_s3_bucket" "samples" {
  bucket = "example-samples"
}

resource "aws_s3_bucket_policy" "samples" {
  bucket = aws_s3_bucket.samples.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SandboxRead"
        Effect = "Allow"
        # expect: TFXA203
        Principal = { AWS = "arn:aws:iam::444444444444:role/experiments" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.samples.arn}/*"
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.samples.arn, "${aws_s3_bucket.samples.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_iam_role" "sample_loader" {
  provider = aws.b
  name     = "sample-loader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA203
      Principal = { AWS = "arn:aws:iam::444444444444:role/experiments" }
      Condition = { StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::444444444444:role/experiments" } }
    }]
  })
}
