# TFXA004 must not fire: each vendor relationship has its own exact external id.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

# Each vendor gets its own exact value.
resource "aws_iam_role" "backup_vendor" {
  name = "backup-vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

resource "aws_iam_role" "monitoring_vendor" {
  name = "monitoring-vendor"
  # A different exact value for a different vendor (heredoc JSON).
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::888888888888:role/monitoring" },
      "Condition": { "StringEquals": { "sts:ExternalId": "d00d-tenant-7" } }
    }
  ]
}
EOF
}

# StringLike without a wildcard is an exact match.
data "aws_iam_policy_document" "scanner_vendor" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777777777777:role/scanner"]
    }
    condition {
      test     = "StringLike"
      variable = "sts:ExternalId"
      values   = ["beef-tenant-9"]
    }
  }
}

resource "aws_iam_role" "scanner_vendor" {
  name               = "scanner-vendor"
  assume_role_policy = data.aws_iam_policy_document.scanner_vendor.json
}

# The same value on two roles trusted by the same vendor account is one vendor relationship.
resource "aws_iam_role" "backup_vendor_restore" {
  name = "backup-vendor-restore"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/restore-service" }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

# The same value on a role trusted only by the role's own account: not a third party.
resource "aws_iam_role" "own_account_same_value" {
  name = "own-account-same-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ops" }
      Condition = { StringEquals = { "sts:ExternalId" = "d00d-tenant-7" } }
    }]
  })
}

# A weak condition next to an exact one: the exact one still binds (conditions are ANDed).
resource "aws_iam_role" "exact_and_if_exists" {
  name = "exact-and-if-exists"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::666666666666:role/reporting" }
      Condition = {
        StringEquals         = { "sts:ExternalId" = "feed-tenant-3" }
        StringLikeIfExists   = { "sts:ExternalId" = "*" }
      }
    }]
  })
}

# A Deny statement with a weak external id is not a trust.
resource "aws_iam_role" "deny_weak" {
  name = "deny-weak"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::555555555555:role/audit" }
        Condition = { StringEquals = { "sts:ExternalId" = "face-tenant-5" } }
      },
      {
        Effect    = "Deny"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::555555555555:role/audit" }
        Condition = { StringLike = { "sts:ExternalId" = "legacy-*" } }
      },
    ]
  })
}
