# TFXA011 with values that cannot be known statically: only a resource known to be "*" or to
# have a wildcard account is reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "role_arns" {
  type = list(string)
}

variable "target_account" {
  type = string
}

variable "actions" {
  type = list(string)
}

variable "extra_role" {
  type = string
}

# The resources are entirely unknown: nothing is reported (--report-unknown lists them).
resource "aws_iam_policy" "unknown_resources" {
  name = "unknown-resources"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = var.role_arns }]
  })
}

# The account of the role is unknown: it may be one specific account, not reported.
resource "aws_iam_policy" "unknown_account" {
  name = "unknown-account"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::${var.target_account}:role/deployer" }]
  })
}

# The actions are unknown: they may not include sts:AssumeRole, not reported.
resource "aws_iam_policy" "unknown_actions" {
  name = "unknown-actions"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

# A known "*" next to an unknown item: the "*" alone is enough, reported.
resource "aws_iam_policy" "known_star_and_unknown" {
  name = "known-star-and-unknown"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA011
      Resource = ["*", var.extra_role]
    }]
  })
}
