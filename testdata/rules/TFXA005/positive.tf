# TFXA005 must fire: a resource policy, key policy or Lambda permission grants an AWS service
# without a binding aws:SourceAccount / aws:SourceArn / aws:SourceOrgID condition. No service is
# exempted.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

# CloudTrail writes for every AWS customer: any trail in any account can deliver here.
resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AclCheck"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
      },
      {
        Sid    = "Write"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/111111111111/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
    ]
  })
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# EventBridge may publish on behalf of any account's rules (heredoc JSON).
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  # expect+8: TFXA005
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Principal": { "Service": "events.amazonaws.com" },
      "Resource": "arn:aws:sns:eu-west-1:111111111111:alerts"
    }
  ]
}
EOF
}

# A key policy: CloudWatch Logs may use the key for any account's log groups.
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
      type = "Service"
      # expect: TFXA005
      identifiers = ["logs.eu-west-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description = "log group encryption"
  policy      = data.aws_iam_policy_document.logs_key.json
}

resource "aws_sqs_queue" "uploads" {
  name = "uploads"
}

# Guards that do not bind: IfExists, a negated operator, a value matching every account.
resource "aws_sqs_queue_policy" "uploads" {
  queue_url = aws_sqs_queue.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "IfExists"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:uploads"
        Condition = { ArnLikeIfExists = { "aws:SourceArn" = "arn:aws:s3:::example-uploads" } }
      },
      {
        Sid    = "Negated"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:uploads"
        Condition = { StringNotEquals = { "aws:SourceAccount" = "999999999999" } }
      },
      {
        Sid    = "AnyAccount"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:uploads"
        # expect: TFXA013
        Condition = { StringLike = { "aws:SourceAccount" = "*" } }
      },
      {
        Sid    = "AnySourceArn"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:uploads"
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:events:eu-west-1:*:rule/*" } }
      },
    ]
  })
}

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

# A Lambda permission with neither source_account nor source_arn: any bucket can invoke it.
resource "aws_lambda_permission" "from_s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnail.function_name
  # expect: TFXA005
  principal = "s3.amazonaws.com"
}

# principal_org_id narrows the caller's organization, not the account the service acts for.
resource "aws_lambda_permission" "from_sns_org" {
  statement_id     = "AllowSnsOrg"
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.thumbnail.function_name
  # expect: TFXA005
  principal        = "sns.amazonaws.com"
  principal_org_id = "o-abcdefghij"
}

# An S3 source ARN pattern that matches every bucket of every account is no guard.
resource "aws_sns_topic" "any_bucket" {
  name = "any-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA005
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = "*"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:s3:::*" } }
    }]
  })
}

resource "aws_lambda_permission" "any_bucket" {
  statement_id  = "AnyBucket"
  action        = "lambda:InvokeFunction"
  function_name = "handler"
  # expect: TFXA005
  principal  = "s3.amazonaws.com"
  source_arn = "arn:aws:s3:::*"
}

variable "region" {
  type = string
}

# A service principal whose region part is unknown is still the CloudWatch Logs service, shared
# by every AWS customer: with no source condition it is the same confused deputy.
resource "aws_kms_key" "logs_any_region" {
  description = "log groups"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA005
      Principal = { Service = "logs.${var.region}.amazonaws.com" }
      Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]
      Resource  = "*"
    }]
  })
}

# --- a source ARN without an account field whose name part is a pattern: Route 53 hosted zone ids
# are assigned by AWS and bucket names are first come, first served, so these match other
# customers' zones and buckets
resource "aws_kms_key" "dnssec" {
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
        Sid    = "Route53Dnssec"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "dnssec-route53.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
        Resource  = "*"
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:route53:::hostedzone/*" } }
      }
    ]
  })
}

resource "aws_sns_topic" "uploads" {
  name = "uploads"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA005
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:uploads"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:s3:::example-uploads-*" } }
    }]
  })
}
