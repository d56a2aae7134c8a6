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

resource "aws_organizations_organizational_unit" "prod" {
  name      = "prod"
  parent_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_account" "app" {
  name      = "app"
  email     = "aws+app@example.com"
  parent_id = aws_organizations_organizational_unit.prod.id
}

resource "aws_organizations_account" "data" {
  name      = "data"
  email     = "aws+data@example.com"
  parent_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "NoLeaving", Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "deny_leave" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = aws_organizations_organization.org.roots[0].id
}

# An allow list: regional services in eu-west-1 only, global services anywhere.
resource "aws_organizations_policy" "eu_only" {
  name = "eu-only"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RegionalInEuWest1"
        Effect    = "Allow"
        NotAction = ["iam:*", "sts:*", "organizations:*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = ["eu-west-1"] } }
      },
      {
        Sid      = "GlobalServices"
        Effect   = "Allow"
        Action   = ["iam:*", "sts:*", "organizations:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "eu_only" {
  policy_id = aws_organizations_policy.eu_only.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy" "keep_buckets" {
  name = "keep-buckets"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid         = "NoBucketDeletion"
      Effect      = "Deny"
      Action      = "s3:DeleteBucket"
      NotResource = ["arn:aws:s3:::example-scratch-*"]
    }]
  })
}

resource "aws_organizations_policy_attachment" "keep_buckets" {
  policy_id = aws_organizations_policy.keep_buckets.id
  target_id = aws_organizations_account.data.id
}

resource "aws_organizations_policy" "data_perimeter" {
  name = "data-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrganizationOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:*", "sqs:*", "kms:*", "sts:AssumeRole", "secretsmanager:*"]
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-guardrails01" }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "data_perimeter" {
  policy_id = aws_organizations_policy.data_perimeter.id
  target_id = aws_organizations_organization.org.roots[0].id
}
