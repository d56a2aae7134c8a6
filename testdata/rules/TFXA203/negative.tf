# TFXA203 must not fire: the deny's conditions exclude the grant, the guardrail is attached to
# no account involved (an SCP on the resource's account, an RCP on the caller's account, another
# account, nothing), the deny covers other actions, or the grant is not cross-account.
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

# The perimeter SCP on the caller's account exempts the workloads account: the grant is excluded.
resource "aws_organizations_policy" "analytics_perimeter" {
  provider = aws.org
  name     = "analytics-perimeter"
  type     = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = ["s3:GetObject", "s3:DeleteObject"]
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:ResourceAccount" = ["222222222222", "111111111111"] } }
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
      { Sid = "AnalystsRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.reports.arn}/*" },
      { Sid = "OwnRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/etl" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.reports.arn}/*" },
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

# An SCP attached to an account that takes no part in the grant.
resource "aws_organizations_policy" "sandbox" {
  provider = aws.org
  name     = "sandbox"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "sts:AssumeRole", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "sandbox" {
  provider  = aws.org
  policy_id = aws_organizations_policy.sandbox.id
  target_id = "333333333333"
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/pipeline" } }]
  })
}

# An SCP on the resource's account limits that account's own principals, not callers from
# 222222222222; the grant to them is not blocked. It blocks the same-account grant of the bucket
# above, which is not a cross-account grant.
resource "aws_organizations_policy" "workloads_no_decrypt" {
  provider = aws.org
  name     = "workloads-no-decrypt"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = ["kms:Decrypt", "s3:GetObject"], Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "workloads_no_decrypt" {
  provider  = aws.org
  policy_id = aws_organizations_policy.workloads_no_decrypt.id
  target_id = "111111111111"
}

resource "aws_kms_key" "reports" {
  description = "reports key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "AnalystsDecrypt", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

# An RCP on the caller's account protects that account's resources, not the bucket of 111111111111.
resource "aws_organizations_policy" "analytics_resources" {
  provider = aws.org
  name     = "analytics-resources"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = ["222222222222"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "analytics_resources" {
  provider  = aws.org
  policy_id = aws_organizations_policy.analytics_resources.id
  target_id = "222222222222"
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

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "IngestWrites", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/ingest" }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.uploads.arn}/*" },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# An RCP on the resource's account whose condition exempts the producer role.
resource "aws_organizations_policy" "queue_perimeter" {
  provider = aws.org
  name     = "queue-perimeter"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { ArnNotLike = { "aws:PrincipalArn" = ["arn:aws:iam::111111111111:*", "arn:aws:iam::222222222222:role/producer"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "queue_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.queue_perimeter.id
  target_id = "111111111111"
}

resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events.arn
    }]
  })
}

# A guardrail that is attached to nothing (TFXA204 says so; it blocks no grant).
# expect: TFXA204
resource "aws_organizations_policy" "draft" {
  provider = aws.org
  name     = "draft"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }]
  })
}

# The 2025 SCP language where it lets the grant through: a NotResource Deny that exempts the
# shared bucket, and an allow list (NotAction in an Allow, a Resource, a Condition) that includes
# the shared bucket and the trusting role.
resource "aws_organizations_policy" "analytics_buckets_only" {
  provider = aws.org
  name     = "analytics-buckets-only"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid         = "AnalyticsBucketsOnly"
      Effect      = "Deny"
      Action      = "s3:GetObject"
      NotResource = ["arn:aws:s3:::analytics-*/*", "arn:aws:s3:::example-samples/*"]
    }]
  })
}

resource "aws_organizations_policy_attachment" "analytics_buckets_only" {
  provider  = aws.org
  policy_id = aws_organizations_policy.analytics_buckets_only.id
  target_id = "555555555555"
}

resource "aws_organizations_policy" "sandbox_allow_list" {
  provider = aws.org
  name     = "sandbox-allow-list"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AllButDataAndRoles", Effect = "Allow", NotAction = ["s3:*", "kms:*", "sts:AssumeRole"], Resource = "*" },
      { Sid = "SharedSamples", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-samples/*" },
      {
        Sid       = "LoaderRoles"
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Resource  = "arn:aws:iam::222222222222:role/sample-*"
        Condition = { StringEquals = { "aws:ResourceAccount" = "222222222222" } }
      },
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
      { Sid = "SandboxRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444444444444:role/experiments" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.samples.arn}/*" },
      { Sid = "AuditRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::555555555555:role/auditor" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.samples.arn}/*" },
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
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444444444444:role/experiments" }
      Condition = { StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::444444444444:role/experiments" } }
    }]
  })
}
