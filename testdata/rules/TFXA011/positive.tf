# TFXA011 must fire: an identity policy allows sts:AssumeRole on "*", on roles in any account
# (a wildcard account field), or on everything but a NotResource list.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- managed policy, jsonencode, Resource "*"
resource "aws_iam_policy" "assume_anything" {
  name = "assume-anything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA011
      Resource = "*"
    }]
  })
}

# --- inline_policy block of a role, sts:* on a role name in any account
resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
  inline_policy {
    name = "assume-deployer-everywhere"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect = "Allow"
        Action = "sts:*"
        # expect: TFXA011
        Resource = "arn:aws:iam::*:role/deployer"
      }]
    })
  }
}

# --- role policy in heredoc JSON: every role of every account
resource "aws_iam_role_policy" "ci_heredoc" {
  role = aws_iam_role.ci.id
  # expect+8: TFXA011
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Resource": "arn:aws:iam::*:role/*"
    }
  ]
}
EOF
}

# --- user policy from aws_iam_policy_document
data "aws_iam_policy_document" "hop" {
  statement {
    actions = ["sts:AssumeRole"]
    # expect: TFXA011
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "hop" {
  name   = "hop"
  user   = "operator"
  policy = data.aws_iam_policy_document.hop.json
}

# --- group policy: NotResource allows every role except the one listed
resource "aws_iam_group_policy" "all_but_break_glass" {
  name  = "all-but-break-glass"
  group = "operators"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA011
      NotResource = "arn:aws:iam::111111111111:role/break-glass"
    }]
  })
}

# --- one specific role next to a wildcard-account pattern: the pattern is enough
resource "aws_iam_policy" "mixed" {
  name = "mixed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA011
      Resource = ["arn:aws:iam::222222222222:role/deployer", "arn:aws:iam::*:role/audit"]
    }]
  })
}

# --- administrator access: "*" covers sts:AssumeRole
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "*"
      # expect: TFXA011
      Resource = "*"
    }]
  })
}

# --- an action wildcard that covers sts:AssumeRole
resource "aws_iam_policy" "assume_wildcard_action" {
  name = "assume-wildcard-action"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:Assume*"
      # expect: TFXA011
      Resource = "arn:aws:iam::*:role/reader"
    }]
  })
}
