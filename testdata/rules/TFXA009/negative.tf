# TFXA009 must not fire: the ForAllValues condition is paired with a Null = "false" check or a
# ForAnyValue condition on the same key, or the statement is a Deny.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Session tags required: Null = "false" makes an untagged session fail.
resource "aws_iam_role" "session_tags" {
  name = "session-tags"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = {
        StringEquals                = { "aws:PrincipalOrgID" = "o-abcdefghij" }
        "ForAllValues:StringEquals" = { "aws:TagKeys" = ["project", "team"] }
        Null                        = { "aws:TagKeys" = "false" }
      }
    }]
  })
}

# ForAnyValue on the same key requires at least one value (heredoc JSON).
resource "aws_iam_policy" "tagged_launch" {
  name   = "tagged-launch"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:RunInstances",
      "Resource": "*",
      "Condition": {
        "ForAllValues:StringLike": { "aws:TagKeys": ["cost-*"] },
        "ForAnyValue:StringLike": { "aws:TagKeys": ["cost-*"] }
      }
    }
  ]
}
EOF
}

# The Null check as a boolean, with the key spelled in another case (keys are case-insensitive).
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
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["tenant"]
    }
    condition {
      test     = "Null"
      variable = "kms:encryptioncontextkeys"
      values   = ["false"]
    }
  }
}

resource "aws_kms_key" "tenant" {
  description = "tenant data"
  policy      = data.aws_iam_policy_document.tenant_key.json
}

resource "aws_iam_policy" "tag_guardrails" {
  name = "tag-guardrails"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # jsonencode's false is the string "false" in the policy.
      {
        Effect   = "Allow"
        Action   = "ec2:CreateTags"
        Resource = "*"
        Condition = {
          "ForAllValues:StringEquals" = { "aws:TagKeys" = ["team"] }
          Null                        = { "aws:TagKeys" = false }
        }
      },
      # A Deny with ForAllValues: a vacuous condition makes the Deny apply more often, not less.
      {
        Effect    = "Deny"
        Action    = "ec2:DeleteTags"
        Resource  = "*"
        Condition = { "ForAllValues:StringEquals" = { "aws:TagKeys" = ["owner"] } }
      },
    ]
  })
}

# Claims of a web identity token are always in the request: ForAllValues on one is not vacuous.
resource "aws_iam_role" "github_actions" {
  name = "github-actions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals                = { "token.actions.githubusercontent.com:sub" = "repo:octo/app:ref:refs/heads/main" }
        "ForAllValues:StringEquals" = { "token.actions.githubusercontent.com:aud" = ["sts.amazonaws.com"] }
      }
    }]
  })
}
