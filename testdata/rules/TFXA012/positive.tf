# TFXA012 must fire: a role trusts an OIDC identity provider and no binding condition pins the
# token subject, or the subject pattern matches any repository (of any owner, or of one owner).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# --- only the audience is checked: every GitHub Actions workflow on GitHub gets in
resource "aws_iam_role" "audience_only" {
  name = "audience-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      # expect: TFXA012
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

# --- "repo:*" does not pin an owner or a repository
resource "aws_iam_role" "any_repo" {
  name = "any-repo"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole*"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        # expect: TFXA012
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*" }
      }
    }]
  })
}

# --- any repository of one owner
resource "aws_iam_role" "any_repo_of_owner" {
  name = "any-repo-of-owner"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        # expect: TFXA012
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:my-org/*" }
      }
    }]
  })
}

# --- a repository name of any owner: anyone can create a repository with that name
resource "aws_iam_role" "any_owner" {
  name = "any-owner"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        # expect: TFXA012
        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*/infra:ref:refs/heads/main" }
      }
    }]
  })
}

# --- one pinned value next to a wide one: the wide one lets everyone in
resource "aws_iam_role" "one_wide_value" {
  name = "one-wide-value"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:*"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        # expect: TFXA012
        StringLike = { "token.actions.githubusercontent.com:sub" = ["repo:my-org/app:ref:refs/heads/main", "repo:my-org/*:*"] }
      }
    }]
  })
}

# --- "*" matches every subject: not binding
resource "aws_iam_role" "star_subject" {
  name = "star-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      # expect: TFXA012
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringLike = { "token.actions.githubusercontent.com:sub" = "*" }
      }
    }]
  })
}

# --- IfExists passes when the claim is absent: not binding
resource "aws_iam_role" "if_exists_subject" {
  name = "if-exists-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      # expect: TFXA012
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEqualsIfExists = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main" }
      }
    }]
  })
}

# --- a negated operator allows every other subject: not binding
resource "aws_iam_role" "negated_subject" {
  name = "negated-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:*"
      # expect: TFXA012
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringNotLike = { "token.actions.githubusercontent.com:sub" = "repo:untrusted-org/*" }
      }
    }]
  })
}

# --- heredoc JSON, ForAllValues is true when the claim is absent: not binding
resource "aws_iam_role" "for_all_values_subject" {
  name = "for-all-values-subject"
  # expect+8: TFXA012
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:*",
      "Principal": { "Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
      "Condition": {
        "ForAllValues:StringLike": { "token.actions.githubusercontent.com:sub": ["repo:my-org/app:*"] }
      }
    }
  ]
}
EOF
}

# --- aws_iam_policy_document, any repository of one owner
data "aws_iam_policy_document" "github_org" {
  statement {
    actions = ["sts:*"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    # expect: TFXA012
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:my-org/*:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "github_org" {
  name               = "github-org"
  assume_role_policy = data.aws_iam_policy_document.github_org.json
}


# The usual GitHub Actions trust: only sts:AssumeRoleWithWebIdentity, an audience and no subject.
resource "aws_iam_role" "web_identity_only" {
  name = "web-identity-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      # expect: TFXA012
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
    }]
  })
}

data "aws_iam_policy_document" "web_identity_wide" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"]
    }
    # expect: TFXA012
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:my-org/*"]
    }
  }
}

resource "aws_iam_role" "web_identity_wide" {
  name               = "web-identity-wide"
  assume_role_policy = data.aws_iam_policy_document.web_identity_wide.json
}

# --- a subject that starts with a claim any GitHub user can put first by customising the
#     subject claim of their own repository (workflow:, environment:…): it pins no repository
resource "aws_iam_role" "workflow_subject" {
  name = "workflow-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          # expect: TFXA012
          "token.actions.githubusercontent.com:sub" = "workflow:deploy"
        }
      }
    }]
  })
}

# --- environment: first is the same
resource "aws_iam_role" "environment_subject" {
  name = "environment-subject"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = {
        # expect: TFXA012
        StringLike = { "token.actions.githubusercontent.com:sub" = "environment:production*" }
      }
    }]
  })
}

# --- the provider's account is not known (a provider resource managed by a provider
#     configuration with no account): the issuer is, and that is enough
provider "aws" {
  alias  = "ci"
  region = "eu-west-1"
}

resource "aws_iam_openid_connect_provider" "github_ci" {
  provider        = aws.ci
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

resource "aws_iam_role" "unknown_account_provider" {
  provider = aws.ci
  name     = "unknown-account-provider"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      # expect: TFXA012
      Principal = { Federated = aws_iam_openid_connect_provider.github_ci.arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

variable "ci_account" {
  type = string
}

# --- a provider ARN whose account is a variable: the issuer path is known
resource "aws_iam_role" "interpolated_account" {
  provider = aws.ci
  name     = "interpolated-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      # expect: TFXA012
      Principal = { Federated = "arn:aws:iam::${var.ci_account}:oidc-provider/token.actions.githubusercontent.com" }
    }]
  })
}

# --- GitLab.com is shared by every GitLab.com project: a subject pattern over any group
resource "aws_iam_role" "gitlab_any_group" {
  name = "gitlab-any-group"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/gitlab.com" }
      Condition = {
        StringEquals = { "gitlab.com:aud" = "https://gitlab.com" }
        # expect: TFXA012
        StringLike = { "gitlab.com:sub" = "project_path:*:ref_type:branch:ref:main" }
      }
    }]
  })
}

# --- HCP Terraform (app.terraform.io) with only the audience: every organization's runs get in
resource "aws_iam_role" "tfc_audience_only" {
  name = "tfc-audience-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      # expect: TFXA012
      Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/app.terraform.io" }
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
      }
    }]
  })
}
