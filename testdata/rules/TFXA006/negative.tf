# TFXA006 must not fire: MFA is required, the trust is limited to role ARNs (automation), the
# role is a third-party external-id role, TFXA001 already reports the statement, or the people
# are in the role's own account.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_caller_identity" "current" {}

# MFA required with Bool aws:MultiFactorAuthPresent = "true".
resource "aws_iam_role" "user_with_mfa" {
  name = "user-with-mfa"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:user/alice" }
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" }
        Bool         = { "aws:MultiFactorAuthPresent" = "true" }
      }
    }]
  })
}

# MFA required with NumericLessThan aws:MultiFactorAuthAge (heredoc JSON).
resource "aws_iam_role" "root_org_mfa_age" {
  name               = "root-org-mfa-age"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "222222222222" },
      "Condition": {
        "StringEquals": { "aws:PrincipalOrgID": "o-abcdefghij" },
        "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" }
      }
    }
  ]
}
EOF
}

# Limited to role ARNs: automation, not people.
data "aws_iam_policy_document" "ci_roles" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/ci", "arn:aws:iam::333333333333:role/deployer"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
}

resource "aws_iam_role" "ci_roles" {
  name               = "ci-roles"
  assume_role_policy = data.aws_iam_policy_document.ci_roles.json
}

# An account root narrowed to one role by aws:PrincipalArn: not only an organization condition.
resource "aws_iam_role" "root_pinned_to_role" {
  name = "root-pinned-to-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" }
        ArnEquals    = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/ci" }
      }
    }]
  })
}

# A third-party role with an external id (even for a vendor's user).
resource "aws_iam_role" "vendor_external_id" {
  name = "vendor-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["999999999999", "arn:aws:iam::999999999999:user/support"] }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

# TFXA001 already reports a whole account trusted with no condition: TFXA006 stays silent.
resource "aws_iam_role" "root_no_conditions" {
  name = "root-no-conditions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
    }]
  })
}

# Users of the role's own account are not a cross-account trust.
resource "aws_iam_role" "own_account_users" {
  name = "own-account-users"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = {
        AWS = [
          "arn:aws:iam::111111111111:user/erin",
          "arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/frank",
        ]
      }
    }]
  })
}

# A Deny statement does not let anyone in.
resource "aws_iam_role" "deny_user" {
  name = "deny-user"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:user/mallory" } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
    ]
  })
}

# TFXA001 already reports this statement (a whole account, no binding condition): no TFXA006.
resource "aws_iam_role" "root_and_user" {
  name = "root-and-user"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = ["arn:aws:iam::222222222222:root", "arn:aws:iam::222222222222:user/alice"] }
    }]
  })
}
