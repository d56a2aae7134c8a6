# TFXA204 must not fire: ForAllValues: (true when the key is absent), ForAnyValue: with a Null
# companion for the same actions, IfExists and plain negated operators (the Deny idiom), positive
# ForAnyValue: tests, tag-key allow lists, Allow statements, FullAWSAccess, attached guardrails.
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

resource "aws_organizations_policy" "branch_perimeter" {
  name = "branch-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "BranchOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "*"
        Condition = {
          "ForAnyValue:StringNotLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] }
          BoolIfExists                = { "aws:PrincipalIsAWSService" = "false" }
        }
      },
      {
        Sid       = "NoPathNoAccess"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "*"
        Condition = {
          Null         = { "aws:PrincipalOrgPaths" = "true" }
          BoolIfExists = { "aws:PrincipalIsAWSService" = "false" }
        }
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "branch_perimeter" {
  policy_id = aws_organizations_policy.branch_perimeter.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy" "guardrails" {
  name = "guardrails"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OwnBucketsOnly"
        Effect    = "Deny"
        Action    = "s3:PutObject"
        Resource  = "*"
        Condition = { "ForAllValues:StringNotLike" = { "aws:ResourceOrgPaths" = ["o-a1b2c3d4e5/r-ab12/*"] } }
      },
      {
        Sid       = "OrgOnly"
        Effect    = "Deny"
        Action    = "s3:GetObject"
        Resource  = "*"
        Condition = { StringNotEqualsIfExists = { "aws:ResourceOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "ApprovedTagKeysOnly"
        Effect    = "Deny"
        Action    = "ec2:CreateTags"
        Resource  = "*"
        Condition = { "ForAnyValue:StringNotEquals" = { "aws:TagKeys" = ["owner", "cost-center"] } }
      },
      {
        Sid       = "NoReservedTags"
        Effect    = "Deny"
        Action    = "ec2:CreateTags"
        Resource  = "*"
        Condition = { "ForAnyValue:StringLike" = { "aws:TagKeys" = ["aws-reserved*"] } }
      },
      {
        Sid       = "NotThroughServices"
        Effect    = "Deny"
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { "ForAnyValue:StringNotEqualsIfExists" = { "aws:CalledVia" = ["s3.amazonaws.com"] } }
      },
      {
        Sid       = "EuOnly"
        Effect    = "Allow"
        NotAction = ["iam:*", "sts:*"]
        Resource  = "*"
        Condition = { "ForAnyValue:StringNotLike" = { "aws:CalledVia" = ["cloudformation.amazonaws.com"] } }
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "guardrails" {
  policy_id = aws_organizations_policy.guardrails.id
  target_id = aws_organizations_organization.org.roots[0].id
}

# The AWS managed FullAWSAccess SCP, attached by its id, is not a guardrail of this configuration.
resource "aws_organizations_policy_attachment" "full_access" {
  policy_id = "p-FullAWSAccess"
  target_id = aws_organizations_organizational_unit.workloads.id
}

# Attached through a for_each over the units.
resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "deny_leave" {
  for_each  = { workloads = aws_organizations_organizational_unit.workloads.id }
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = each.value
}

# A tag policy is not an access guardrail.
resource "aws_organizations_policy" "tags" {
  name    = "tags"
  type    = "TAG_POLICY"
  content = jsonencode({ tags = { owner = { tag_key = { "@@assign" = "owner" } } } })
}
