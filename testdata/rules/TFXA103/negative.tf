# TFXA103 must not fire: the grant names specific roles, carries a binding condition, is a Deny,
# or names the resource's own account.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "prod"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}

data "aws_caller_identity" "current" {}

# A specific role of another account.
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::222222222222:role/producer", "arn:aws:iam::333333333333:user/batch"] }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

# Account roots with binding conditions.
resource "aws_sns_topic" "alerts" {
  name = "alerts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrgBoundary"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:root" }
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
      },
      {
        Sid       = "PinnedRoles"
        Effect    = "Allow"
        Principal = { AWS = "333333333333" }
        Action    = "sns:Subscribe"
        Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
        Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::333333333333:role/subscriber-*" } }
      },
    ]
  })
}

# The resource's own account, as a root ARN, a bare id, or through aws_caller_identity.
resource "aws_kms_key" "own" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "111111111111" }, Action = ["kms:Decrypt", "kms:Encrypt"], Resource = "*" },
      { Sid = "Describe", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:DescribeKey", Resource = "*" },
    ]
  })
}

# A Deny for another account is not a grant.
resource "aws_ecr_repository" "images" {
  name = "images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "NoPush", Effect = "Deny", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "ecr:PutImage" },
      { Sid = "Pull", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/puller" }, Action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] },
    ]
  })
}

# For a queue in 222222222222 (provider assume_role), 222222222222's root is its own account.
resource "aws_sqs_queue" "prod_intake" {
  provider = aws.prod
  name     = "prod-intake"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:222222222222:prod-intake"
    }]
  })
}

# A Lambda permission for a specific role of another account.
resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111111111111:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

resource "aws_lambda_permission" "partner_role" {
  statement_id  = "partner-role"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  principal     = "arn:aws:iam::222222222222:role/invoker"
}

# "*" pinned to the resource's own account is not another account's grant
resource "aws_sqs_queue" "star_pinned_to_own_account" {
  name = "star-pinned-to-own-account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:star-pinned-to-own-account"
      Condition = { StringEquals = { "aws:PrincipalAccount" = "111111111111" } }
    }]
  })
}
