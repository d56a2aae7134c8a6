# TFXA204 must fire: a guardrail Deny with a negated ForAnyValue: test of a multivalued key and no
# Null check (requests without the key are not denied), or a guardrail attached to nothing.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_organizations_organization" "org" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = aws_organizations_organization.org.roots[0].id
}

# RCP: principals of accounts that belong to no organization carry no aws:PrincipalOrgPaths.
resource "aws_organizations_policy" "branch_perimeter" {
  name = "branch-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "BranchOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*", "sqs:*"]
      Resource  = "*"
      Condition = {
        # expect: TFXA204
        "ForAnyValue:StringNotLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] }
        BoolIfExists                = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "branch_perimeter" {
  policy_id = aws_organizations_policy.branch_perimeter.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

# SCP against exfiltration: buckets of accounts outside any organization have no
# aws:ResourceOrgPaths, so writes to them are not denied. A Null check exists, but for other actions.
data "aws_iam_policy_document" "no_exfiltration" {
  statement {
    sid         = "OwnBucketsOnly"
    effect      = "Deny"
    actions     = ["s3:PutObject", "s3:PutObjectAcl"]
    resources   = ["*"]
    # expect: TFXA204
    condition {
      test     = "ForAnyValue:StringNotLike"
      variable = "aws:ResourceOrgPaths"
      values   = ["o-a1b2c3d4e5/r-ab12/*"]
    }
  }
  statement {
    sid       = "ReadsNeedAPath"
    effect    = "Deny"
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:ResourceOrgPaths"
      values   = ["true"]
    }
  }
}

resource "aws_organizations_policy" "no_exfiltration" {
  name    = "no-exfiltration"
  content = data.aws_iam_policy_document.no_exfiltration.json
}

resource "aws_organizations_policy_attachment" "no_exfiltration" {
  policy_id = aws_organizations_policy.no_exfiltration.id
  target_id = aws_organizations_organization.org.roots[0].id
}

# SCP: keys may be used only with an encryption context of the listed keys; a request without an
# encryption context has no kms:EncryptionContextKeys and is not denied.
resource "aws_organizations_policy" "kms_context" {
  name = "kms-context"
  # expect+10: TFXA204
  content = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "ContextRequired",
        "Effect": "Deny",
        "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
        "Resource": "*",
        "Condition": {
          "ForAnyValue:StringNotEquals": { "kms:EncryptionContextKeys": ["tenant"] }
        }
      }]
    }
  JSON
}

resource "aws_organizations_policy_attachment" "kms_context" {
  policy_id = aws_organizations_policy.kms_context.id
  target_id = "222222222222"
}

# Guardrails attached to nothing: they restrict no account.
# expect: TFXA204
resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

# expect: TFXA204
resource "aws_organizations_policy" "queue_perimeter" {
  name = "queue-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = "*"
      Condition = { StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}
