# TFXA103 must fire: a resource policy grants a whole other account (its root ARN or its bare
# 12-digit id) with no binding condition narrowing who in that account gets the access.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# The production account, reached through a role in it: resources there belong to 222222222222.
provider "aws" {
  alias  = "prod"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}

# --- queue policy, jsonencode, root ARN
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

# --- topic policy in heredoc JSON, bare account id
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  # expect+7: TFXA103
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "333333333333" },
      "Action": ["sns:Publish", "sns:Subscribe"],
      "Resource": "arn:aws:sns:eu-west-1:111111111111:alerts"
    }
  ]
}
EOF
}

# --- bucket policy from aws_iam_policy_document; a role and a root in one list: the root is
#     reported (the bucket is shared and has no TLS deny: TFXA107 on the first principal)
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

data "aws_iam_policy_document" "reports" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.reports.arn}/*"]
    principals {
      type = "AWS"
      # expect: TFXA103, TFXA107
      identifiers = ["arn:aws:iam::444444444444:role/auditor", "arn:aws:iam::555555555555:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = data.aws_iam_policy_document.reports.json
}

# --- key policy: another account may decrypt, every principal there
resource "aws_kms_key" "shared" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "PartnerDecrypt"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "arn:aws:iam::222222222222:root" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

# --- Lambda permission for a bare account id, no source condition
resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111111111111:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

resource "aws_lambda_permission" "partner" {
  statement_id  = "partner"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  # expect: TFXA103
  principal = "222222222222"
}

# --- conditions that look like a boundary but are not
resource "aws_secretsmanager_secret" "token" {
  name       = "token"
  kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
}

resource "aws_secretsmanager_secret_policy" "token" {
  secret_arn = aws_secretsmanager_secret.token.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "IfExists"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "arn:aws:iam::222222222222:root" }
        Action    = "secretsmanager:GetSecretValue"
        Resource  = "*"
        Condition = { StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
      },
      {
        Sid    = "Negated"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "333333333333" }
        Action    = "secretsmanager:GetSecretValue"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-zzzzzzzzzz" } }
      },
      {
        Sid    = "WildcardAccount"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "arn:aws:iam::444444444444:root" }
        Action    = "secretsmanager:GetSecretValue"
        Resource  = "*"
        Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/reader" } }
      },
      {
        Sid    = "NotAboutTheCaller"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "arn:aws:iam::555555555555:root" }
        Action    = "secretsmanager:GetSecretValue"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
      },
    ]
  })
}

# --- the owning account comes from the provider's assume_role: for a queue in 222222222222,
#     111111111111 is another account
resource "aws_sqs_queue" "prod_intake" {
  provider = aws.prod
  name     = "prod-intake"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:222222222222:prod-intake"
    }]
  })
}

# --- a condition every principal of the granted account meets narrows nothing
resource "aws_sqs_queue" "restated_account" {
  name = "restated-account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:restated-account"
      Condition = { StringEquals = { "aws:PrincipalAccount" = ["222222222222"] } }
    }]
  })
}

# --- "*" pinned to another account by aws:PrincipalAccount, or in a key policy by
# kms:CallerAccount, is the same grant as that account's root
resource "aws_sqs_queue" "star_pinned_to_account" {
  name = "star-pinned-to-account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:star-pinned-to-account"
      Condition = { StringEquals = { "aws:PrincipalAccount" = "222222222222" } }
    }]
  })
}

resource "aws_kms_key" "star_pinned_by_caller_account" {
  description = "star pinned by caller account"
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
        Sid    = "OtherAccount"
        Effect = "Allow"
        # expect: TFXA103
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:CallerAccount" = "222222222222" } }
      }
    ]
  })
}
