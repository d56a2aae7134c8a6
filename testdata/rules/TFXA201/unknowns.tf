# TFXA201 with values that cannot be known statically: nothing is reported, --report-unknown
# lists what could not be checked.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

variable "policy_arn" {
  type = string
}

variable "target_role_arn" {
  type = string
}

variable "role_name" {
  type = string
}

variable "caller_arn" {
  type = string
}

# A policy attached through an unknown ARN may allow the assumption.
resource "aws_iam_role" "ci" {
  provider = aws.b
  name     = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "ci" {
  provider   = aws.b
  role       = aws_iam_role.ci.name
  policy_arn = var.policy_arn
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/ci" } }]
  })
}

# A customer managed policy that is not in the scanned configuration may allow it.
resource "aws_iam_role" "builder" {
  provider            = aws.b
  name                = "builder"
  managed_policy_arns = ["arn:aws:iam::222222222222:policy/assume-release-roles"]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "release" {
  name = "release"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/builder" } }]
  })
}

# The caller's identity policy names an unknown resource: it may be this role.
resource "aws_iam_role" "reporter" {
  provider = aws.b
  name     = "reporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  inline_policy {
    name = "assume"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = var.target_role_arn }]
    })
  }
}

resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/reporter" } }]
  })
}

# The role's name, and so its ARN, is unknown: the caller's permission cannot be checked.
resource "aws_iam_role" "idle" {
  provider = aws.b
  name     = "idle"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "named_later" {
  name = var.role_name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/idle" } }]
  })
}

# The trusted principal is unknown: it cannot be matched with a principal defined here.
resource "aws_iam_role" "unknown_caller" {
  name = "unknown-caller"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.caller_arn } }]
  })
}

# An AWS managed policy the shipped data does not hold (added after its date, or misspelt) may allow it.
resource "aws_iam_role" "newcomer" {
  provider = aws.b
  name     = "newcomer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "newcomer" {
  provider   = aws.b
  role       = aws_iam_role.newcomer.name
  policy_arn = "arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData"
}

resource "aws_iam_role" "welcome" {
  name = "welcome"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/newcomer" } }]
  })
}

# data "aws_iam_policy" naming no AWS managed policy reads a customer policy during plan: unknown.
data "aws_iam_policy" "team" {
  name = "team-assume-roles"
}

resource "aws_iam_role" "team" {
  provider = aws.b
  name     = "team"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "team" {
  provider = aws.b
  role     = aws_iam_role.team.id
  policy   = data.aws_iam_policy.team.policy
}

resource "aws_iam_role" "team_target" {
  name = "team-target"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/team" } }]
  })
}
