# TFXA012 must not fire: the subject is pinned to an owner/repository (and a branch, tag or
# environment), or the trust is not an OIDC trust.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# Owner, repository and branch pinned with StringEquals.
resource "aws_iam_role" "pinned_branch" {
  name = "pinned-branch"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main"
        }
      }
    }]
  })
}

# Owner, repository and deployment environment pinned with StringLike.
resource "aws_iam_role" "pinned_environment" {
  name = "pinned-environment"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:environment:production" }
      }
    }]
  })
}

# Several values, each pinning owner and repository (a tag pattern inside one repository is fine).
data "aws_iam_policy_document" "pinned_list" {
  statement {
    actions = ["sts:*"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:my-org/app:ref:refs/heads/main", "repo:my-org/app:ref:refs/tags/v*"]
    }
  }
}

resource "aws_iam_role" "pinned_list" {
  name               = "pinned-list"
  assume_role_policy = data.aws_iam_policy_document.pinned_list.json
}

# ForAnyValue with a positive operator is binding.
resource "aws_iam_role" "for_any_value" {
  name = "for-any-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        "ForAnyValue:StringEquals" = { "token.actions.githubusercontent.com:sub" = ["repo:my-org/app:ref:refs/heads/main"] }
      }
    }]
  })
}

# Another OIDC provider (EKS IRSA) with the subject pinned to one service account.
resource "aws_iam_role" "eks_service_account" {
  name = "eks-service-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789" }
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:aud" = "sts.amazonaws.com"
          "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub" = "system:serviceaccount:payments:api"
        }
      }
    }]
  })
}

# A Deny is not a trust.
resource "aws_iam_role" "deny_only" {
  name = "deny-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Deny", Action = "sts:*", Principal = { Federated = aws_iam_openid_connect_provider.github.arn } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
    ]
  })
}

# Not an OIDC trust: a SAML provider.
resource "aws_iam_role" "saml" {
  name = "saml"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithSAML"
      Principal = { Federated = "arn:aws:iam::111111111111:saml-provider/corporate-idp" }
      Condition = { StringEquals = { "SAML:aud" = "https://signin.aws.amazon.com/saml" } }
    }]
  })
}

# Conditions are ANDed: the exact pin decides, whatever the wider pattern beside it allows.
resource "aws_iam_role" "pinned_and_wide" {
  name = "pinned-and-wide"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/*" }
      }
    }]
  })
}

# --- a per-customer issuer (an EKS cluster's IRSA issuer) is pinned by the issuer itself: only
#     the cluster's own service accounts get tokens from it, so an audience-only trust is not open
#     to other customers (scoping it to one service account is still good practice)
resource "aws_iam_role" "eks_audience_only" {
  name = "eks-audience-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789" }
      Condition = {
        StringEquals = { "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

# --- StringEquals compares literally: "repo:acme/*" matches no token, so this trust is dead
#     (TFXA302 says so), not open to every repository of acme
resource "aws_iam_role" "literal_star_subject" {
  name = "literal-star-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          # expect: TFXA302
          "token.actions.githubusercontent.com:sub" = "repo:acme/*"
        }
      }
    }]
  })
}

# --- numeric ids GitHub fills in itself pin the owner
resource "aws_iam_role" "owner_id_subject" {
  name = "owner-id-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringLike = { "token.actions.githubusercontent.com:sub" = "repository_owner_id:123456:*" }
      }
    }]
  })
}

# --- GitLab.com pinned to one project, HCP Terraform pinned to one organization
resource "aws_iam_role" "gitlab_project" {
  name = "gitlab-project"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/gitlab.com" }
      Condition = {
        StringLike = { "gitlab.com:sub" = "project_path:acme/platform/infra:ref_type:branch:ref:main" }
      }
    }]
  })
}

resource "aws_iam_role" "tfc_org" {
  name = "tfc-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/app.terraform.io" }
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
        StringLike   = { "app.terraform.io:sub" = "organization:acme:project:*:workspace:prod-*:run_phase:*" }
      }
    }]
  })
}

# --- per-customer issuers: CircleCI's organization issuer and a Bitbucket workspace's issuer
#     carry the customer in the issuer itself
resource "aws_iam_role" "circleci" {
  name = "circleci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/oidc.circleci.com/org/0b2a8f33-1c4d-4c47-9f43-7f0a3c4f9c1e" }
      Condition = {
        StringEquals = { "oidc.circleci.com/org/0b2a8f33-1c4d-4c47-9f43-7f0a3c4f9c1e:aud" = "0b2a8f33-1c4d-4c47-9f43-7f0a3c4f9c1e" }
      }
    }]
  })
}

resource "aws_iam_role" "bitbucket" {
  name = "bitbucket"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc" }
      Condition = {
        StringEquals = { "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:aud" = "ari:cloud:bitbucket::workspace/5e7a6f0c-9d1b-4b8e-8a52-1f7c0b9d3e21" }
      }
    }]
  })
}
