# TFXA008 must fire: an Allow statement uses NotPrincipal, granting everyone but the listed
# principals (other accounts and anonymous callers included).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A trust policy: every principal but one may assume the role.
resource "aws_iam_role" "trust_not_principal" {
  name = "trust-not-principal"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA008
      NotPrincipal = { AWS = "arn:aws:iam::111111111111:role/blocked" }
    }]
  })
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

# A bucket policy written as an "allow all but" (heredoc JSON).
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  # expect+7: TFXA008
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotPrincipal": { "AWS": ["arn:aws:iam::111111111111:root"] },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
EOF
}

resource "aws_sns_topic" "events" {
  name = "events"
}

# A topic policy with a condition: the condition does not make NotPrincipal any narrower.
resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA008
      NotPrincipal = { AWS = ["arn:aws:iam::222222222222:root"] }
      Action       = "sns:Subscribe"
      Resource     = "arn:aws:sns:eu-west-1:111111111111:events"
      Condition    = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
    }]
  })
}

# A key policy: everyone but the account root may decrypt.
resource "aws_kms_key" "data" {
  description = "data key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid    = "Everyone"
        Effect = "Allow"
        # expect: TFXA008
        NotPrincipal = { AWS = "arn:aws:iam::111111111111:root", Service = "logs.eu-west-1.amazonaws.com" }
        Action       = "kms:Decrypt"
        Resource     = "*"
      },
    ]
  })
}

# In a policy document the finding points at the not_principals block.
data "aws_iam_policy_document" "not_principals" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-np/*"]
    # expect: TFXA008
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/blocked"]
    }
  }
}

resource "aws_s3_bucket_policy" "not_principals" {
  bucket = "example-np"
  policy = data.aws_iam_policy_document.not_principals.json
}
