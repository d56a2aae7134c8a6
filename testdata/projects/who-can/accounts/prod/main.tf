provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

# The vendor's entry point, with an external id; it may go on to the data account's exporter.
resource "aws_iam_role" "gateway" {
  name = "gateway"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "vendor-5d1e" } }
    }]
  })
}

resource "aws_iam_role_policy" "gateway" {
  name = "chain-to-exporter"
  role = aws_iam_role.gateway.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ChainToExporter"
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::333333333333:role/exporter"
    }]
  })
}

resource "aws_iam_role" "analytics" {
  name = "analytics"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "analytics" {
  name = "decrypt-results"
  role = aws_iam_role.analytics.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "kms:Decrypt"
      Resource = "arn:aws:kms:eu-west-1:333333333333:key/*"
    }]
  })
}

# Anyone may send to the intake queue.
resource "aws_sqs_queue" "intake" {
  name = "intake"
}

resource "aws_sqs_queue_policy" "intake" {
  queue_url = aws_sqs_queue.intake.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.intake.arn
    }]
  })
}

# A partner whose role ARN is given when the configuration is applied.
variable "partner_arn" {
  type = string
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.partner_arn }
    }]
  })
}

# The vendor's way to the data account's archive, with an external id; an SCP on prod stops the
# relay when it assumes the archiver.
resource "aws_iam_role" "relay" {
  name = "relay"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "vendor-a81c" } }
    }]
  })
}

resource "aws_iam_role_policy" "relay" {
  name = "chain-to-archiver"
  role = aws_iam_role.relay.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ChainToArchiver"
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::333333333333:role/archiver"
    }]
  })
}
