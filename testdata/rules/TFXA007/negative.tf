# TFXA007 must not fire: the grant to organization accounts is backed by a binding
# aws:PrincipalOrgID / aws:PrincipalOrgPaths condition, or the grantee is not another account of
# the organization (third party, unlisted account, own account, service), or it is a Deny.
# The ".tfxacct.yml" beside this file configures the organization; the "no organization
# configured" case cannot share this folder (every fixture folder without an organization id,
# e.g. TFXA001's, exercises it).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A binding aws:PrincipalOrgID condition.
resource "aws_iam_role" "deploy_from_prod" {
  name = "deploy-from-prod"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::555555555555:role/deployer" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A binding aws:PrincipalOrgPaths condition (heredoc JSON).
resource "aws_iam_role" "audit_from_staging" {
  name               = "audit-from-staging"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::666666666666:role/auditor" },
      "Condition": {
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abcdefghij/r-ab12/ou-ab12-11111111/*" }
      }
    }
  ]
}
EOF
}

# A third party (listed under third_parties) with an external id: not an organization account.
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

# The role's own account.
resource "aws_iam_role" "own_account" {
  name = "own-account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:role/ops" } }]
  })
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# An account the inventory does not list is not known to be in the organization;
# a service principal is not an account; a Deny grants nothing.
data "aws_iam_policy_document" "jobs" {
  statement {
    sid       = "Unlisted"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:role/producer"]
    }
  }
  statement {
    sid       = "Service"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:sns:eu-west-1:111111111111:events"]
    }
  }
  statement {
    sid       = "DenyPurge"
    effect    = "Deny"
    actions   = ["sqs:PurgeQueue"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::555555555555:role/producer"]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy    = data.aws_iam_policy_document.jobs.json
}

# A key policy grant to an organization account, backed by the organization condition.
resource "aws_kms_key" "shared" {
  description = "shared with prod"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "UseFromProd"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::555555555555:role/app" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
      },
    ]
  })
}
