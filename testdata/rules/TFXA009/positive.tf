# TFXA009 must fire: a ForAllValues: condition is the only requirement on its key, and it is
# true when the request does not carry the key at all.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Session tags meant to be required: an untagged session passes.
resource "aws_iam_role" "session_tags" {
  name = "session-tags"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" }
        # expect: TFXA009
        "ForAllValues:StringEquals" = { "aws:TagKeys" = ["project", "team"] }
      }
    }]
  })
}

# An identity policy (heredoc JSON): instances launched without tags pass.
resource "aws_iam_policy" "tagged_launch" {
  name = "tagged-launch"
  # expect+10: TFXA009
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:RunInstances",
      "Resource": "*",
      "Condition": {
        "ForAllValues:StringLike": { "aws:TagKeys": ["cost-*"] }
      }
    }
  ]
}
EOF
}

# A key policy: decryption without any encryption context passes.
data "aws_iam_policy_document" "tenant_key" {
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:root"]
    }
  }
  statement {
    sid       = "TenantOnly"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/app"]
    }
    # expect: TFXA009
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["tenant"]
    }
  }
}

resource "aws_kms_key" "tenant" {
  description = "tenant data"
  policy      = data.aws_iam_policy_document.tenant_key.json
}

# A Null check on another key, or one requiring the key to be absent, does not guard it.
resource "aws_iam_policy" "wrong_null_checks" {
  name = "wrong-null-checks"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "ec2:CreateTags"
        Resource = "*"
        Condition = {
          Null = { "aws:RequestTag/team" = "false" }
          # expect: TFXA009
          "ForAllValues:StringEquals" = { "aws:TagKeys" = ["team"] }
        }
      },
      {
        Effect   = "Allow"
        Action   = "ec2:DeleteTags"
        Resource = "*"
        Condition = {
          Null = { "aws:TagKeys" = "true" }
          # expect: TFXA009
          "ForAllValues:StringEquals" = { "aws:TagKeys" = ["team"] }
        }
      },
    ]
  })
}

resource "aws_sqs_queue" "intake" {
  name = "intake"
}

# A queue policy to "*" meant to stay in the organization: a caller without an organization
# passes (TFXA102: the condition does not bind the public grant).
resource "aws_sqs_queue_policy" "intake" {
  queue_url = aws_sqs_queue.intake.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:intake"
      # expect: TFXA009
      Condition = { "ForAllValues:StringEquals" = { "aws:PrincipalOrgID" = ["o-abcdefghij"] } }
    }]
  })
}
