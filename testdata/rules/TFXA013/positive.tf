# TFXA013 must fire: a pattern operator puts a wildcard in a key that names an organization,
# account or principal, where AWS documents no valid use for one.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- an organization id pattern admits other customers' organizations
resource "aws_s3_bucket_policy" "org_pattern" {
  bucket = "shared-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::shared-111111111111/*"
      Condition = {
        # expect: TFXA013
        StringLike = { "aws:PrincipalOrgID" = "o-abc*" }
      }
    }]
  })
}

# --- an account id pattern
resource "aws_sqs_queue_policy" "account_pattern" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      # expect: TFXA005
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111111111111:jobs"
      Condition = {
        # expect: TFXA013
        StringLike = { "aws:SourceAccount" = "1111111111??" }
      }
    }]
  })
}

# --- a wildcard inside an OU id of aws:PrincipalOrgPaths
data "aws_iam_policy_document" "ou_pattern" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    # expect: TFXA013
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "aws:PrincipalOrgPaths"
      values   = ["o-a1b2c3d4e5/r-ab12/ou-ab12-*/"]
    }
  }
}

resource "aws_kms_key" "ou_pattern" {
  description = "ou pattern"
  policy      = data.aws_iam_policy_document.ou_pattern.json
}

# --- aws:userid with a wildcard before the colon (the unique id part)
resource "aws_iam_role" "userid_pattern" {
  name = "userid-pattern"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        # expect: TFXA013
        StringLike = { "aws:userid" = "AROA*:alice" }
      }
    }]
  })
}

# --- in a guardrail the pattern spares accounts it did not mean to: the SCP's exception for
#     "the security accounts" covers every account whose id starts with 9
resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "organizations:LeaveOrganization"
      Resource = "*"
      Condition = {
        # expect: TFXA013
        StringNotLike = { "aws:PrincipalAccount" = "9*" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "deny_leave" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = "r-ab12"
}
