# TFXA102 must fire: a resource policy allows any principal ("*") and no binding condition on
# aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn
# or aws:SourceVpce limits who that is.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- bucket policy from aws_iam_policy_document, principals type "*"
#     (the bucket is shared with everyone and has no TLS deny: TFXA107)
resource "aws_s3_bucket" "site" {
  bucket = "example-public-site"
}

data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type = "*"
      # expect: TFXA102, TFXA107
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site.json
}

# --- queue policy inline on the queue, Principal = "*"
resource "aws_sqs_queue" "intake" {
  name = "intake"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:intake"
    }]
  })
}

# --- topic policy in heredoc JSON, {"AWS": ["*"]}
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  # expect+7: TFXA102
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": ["*"] },
      "Action": "sns:Publish",
      "Resource": "arn:aws:sns:eu-west-1:111111111111:alerts"
    }
  ]
}
EOF
}

# --- Lambda permission for principal "*" with no source condition
resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111111111111:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

resource "aws_lambda_permission" "anyone" {
  statement_id  = "anyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  # expect: TFXA102
  principal = "*"
}

# --- IfExists passes when the key is absent: not binding
resource "aws_secretsmanager_secret" "token" {
  name       = "token"
  kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
}

resource "aws_secretsmanager_secret_policy" "token" {
  secret_arn = aws_secretsmanager_secret.token.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = { AWS = "*" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
      Condition = { StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# --- a negated operator allows every other value
resource "aws_ecr_repository" "images" {
  name = "images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "Pull"
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = "999999999999" } }
    }]
  })
}

# --- ForAllValues is true when the key is absent (TFXA009 says so on the condition)
resource "aws_cloudwatch_event_bus" "events" {
  name = "events"
}

resource "aws_cloudwatch_event_bus_policy" "events" {
  event_bus_name = aws_cloudwatch_event_bus.events.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = { AWS = "*" }
      Action    = "events:PutEvents"
      Resource  = aws_cloudwatch_event_bus.events.arn
      Condition = {
        # expect: TFXA009
        "ForAllValues:StringEquals" = { "aws:PrincipalOrgID" = ["o-abcdefghij"] }
      }
    }]
  })
}

# --- a "*" value matches every account
resource "aws_glacier_vault" "archive" {
  name = "archive"
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "glacier:InitiateJob"
      Resource  = "arn:aws:glacier:eu-west-1:111111111111:vaults/archive"
      # expect: TFXA013
      Condition = { StringLike = { "aws:PrincipalAccount" = "*" } }
    }]
  })
}

# --- an ARN pattern with a wildcard account matches every caller
resource "aws_backup_vault" "copies" {
  name = "copies"
}

resource "aws_backup_vault_policy" "copies" {
  backup_vault_name = aws_backup_vault.copies.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = { AWS = "*" }
      Action    = "backup:CopyIntoBackupVault"
      Resource  = "*"
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/backup-copier" } }
    }]
  })
}


# --- key policy letting anyone decrypt
resource "aws_kms_key" "open" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "Anyone"
        Effect = "Allow"
        # expect: TFXA102
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

# ArnEquals matches wildcards like ArnLike: a role name in any account is no boundary.
resource "aws_sqs_queue" "arn_equals_wildcard" {
  name = "arn-equals-wildcard"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = { AWS = "*" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
      Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::*:role/reader" } }
    }]
  })
}

# A source ARN pattern matching every bucket of every account is no boundary.
resource "aws_sns_topic" "any_bucket_source" {
  name = "any-bucket-source"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "sns:Publish"
      Resource  = "*"
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:s3:::*" } }
    }]
  })
}

# Keys the caller chooses do not make a grant to "*" non-public: any principal can tag itself or
# send any external id.
resource "aws_sqs_queue_policy" "caller_chosen_keys" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/tagged"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:tagged"
      Condition = { StringEquals = { "aws:PrincipalTag/team" = "payments", "sts:ExternalId" = "x" } }
    }]
  })
}

# --- source addresses that are not a fixed range: 0.0.0.0/0 is everyone, a /7 is wider than
#     Block Public Access accepts, IfExists passes requests that carry no address (from a VPC
#     endpoint, or from another service)
resource "aws_sqs_queue_policy" "wide_ranges" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/wide"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        # expect: TFXA102
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:wide"
        Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24", "0.0.0.0/0"] } }
      },
      {
        Effect = "Allow"
        # expect: TFXA102
        Principal = "*"
        Action    = "sqs:ReceiveMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:wide"
        Condition = { IpAddress = { "aws:SourceIp" = "10.0.0.0/7" } }
      },
      {
        Effect = "Allow"
        # expect: TFXA102
        Principal = "*"
        Action    = "sqs:DeleteMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:wide"
        Condition = { IpAddressIfExists = { "aws:SourceIp" = "203.0.113.0/24" } }
      },
      {
        Effect = "Allow"
        # expect: TFXA102
        Principal = "*"
        Action    = "sqs:GetQueueAttributes"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:wide"
        Condition = { IpAddress = { "aws:SourceIp" = "2001:db8::/16" } }
      },
    ]
  })
}

# --- a misspelled operator narrows nothing (TFXA301 reports the spelling)
resource "aws_sqs_queue_policy" "misspelled_operator" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/misspelled"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:misspelled"
      # expect+1: TFXA301
      Condition = { StringEqual = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

# --- an access point open to everyone, on a bucket that delegates access control to its
#     account's access points: anyone can read through the access point
resource "aws_s3_bucket" "delegating" {
  bucket = "delegating-111111111111"
}

resource "aws_s3_bucket_policy" "delegating" {
  bucket = aws_s3_bucket.delegating.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA107
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::delegating-111111111111", "arn:aws:s3:::delegating-111111111111/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111111111111" } }
    }]
  })
}

resource "aws_s3_access_point" "open" {
  bucket = aws_s3_bucket.delegating.id
  name   = "open"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111111111111:accesspoint/open/object/*"
    }]
  })
}
