# TFXA008 must not fire: NotPrincipal in a Deny statement (the documented use: deny everyone but
# the listed principals), and Allow statements that name their principals.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "vault" {
  bucket = "example-vault"
}

# Deny with NotPrincipal: only the listed role (and the account root) may touch the bucket.
resource "aws_s3_bucket_policy" "vault" {
  bucket = aws_s3_bucket.vault.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid          = "OnlyTheVaultRole"
        Effect       = "Deny"
        NotPrincipal = { AWS = ["arn:aws:iam::111111111111:role/vault", "arn:aws:iam::111111111111:root"] }
        Action       = "s3:*"
        Resource     = ["arn:aws:s3:::example-vault", "arn:aws:s3:::example-vault/*"]
      },
      {
        Sid       = "VaultRole"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:role/vault" }
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::example-vault/*"
      },
    ]
  })
}

# Deny with NotPrincipal in a trust policy (heredoc JSON).
resource "aws_iam_role" "deny_not_principal" {
  name               = "deny-not-principal"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::111111111111:role/ops" }
    },
    {
      "Effect": "Deny",
      "Action": "sts:AssumeRole",
      "NotPrincipal": { "AWS": "arn:aws:iam::111111111111:role/ops" }
    }
  ]
}
EOF
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# Deny with not_principals in an aws_iam_policy_document.
data "aws_iam_policy_document" "jobs" {
  statement {
    sid       = "OnlyWorker"
    effect    = "Deny"
    actions   = ["sqs:ReceiveMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/worker"]
    }
  }
  statement {
    sid       = "Worker"
    actions   = ["sqs:ReceiveMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/worker"]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy    = data.aws_iam_policy_document.jobs.json
}
