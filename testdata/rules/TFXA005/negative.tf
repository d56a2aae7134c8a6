# TFXA005 must not fire: the service grant is tied to a source account, resource or organization
# by a binding condition (or the permission's source_account / source_arn); role trust policies
# are not covered; Deny statements and grants to AWS principals are not service grants.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # aws:SourceArn names our own trail.
      {
        Sid       = "AclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main" } }
      },
      # aws:SourceAccount names our own account.
      {
        Sid       = "Write"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/111111111111/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"      = "bucket-owner-full-control"
            "aws:SourceAccount" = "111111111111"
          }
        }
      },
      # A Deny statement naming a service is not a grant.
      {
        Sid       = "DenyDelete"
        Effect    = "Deny"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:DeleteObject"
        Resource  = "${aws_s3_bucket.trail.arn}/*"
      },
    ]
  })
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# aws:SourceOrgID ties the service to accounts of our organization (heredoc JSON).
resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Principal": { "Service": "events.amazonaws.com" },
      "Resource": "arn:aws:sns:eu-west-1:111111111111:alerts",
      "Condition": { "StringEquals": { "aws:SourceOrgID": "o-abcdefghij" } }
    }
  ]
}
EOF
}

# aws:SourceArn with a pattern inside our own account (aws_iam_policy_document).
data "aws_iam_policy_document" "logs_key" {
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:root"]
    }
  }
  statement {
    sid       = "Logs"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.eu-west-1.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:eu-west-1:111111111111:log-group:*"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:logs:eu-west-1:111111111111:log-group:*"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description = "log group encryption"
  policy      = data.aws_iam_policy_document.logs_key.json
}

# Grants to AWS principals are not service grants (this one is our own account's role).
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:role/worker" }
      Action    = "sqs:ReceiveMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:jobs"
    }]
  })
}

# Role trust policies are not covered: a role trusted by a service is not a resource grant.
resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  role          = aws_iam_role.fn.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "thumbnail.zip"
}

# A Lambda permission with source_account.
resource "aws_lambda_permission" "from_s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnail.function_name
  principal      = "s3.amazonaws.com"
  source_account = "111111111111"
}

# A Lambda permission with source_arn.
resource "aws_lambda_permission" "from_events" {
  statement_id  = "AllowEvents"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnail.function_name
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:eu-west-1:111111111111:rule/nightly"
}

# An ARN pattern whose account field is literal binds the account, whatever the region or
# resource wildcards: arn:aws:sns:*:111111111111:* names only this account's topics.
resource "aws_sqs_queue_policy" "from_own_topics" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/from-topics"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:from-topics"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:sns:*:111111111111:*" } }
    }]
  })
}

# CloudTrail's documented key policy guard: the encryption context names this account's trails.
resource "aws_kms_key" "cloudtrail" {
  description = "trail logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "kms:GenerateDataKey*"
      Resource  = "*"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111111111111:trail/*" } }
    }]
  })
}

variable "region" {
  type = string
}

# The same unknown-region Logs principal with the documented encryption-context guard.
resource "aws_kms_key" "logs_any_region" {
  description = "log groups"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "logs.${var.region}.amazonaws.com" }
      Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]
      Resource  = "*"
      Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${var.region}:111111111111:log-group:*" } }
    }]
  })
}

# Role trusts of compute services are not confused-deputy findings (iam:PassRole does not cross
# accounts): EC2, ECS tasks, EKS, Step Functions, CodeBuild.
resource "aws_iam_role" "compute" {
  name = "compute"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "states.amazonaws.com", "codebuild.amazonaws.com"] }
    }]
  })
}

# A source ARN without an account field that names one resource binds it: one hosted zone, or one
# bucket (a wildcard in the object key after the bucket name leaves the bucket pinned)
resource "aws_kms_key" "dnssec_one_zone" {
  description              = "dnssec signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Owner"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Route53Dnssec"
        Effect    = "Allow"
        Principal = { Service = "dnssec-route53.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
        Resource  = "*"
        Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ" } }
      }
    ]
  })
}

resource "aws_sns_topic" "one_bucket" {
  name = "one-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:one-bucket"
      Condition = { ArnLike = { "aws:SourceArn" = ["arn:aws:s3:::example-uploads", "arn:aws:s3:::example-uploads/*"] } }
    }]
  })
}
