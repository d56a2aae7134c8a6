# TFXA102 with values that cannot be known statically: a condition whose value is unknown may be
# binding and unknown principals may not be "*", so nothing is reported (--report-unknown lists
# them).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "org_id" {
  type = string
}

variable "principals" {
  type = list(string)
}

variable "conditions" {
  type = any
}

variable "invoker" {
  type = string
}

variable "caller_account" {
  type = string
}

# The organization id is unknown: the condition may be binding.
resource "aws_sqs_queue" "unknown_org" {
  name = "unknown-org"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:unknown-org"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# The whole Condition block is unknown.
resource "aws_sns_topic" "unknown_conditions" {
  name = "unknown-conditions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:unknown-conditions"
      Condition = var.conditions
    }]
  })
}

# The principals are unknown: they may not include "*".
resource "aws_sqs_queue" "unknown_principals" {
  name = "unknown-principals"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.principals }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:unknown-principals"
    }]
  })
}

# Lambda permissions: an unknown principal, and "*" with an unknown source account.
resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111111111111:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

resource "aws_lambda_permission" "unknown_principal" {
  statement_id  = "unknown-principal"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  principal     = var.invoker
}

resource "aws_lambda_permission" "unknown_source_account" {
  statement_id   = "unknown-source-account"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.hook.function_name
  principal      = "*"
  source_account = var.caller_account
}

variable "office_ranges" {
  type = list(string)
}

# The source ranges are unknown: a fixed range would make the grant non-public.
resource "aws_sqs_queue_policy" "unknown_ranges" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/office"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:office"
      Condition = { IpAddress = { "aws:SourceIp" = var.office_ranges } }
    }]
  })
}

variable "bucket_policy" {
  type = string
}

# The bucket's policy is unknown: it may delegate to the access point, so whether the "*" access
# point policy is public cannot be decided.
resource "aws_s3_bucket" "behind" {
  bucket = "behind-111111111111"
}

resource "aws_s3_bucket_policy" "behind" {
  bucket = aws_s3_bucket.behind.id
  policy = var.bucket_policy
}

resource "aws_s3_access_point" "behind" {
  bucket = aws_s3_bucket.behind.id
  name   = "behind"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:eu-west-1:111111111111:accesspoint/behind/object/*"
    }]
  })
}
