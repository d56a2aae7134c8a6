# TFXA002 must not fire: internal accounts, an ExternalId (even a weak one, TFXA004's concern),
# a binding organization condition, services, identity providers, and "*" (TFXA003's concern).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "internal_account" {
  name = "internal-account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    # expect: TFXA007
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::555555555555:role/deployer" } }]
  })
}

resource "aws_iam_role" "vendor_with_external_id" {
  name = "vendor-with-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

resource "aws_iam_role" "vendor_with_weak_external_id" {
  name = "vendor-with-weak-external-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
      # expect: TFXA004
      Condition = { StringLike = { "sts:ExternalId" = "*" } }
    }]
  })
}

resource "aws_iam_role" "org_condition" {
  name = "org-condition"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::333333333333:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

resource "aws_iam_role" "service" {
  name = "service"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "github_oidc" {
  name = "github-oidc"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringEquals = { "token.actions.githubusercontent.com:sub" = "repo:octo/app:ref:refs/heads/main" } }
    }]
  })
}

resource "aws_iam_role" "anyone" {
  name = "anyone"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA003
      Principal = { AWS = "*" }
    }]
  })
}

# A trust limited to humans with MFA is TFXA006's concern, not a confused deputy: no external id is asked for.
resource "aws_iam_role" "humans_with_mfa" {
  name = "humans-with-mfa"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::333333333333:root" }
      Condition = { NumericLessThan = { "aws:MultiFactorAuthAge" = "3600" } }
    }]
  })
}
