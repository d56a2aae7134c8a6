# TFXA104 must not fire: administration stays inside the key's own account; other accounts get
# only cryptographic actions, or grants restricted to AWS services.
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

# Own-account administration (root ARN, bare id, aws_caller_identity, a role); another account's
# role only uses the key.
resource "aws_kms_key" "data" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "KeyAdmins", Effect = "Allow", Principal = { AWS = ["111111111111", "arn:aws:iam::111111111111:role/key-admin"] }, Action = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:CreateGrant"], Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "arn:aws:iam::333333333333:role/reader" }, Action = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"], Resource = "*" },
    ]
  })
}

# CreateGrant for another account, restricted to grants AWS services make on its behalf.
data "aws_iam_policy_document" "ebs" {
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
    sid       = "ServiceGrants"
    actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:role/ec2-launcher"]
    }
    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key" "ebs" {
  policy = data.aws_iam_policy_document.ebs.json
}

# A Deny on administration for another account is not a grant.
resource "aws_kms_key" "deny" {
  description = "policy attached separately"
}

resource "aws_kms_key_policy" "deny" {
  key_id = aws_kms_key.deny.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "NoOutsideAdmin", Effect = "Deny", Principal = { AWS = "arn:aws:iam::333333333333:role/platform-admin" }, Action = "kms:*", Resource = "*" },
    ]
  })
}

# For a key in 222222222222 (provider assume_role), administration by 222222222222 is internal.
resource "aws_kms_key" "prod" {
  provider = aws.prod
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "KeyAdmin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/key-admin" }, Action = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], Resource = "*" },
    ]
  })
}

# "*" pinned by kms:CallerAccount to the key's own account: administration stays inside.
resource "aws_kms_key" "pinned_to_own_account" {
  description = "pinned to own account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = "111111111111" } }
    }]
  })
}
