# TFXA105 must not fire: shared resources use a customer managed key (or encryption that needs
# no key policy), and resources on AWS managed keys are not shared with other accounts.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A customer managed key whose policy lets the other account's roles use it.
resource "aws_kms_key" "shared" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::222222222222:role/importer", "arn:aws:iam::222222222222:role/producer", "arn:aws:iam::222222222222:role/app"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

# Bucket on the customer managed key.
resource "aws_s3_bucket" "exports" {
  bucket = "example-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
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

# Bucket on SSE-S3 (AES256): no KMS key involved.
resource "aws_s3_bucket" "public_data" {
  bucket = "example-sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "public_data" {
  bucket = aws_s3_bucket.public_data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "public_data" {
  bucket = aws_s3_bucket.public_data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/importer" }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.public_data.arn}/*" },
      { Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.public_data.arn, "${aws_s3_bucket.public_data.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# Queue on the customer managed key.
resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.shared.arn
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }, Action = "sqs:SendMessage", Resource = aws_sqs_queue.orders.arn }]
  })
}

# Queue with SQS managed encryption (SSE-SQS): no KMS key involved.
resource "aws_sqs_queue" "sse_sqs" {
  name                    = "sse-sqs"
  sqs_managed_sse_enabled = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }, Action = "sqs:SendMessage", Resource = "arn:aws:sqs:eu-west-1:111111111111:sse-sqs" }]
  })
}

# Topic on alias/aws/sns used only inside its own account.
resource "aws_sns_topic" "internal" {
  name              = "internal"
  kms_master_key_id = "alias/aws/sns"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/publisher" }, Action = "sns:Publish", Resource = "arn:aws:sns:eu-west-1:111111111111:internal" }]
  })
}

# Queue on alias/aws/sqs with no policy at all.
resource "aws_sqs_queue" "private" {
  name              = "private"
  kms_master_key_id = "alias/aws/sqs"
}

# Secret on the customer managed key.
resource "aws_secretsmanager_secret" "db" {
  name       = "db"
  kms_key_id = aws_kms_key.shared.arn
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/app" }, Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}

# A Deny for another account does not share anything.
resource "aws_secretsmanager_secret" "local" {
  name = "local"
}

resource "aws_secretsmanager_secret_policy" "local" {
  secret_arn = aws_secretsmanager_secret.local.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "secretsmanager:*", Resource = "*" }]
  })
}

# --- DynamoDB's default encryption is an AWS owned key, which the service uses on the caller's
#     behalf: sharing the table works
resource "aws_dynamodb_table" "sessions" {
  name     = "sessions"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_resource_policy" "sessions" {
  resource_arn = aws_dynamodb_table.sessions.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/reporting" }
      Action    = "dynamodb:GetItem"
      Resource  = aws_dynamodb_table.sessions.arn
    }]
  })
}

# --- a customer managed key on the stream
resource "aws_kms_key" "stream" {
  description = "stream"
}

resource "aws_kinesis_stream" "views" {
  name            = "views"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.stream.arn
}

resource "aws_kinesis_resource_policy" "views" {
  resource_arn = aws_kinesis_stream.views.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "kinesis:GetRecords"
      Resource  = aws_kinesis_stream.views.arn
    }]
  })
}
