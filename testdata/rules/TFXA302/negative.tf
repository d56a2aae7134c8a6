# TFXA302 must not fire: conditions that can be true, and forms that look alike but are not dead.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# --- the pattern under StringLike / ArnLike is a pattern
resource "aws_s3_bucket_policy" "pattern_operator" {
  bucket = "reports-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::reports-111111111111/*"
      Condition = {
        ArnLike    = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/reader-*" }
        StringLike = { "s3:prefix" = "public/*" }
      }
    }]
  })
}

# --- StringEquals with * on a key whose values may contain it (an object key prefix), and a
#     policy variable
resource "aws_iam_policy" "literal_star_allowed" {
  name = "literal-star-allowed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:ListBucket"
      Resource = "arn:aws:s3:::reports-111111111111"
      Condition = {
        StringEquals = { "s3:prefix" = ["*", "home/$${aws:username}/"] }
      }
    }]
  })
}

# --- the trusted issuer's own claims; Bool with JSON booleans; numbers and dates of the right type
resource "aws_iam_role" "right_issuer" {
  name = "right-issuer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:acme/infra:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "typed_values" {
  name = "typed-values"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:ListBucket"
      Resource = "arn:aws:s3:::reports-111111111111"
      Condition = {
        Bool                  = { "aws:SecureTransport" = true, "aws:MultiFactorAuthPresent" = "True" }
        NumericLessThanEquals = { "s3:max-keys" = 10 }
        DateLessThan          = { "aws:CurrentTime" = "2027-12-31T00:00:00Z" }
        DateGreaterThan       = { "aws:EpochTime" = "1700000000" }
      }
    }]
  })
}

# --- IfExists passes when the key is absent; a Deny with a literal pattern is another matter
#     (it never applies, which TFXA302 does not judge: it is about dead grants)
resource "aws_sqs_queue_policy" "if_exists" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:jobs"
        Condition = { BoolIfExists = { "aws:SecureTransport" = "yes" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:jobs"
        Condition = { StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::*:role/attacker" } }
      },
    ]
  })
}
