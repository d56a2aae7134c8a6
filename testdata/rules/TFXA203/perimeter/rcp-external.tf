# TFXA203 with a resource control policy that keeps principals outside the organization away from
# its resources (the data perimeter AWS documents): grants to the partner (999999999999) on S3,
# SQS, KMS and STS cannot be used; grants inside the organization, on a service that does not
# support RCPs (SNS) and on the management account's resources are not blocked.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "org"
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_organizations_organization" "org" {
  provider             = aws.org
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
}

resource "aws_organizations_policy" "data_perimeter" {
  provider = aws.org
  name     = "data-perimeter"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrganizationOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*", "sqs:*", "kms:*", "sts:AssumeRole", "secretsmanager:*", "sns:*"]
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-perimeter01" }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "data_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.data_perimeter.id
  target_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_s3_bucket" "exchange" {
  bucket = "example-exchange"
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "PartnerRead"
        Effect = "Allow"
        # expect: TFXA203
        Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.exchange.arn}/*"
      },
      {
        Sid       = "AnalyticsRead"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.exchange.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-perimeter01" } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exchange.arn, "${aws_s3_bucket.exchange.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA203
      Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

resource "aws_iam_role" "partner_access" {
  name = "partner-access"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA203
      Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
      Condition = { StringEquals = { "sts:ExternalId" = "partner-4f1c" } }
    }]
  })
}

# SNS does not support RCPs: the Deny's sns:* never applies.
resource "aws_sns_topic" "notices" {
  name = "notices"
}

resource "aws_sns_topic_policy" "notices" {
  arn = aws_sns_topic.notices.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.notices.arn
    }]
  })
}

# RCPs do not apply to the resources of the management account.
resource "aws_sqs_queue" "invoices" {
  provider = aws.org
  name     = "invoices"
}

resource "aws_sqs_queue_policy" "invoices" {
  provider  = aws.org
  queue_url = aws_sqs_queue.invoices.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::999999999999:role/partner" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.invoices.arn
    }]
  })
}
