# AWS managed policies are known offline: data "aws_iam_policy" naming one (by name, by name
# under a path prefix, or by ARN) yields its document, ARN, name and path from the shipped
# AWS managed policy data. A copy of AdministratorAccess allows sts:AssumeRole on "*" (TFXA011).
# A name or ARN the data does not hold stays unknown, read from AWS during plan.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_partition" "current" {}

# by name
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

resource "aws_iam_policy" "admin_copy" {
  name = "admin-copy"
  # expect: TFXA011
  policy = data.aws_iam_policy.admin.policy
}

# by ARN, its partition from aws_partition
data "aws_iam_policy" "admin_by_arn" {
  arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "runner" {
  name = "runner"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "runner" {
  role = aws_iam_role.runner.id
  # expect: TFXA011
  policy = data.aws_iam_policy.admin_by_arn.policy
}

# by name under a path prefix, merged into a document with source_policy_documents
data "aws_iam_policy" "power_user" {
  name        = "PowerUserAccess"
  path_prefix = "/"
}

data "aws_iam_policy" "billing" {
  name        = "Billing"
  path_prefix = "/job-function/"
}

# expect: TFXA011
data "aws_iam_policy_document" "operator" {
  source_policy_documents = [
    data.aws_iam_policy.power_user.policy,
    data.aws_iam_policy.billing.policy,
  ]
}

resource "aws_iam_policy" "operator" {
  name   = "operator"
  policy = data.aws_iam_policy_document.operator.json
}

# a name under another path than its own, a name AWS does not define, an ARN the data does not
# hold: unknown, nothing is reported
data "aws_iam_policy" "admin_elsewhere" {
  name        = "AdministratorAccess"
  path_prefix = "/service-role/"
}

data "aws_iam_policy" "customer" {
  name = "team-administrators"
}

data "aws_iam_policy" "unreleased" {
  arn = "arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData"
}

resource "aws_iam_policy" "unknown_copies" {
  for_each = {
    elsewhere  = data.aws_iam_policy.admin_elsewhere.policy
    customer   = data.aws_iam_policy.customer.policy
    unreleased = data.aws_iam_policy.unreleased.policy
  }
  name   = each.key
  policy = each.value
}
