# TFXA102 must not fire: the "*" grant carries a binding condition on aws:PrincipalOrgID,
# aws:SourceAccount, aws:SourceArn, aws:SourceVpce, aws:PrincipalAccount or aws:PrincipalArn;
# or the statement is a Deny; or the principals are named.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Organization boundary on a bucket (with the TLS deny TFXA107 asks for).
resource "aws_s3_bucket" "shared" {
  bucket = "example-org-shared"
}

data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.shared.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.shared.arn, "${aws_s3_bucket.shared.arn}/*"]
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

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = data.aws_iam_policy_document.shared.json
}

# aws:SourceAccount and aws:SourceArn name the account and resource acting.
resource "aws_sqs_queue" "events" {
  name = "events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:events"
        Condition = { StringEquals = { "aws:SourceAccount" = "111111111111" } }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:events"
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:111111111111:alerts" } }
      },
    ]
  })
}

# aws:SourceVpce: only requests through one VPC endpoint.
resource "aws_ecr_repository" "images" {
  name = "images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullThroughEndpoint"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
    }]
  })
}

# aws:PrincipalAccount and aws:PrincipalArn name who may call.
resource "aws_sns_topic" "alerts" {
  name = "alerts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        # not public, but account 222222222222 as a whole (TFXA103)
        # expect: TFXA103
        Principal = { AWS = "*" }
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
        Condition = { StringEquals = { "aws:PrincipalAccount" = ["111111111111", "222222222222"] } }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sns:Subscribe"
        Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
        Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/subscriber-*" } }
      },
    ]
  })
}

# ForAnyValue with a positive operator is binding.
resource "aws_cloudwatch_event_bus" "events" {
  name = "events"
}

resource "aws_cloudwatch_event_bus_policy" "events" {
  event_bus_name = aws_cloudwatch_event_bus.events.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "events:PutEvents"
      Resource  = aws_cloudwatch_event_bus.events.arn
      Condition = { "ForAnyValue:StringEquals" = { "aws:PrincipalOrgID" = ["o-abcdefghij"] } }
    }]
  })
}

# Lambda permissions for "*" narrowed by source_account, source_arn or principal_org_id.
resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111111111111:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

resource "aws_lambda_permission" "source_account" {
  statement_id   = "source-account"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.hook.function_name
  principal      = "*"
  source_account = "111111111111"
}

resource "aws_lambda_permission" "source_arn" {
  statement_id  = "source-arn"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  principal     = "*"
  source_arn    = "arn:aws:execute-api:eu-west-1:111111111111:abcdef1234/*"
}

resource "aws_lambda_permission" "org" {
  statement_id     = "org"
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.hook.function_name
  principal        = "*"
  principal_org_id = "o-abcdefghij"
}

# A Deny for "*" is not a grant; named principals are not "*".
resource "aws_backup_vault" "copies" {
  name = "copies"
}

resource "aws_backup_vault_policy" "copies" {
  backup_vault_name = aws_backup_vault.copies.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Principal = "*", Action = "backup:DeleteRecoveryPoint", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/backup-copier" }, Action = "backup:CopyIntoBackupVault", Resource = "*" },
    ]
  })
}

# The key policy statement AWS writes for services: callers of this account only, through one service.
resource "aws_kms_key" "via_service" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "ViaS3"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:CallerAccount" = "111111111111", "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
      },
    ]
  })
}

# The SNS default topic policy: any principal, but only for the topic owner's own account
# (the legacy aws:SourceOwner key, compared case-insensitively).
resource "aws_sns_topic_policy" "default_policy" {
  arn = "arn:aws:sns:eu-west-1:111111111111:events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["SNS:Publish", "SNS:Subscribe"]
      Resource  = "arn:aws:sns:eu-west-1:111111111111:events"
      Condition = { StringEquals = { "AWS:SourceOwner" = "111111111111" } }
    }]
  })
}

# A bucket delegated to its own account's access points (AWS's documented pattern).
resource "aws_s3_bucket_policy" "delegated_to_access_points" {
  bucket = "delegated"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::delegated", "arn:aws:s3:::delegated/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111111111111" } }
    }]
  })
}

# Under StringEquals a "*" is a literal character: the condition is binding (and never matches),
# so the queue is not public.
resource "aws_sqs_queue_policy" "literal_star" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/literal"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:literal"
      # expect: TFXA302
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "*" } }
    }]
  })
}

# --- fixed source addresses (a /24): "any principal from these addresses", not public, as S3
#     Block Public Access and IAM Access Analyzer decide
resource "aws_sqs_queue" "office" {
  name = "office"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:office"
      Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } }
    }]
  })
}

# --- an IPv6 /48 and single addresses are fixed ranges too
resource "aws_sns_topic_policy" "office_v6" {
  arn = "arn:aws:sns:eu-west-1:111111111111:office"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:office"
      Condition = { IpAddress = { "aws:SourceIp" = ["2001:db8:1234::/48", "198.51.100.7"] } }
    }]
  })
}

# --- an access point policy open to everyone, on a bucket (in scope) whose policy lets no one
#     through its access points: through an access point both policies must allow, so the bucket
#     keeps it closed to anonymous and other-account callers
resource "aws_s3_bucket" "closed" {
  bucket = "closed-111111111111"
}

resource "aws_s3_access_point" "closed" {
  bucket = aws_s3_bucket.closed.id
  name   = "closed"
}

resource "aws_s3control_access_point_policy" "closed" {
  access_point_arn = aws_s3_access_point.closed.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111111111111:accesspoint/closed/object/*"
    }]
  })
}
