# TFXA105 must fire: a bucket, queue, topic or secret is shared with another account (or "*")
# through its policy, but encrypted with an AWS managed key (alias/aws/...), which other accounts
# cannot use. Bucket policies here carry the TLS deny TFXA107 asks for.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- bucket, separate encryption resource, aws:kms with no key id (the aws/s3 key)
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    # expect: TFXA105
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/importer" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.exports.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# --- bucket, legacy inline encryption naming alias/aws/s3 by its ARN, policy document
resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
  server_side_encryption_configuration {
    rule {
      # expect: TFXA105
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "arn:aws:kms:eu-west-1:111111111111:alias/aws/s3"
      }
    }
  }
}

data "aws_iam_policy_document" "archive" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:role/auditor"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
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

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = data.aws_iam_policy_document.archive.json
}

# --- queue encrypted with alias/aws/sqs, shared through aws_sqs_queue_policy
resource "aws_sqs_queue" "orders" {
  name = "orders"
  # expect: TFXA105
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

# --- queue with a heredoc policy naming the other account by bare id (narrowed to its roles)
resource "aws_sqs_queue" "results" {
  name = "results"
  # expect: TFXA105
  kms_master_key_id = "alias/aws/sqs"
  policy            = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "444444444444" },
      "Action": "sqs:ReceiveMessage",
      "Resource": "arn:aws:sqs:eu-west-1:111111111111:results",
      "Condition": { "ArnLike": { "aws:PrincipalArn": "arn:aws:iam::444444444444:role/consumer-*" } }
    }
  ]
}
EOF
}

# --- topic encrypted with alias/aws/sns, shared with the organization through "*"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
  # expect: TFXA105
  kms_master_key_id = "alias/aws/sns"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# --- secret with no kms_key_id: Secrets Manager uses aws/secretsmanager
# expect: TFXA105
resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/app" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

# --- secret naming the AWS managed key explicitly
resource "aws_secretsmanager_secret" "api" {
  name = "api"
  # expect: TFXA105
  kms_key_id = "alias/aws/secretsmanager"
}

resource "aws_secretsmanager_secret_policy" "api" {
  secret_arn = aws_secretsmanager_secret.api.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::333333333333:role/app" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

# --- a DynamoDB table with encryption enabled and no key: DynamoDB uses its AWS managed key
#     (aws/dynamodb), and the table's resource policy shares it with another account
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  # expect: TFXA105
  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/reporting" }
      Action    = "dynamodb:GetItem"
      Resource  = aws_dynamodb_table.orders.arn
    }]
  })
}

# --- a Kinesis stream encrypted with the AWS managed key, shared through its resource policy
resource "aws_kinesis_stream" "clicks" {
  name            = "clicks"
  shard_count     = 1
  encryption_type = "KMS"
  # expect: TFXA105
  kms_key_id = "alias/aws/kinesis"
}

resource "aws_kinesis_resource_policy" "clicks" {
  resource_arn = aws_kinesis_stream.clicks.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "kinesis:GetRecords"
      Resource  = aws_kinesis_stream.clicks.arn
    }]
  })
}
