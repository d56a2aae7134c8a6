# TFXA104 must fire: a key policy lets a principal of another account administer the key
# (kms:*, kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey) or create grants without
# kms:GrantIsForAWSResource.
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

# --- aws_kms_key.policy, jsonencode: kms:* to a role of another account
resource "aws_kms_key" "platform_admin" {
  description = "administered from the platform account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "PlatformAdmin"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::333333333333:role/platform-admin" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

# --- aws_kms_key_policy: PutKeyPolicy to another account's root (a whole-account grant: TFXA103)
resource "aws_kms_key" "policy_editor" {
  description = "key policy attached separately"
}

resource "aws_kms_key_policy" "policy_editor" {
  key_id = aws_kms_key.policy_editor.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "PolicyEditor"
        Effect = "Allow"
        # expect: TFXA104, TFXA103
        Principal = { AWS = "arn:aws:iam::333333333333:root" }
        Action    = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy"]
        Resource  = "*"
      },
    ]
  })
}

# --- heredoc JSON: scheduling deletion and disabling the key from another account
resource "aws_kms_key" "lifecycle" {
  description = "lifecycle managed elsewhere"
  # expect+15: TFXA104
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admin",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Lifecycle",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444444444444:role/key-janitor" },
      "Action": ["kms:ScheduleKeyDeletion", "kms:DisableKey"],
      "Resource": "*"
    }
  ]
}
EOF
}

# --- aws_iam_policy_document: CreateGrant with no kms:GrantIsForAWSResource
data "aws_iam_policy_document" "grants" {
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
    sid       = "Consumer"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"]
    resources = ["*"]
    principals {
      type = "AWS"
      # expect: TFXA104
      identifiers = ["arn:aws:iam::333333333333:role/consumer"]
    }
  }
}

resource "aws_kms_key" "grants" {
  policy = data.aws_iam_policy_document.grants.json
}

# --- CreateGrant conditions that do not restrict grants to AWS services
resource "aws_kms_key" "weak_grant_conditions" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "IfExists"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::333333333333:role/consumer" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { BoolIfExists = { "kms:GrantIsForAWSResource" = "true" } }
      },
      {
        Sid    = "False"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::444444444444:role/consumer" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "false" } }
      },
    ]
  })
}

# --- "*" and action wildcards cover administration; a caller condition does not change whose
#     account the principal is in
resource "aws_kms_key" "wildcards" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "Everything"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::333333333333:role/break-glass" }
        Action    = "*"
        Resource  = "*"
      },
      {
        Sid    = "PutStar"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::444444444444:root" }
        Action    = ["kms:Describe*", "kms:Put*"]
        Resource  = "*"
        Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::444444444444:role/key-admin" } }
      },
    ]
  })
}

# --- the key's account comes from the provider's assume_role: 111111111111 is another account
resource "aws_kms_key" "prod" {
  provider = aws.prod
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "ToolingAdmin"
        Effect = "Allow"
        # expect: TFXA104
        Principal = { AWS = "arn:aws:iam::111111111111:role/terraform" }
        Action    = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

# "*" with kms:* reaches every other account (public too: TFXA102).
resource "aws_kms_key" "anyone_admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102, TFXA104
      Principal = "*"
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# Bounded by the organization, "*" still includes accounts other than the key's.
resource "aws_kms_key" "org_admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA104
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# "*" pinned by kms:CallerAccount to another account is that account's administration of the key
# (and a grant to that whole account, TFXA103).
resource "aws_kms_key" "pinned_to_partner" {
  description = "pinned to partner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103, TFXA104
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = "222222222222" } }
    }]
  })
}
