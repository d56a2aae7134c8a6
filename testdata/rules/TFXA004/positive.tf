# TFXA004 must fire: the sts:ExternalId condition does not pin one value, or one value is shared
# by roles trusting different third-party accounts. The trusted principals are vendor roles (not
# account roots), so TFXA001 does not fire; an external id condition exists, so TFXA002 does not.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# StringLike with "*" accepts any external id.
resource "aws_iam_role" "like_star" {
  name = "like-star"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = {
        StringLike = {
          # expect: TFXA004
          "sts:ExternalId" = "*"
        }
      }
    }]
  })
}

# A pattern with a wildcard accepts many external ids (other tenants of the same vendor).
resource "aws_iam_role" "like_prefix" {
  name = "like-prefix"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      # expect: TFXA004
      Condition = { StringLike = { "sts:ExternalId" = "tenant-?*" } }
    }]
  })
}

# IfExists: a caller that sends no external id at all passes.
resource "aws_iam_role" "if_exists" {
  name = "if-exists"
  # expect+11: TFXA004
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::888888888888:role/monitoring" },
      "Condition": {
        "StringEqualsIfExists": {
          "sts:ExternalId": "f00d-4711"
        }
      }
    }
  ]
}
EOF
}

# An empty external id pins nothing.
data "aws_iam_policy_document" "empty_value" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777777777777:role/scanner"]
    }
    # expect: TFXA004
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [""]
    }
  }
}

resource "aws_iam_role" "empty_value" {
  name               = "empty-value"
  assume_role_policy = data.aws_iam_policy_document.empty_value.json
}

# A negated operator accepts every other external id.
resource "aws_iam_role" "negated" {
  name = "negated"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      # expect: TFXA004
      Condition = { StringNotEquals = { "sts:ExternalId" = "revoked-tenant" } }
    }]
  })
}

# ForAllValues is true when no external id is sent (TFXA009 flags the same vacuous condition).
resource "aws_iam_role" "for_all_values" {
  name = "for-all-values"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      # expect: TFXA004, TFXA009
      Condition = { "ForAllValues:StringEquals" = { "sts:ExternalId" = ["a1b2c3"] } }
    }]
  })
}

# The same exact external id for two different vendors: both roles are reported.
resource "aws_iam_role" "shared_vendor_a" {
  name = "shared-vendor-a"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      # expect: TFXA004
      Condition = { StringEquals = { "sts:ExternalId" = "acme-prod-2024" } }
    }]
  })
}

# The vendor's whole account, pinned by the (shared) external id: still a reuse across vendors.
data "aws_iam_policy_document" "shared_vendor_b" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["888888888888"]
    }
    # expect: TFXA004
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["acme-prod-2024"]
    }
  }
}

resource "aws_iam_role" "shared_vendor_b" {
  name               = "shared-vendor-b"
  assume_role_policy = data.aws_iam_policy_document.shared_vendor_b.json
}

# A weak external id on a whole account: TFXA001 fires on the principal (the condition does not
# narrow anything), TFXA004 on the condition.
resource "aws_iam_role" "root_with_weak_external_id" {
  name = "root-with-weak-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001
      Principal = { AWS = "arn:aws:iam::333333333333:root" }
      # expect: TFXA004
      Condition = { StringLike = { "sts:ExternalId" = "*" } }
    }]
  })
}

# A Null check only requires that some external id is sent, whatever it is.
resource "aws_iam_role" "null_only" {
  name = "null-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/x" }
      # expect: TFXA004
      Condition = { Null = { "sts:ExternalId" = "false" } }
    }]
  })
}

# "*" compared exactly is no secret either.
resource "aws_iam_role" "literal_star" {
  name = "literal-star"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/y" }
      # expect: TFXA004
      Condition = { StringEquals = { "sts:ExternalId" = "*" } }
    }]
  })
}

# One value reused for two vendors, written with other exact operators.
resource "aws_iam_role" "reuse_like_exact" {
  name = "reuse-like-exact"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::777777777777:role/vendor" }
      # expect: TFXA004
      Condition = { StringLike = { "sts:ExternalId" = "shared-by-two" } }
    }]
  })
}

resource "aws_iam_role" "reuse_ignore_case" {
  name = "reuse-ignore-case"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::666666666666:role/vendor" }
      # expect: TFXA004
      Condition = { StringEqualsIgnoreCase = { "sts:ExternalId" = "shared-by-two" } }
    }]
  })
}
