# TFXA301 must not fire: valid documents of every kind, written as heredoc JSON, jsonencode and
# aws_iam_policy_document, with wildcards, NotAction, case-insensitive action names and the
# principal forms AWS accepts.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_policy" "heredoc" {
  name   = "heredoc"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": ["arn:aws:s3:::example-data", "arn:aws:s3:::example-data/*"] },
    { "Sid": "NoIam", "Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"], "Resource": "arn:aws:iam::111111111111:role/*" }
  ]
}
POLICY
}

resource "aws_iam_role_policy" "lowercase" {
  name = "lowercase"
  role = "app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["S3:getobject", "dynamodb:Query"], Resource = "arn:aws:dynamodb:eu-west-1:111111111111:table/orders" }]
  })
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Principal = { AWS = ["111111111111", "arn:aws:iam::111111111111:role/ci"] } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ["ec2.amazonaws.com"] } },
    ]
  })
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

data "aws_iam_policy_document" "data" {
  statement {
    sid       = "OwnRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/etl"]
    }
  }
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
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

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}

resource "aws_kms_key" "data" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# A Lambda permission has no policy text: AWS builds the statement.
resource "aws_lambda_permission" "events" {
  function_name = "handler"
  action        = "lambda:InvokeFunction"
  principal     = "events.amazonaws.com"
  source_arn    = "arn:aws:events:eu-west-1:111111111111:rule/nightly"
}

resource "aws_organizations_policy" "guardrail" {
  name = "guardrail"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = ["organizations:LeaveOrganization", "account:CloseAccount"], Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "guardrail" {
  policy_id = aws_organizations_policy.guardrail.id
  target_id = "r-ab12"
}

# An empty Condition, as `var.restrict ? { ... } : {}` leaves it, is valid: AWS reads it as no condition.
resource "aws_sqs_queue_policy" "empty_condition" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/empty-condition"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "sqs:DeleteMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:empty-condition"
      Condition = {}
    }]
  })
}

# An optional policy argument of the resource itself set to "" is not set: the provider sends no
# policy (it reads the argument with GetOk), so the key keeps its default key policy and the bucket
# and queue have none. Modules write it as `policy = var.policy` with a default of "".
variable "custom_key_policy" {
  type    = string
  default = ""
}

resource "aws_kms_key" "default_policy" {
  description = "default key policy"
  policy      = var.custom_key_policy
}

resource "aws_s3_bucket" "no_inline_policy" {
  bucket = "no-inline-policy"
  policy = ""
}

resource "aws_sqs_queue" "no_inline_policy" {
  name   = "no-inline-policy"
  policy = ""
}
