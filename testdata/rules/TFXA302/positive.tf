# TFXA302 must fire: an Allow has a condition that AWS never finds true, so the grant is dead
# and the requests it is meant for fail with AccessDenied.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# --- StringEquals with a pattern meant as a wildcard on an ARN key
resource "aws_s3_bucket_policy" "literal_arn_pattern" {
  bucket = "reports-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::reports-111111111111/*"
      Condition = {
        # expect: TFXA302
        StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/reader-*" }
      }
    }]
  })
}

# --- a condition on another issuer's claim than the trusted provider: GitLab's key is never
#     in a GitHub token's request
resource "aws_iam_role" "other_issuer_key" {
  name = "other-issuer-key"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        # expect: TFXA302
        StringLike = { "gitlab.com:sub" = "project_path:acme/infra:*" }
      }
    }]
  })
}

# --- Bool compares with true or false
resource "aws_sqs_queue_policy" "bool_yes" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:jobs"
      Condition = {
        # expect: TFXA302
        Bool = { "aws:SecureTransport" = "yes" }
      }
    }]
  })
}

# --- numeric and date operators on values of the wrong type
data "aws_iam_policy_document" "wrong_types" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::reports-111111111111"]
    # expect: TFXA302
    condition {
      test     = "NumericLessThanEquals"
      variable = "s3:max-keys"
      values   = ["ten"]
    }
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports-111111111111/*"]
    # expect: TFXA302
    condition {
      test     = "DateLessThan"
      variable = "aws:CurrentTime"
      values   = ["end of 2027"]
    }
  }
}

resource "aws_iam_policy" "wrong_types" {
  name   = "wrong-types"
  policy = data.aws_iam_policy_document.wrong_types.json
}

# --- one value of several is a literal pattern: that value never matches (the others still do)
resource "aws_kms_key" "one_dead_value" {
  description = "shared"
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
        Sid       = "Partners"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          # expect: TFXA302
          StringEquals = { "aws:PrincipalAccount" = ["222222222222", "33333333333*"] }
        }
      },
    ]
  })
}

# --- StringNotEquals with a literal pattern excludes nothing
resource "aws_sns_topic_policy" "excludes_nothing" {
  arn = "arn:aws:sns:eu-west-1:111111111111:alerts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111111111111:alerts"
      Condition = {
        # expect: TFXA302
        StringNotEquals = { "aws:PrincipalArn" = "arn:aws:iam::111111111111:role/blocked-*" }
      }
    }]
  })
}
