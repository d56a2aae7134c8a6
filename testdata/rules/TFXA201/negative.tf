# TFXA201 must not fire: the trusted principal's own identity policies allow sts:AssumeRole on
# the role (inline_policy, aws_iam_role_policy, aws_iam_policy with an attachment, the
# AdministratorAccess and PowerUserAccess managed policies), or the principal is not defined here.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

# inline_policy on the caller role
resource "aws_iam_role" "ci" {
  provider = aws.b
  name     = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
  inline_policy {
    name = "deploy"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/deploy" }]
    })
  }
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/ci" } }]
  })
}

# aws_iam_role_policy, with a pattern covering the role and sts:* as the action
resource "aws_iam_role" "builder" {
  provider = aws.b
  name     = "builder"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "builder" {
  provider = aws.b
  role     = aws_iam_role.builder.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:*", Resource = "arn:aws:iam::111111111111:role/release-*" }]
  })
}

resource "aws_iam_role" "release_eu" {
  name = "release-eu"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/builder" } }]
  })
}

# aws_iam_policy attached to a user, built with aws_iam_policy_document
resource "aws_iam_user" "alice" {
  provider = aws.b
  name     = "alice"
}

data "aws_iam_policy_document" "alice_assume" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = [aws_iam_role.break_glass.arn]
  }
}

resource "aws_iam_policy" "alice_assume" {
  provider = aws.b
  name     = "alice-assume"
  policy   = data.aws_iam_policy_document.alice_assume.json
}

resource "aws_iam_user_policy_attachment" "alice_assume" {
  provider   = aws.b
  user       = aws_iam_user.alice.name
  policy_arn = aws_iam_policy.alice_assume.arn
}

resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = aws_iam_user.alice.arn }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

# aws_iam_policy attached to a role
resource "aws_iam_role" "reporter" {
  provider = aws.b
  name     = "reporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_policy" "reporter" {
  provider = aws.b
  name     = "reporter"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Resource = ["arn:aws:iam::111111111111:role/reports"] }]
  })
}

resource "aws_iam_role_policy_attachment" "reporter" {
  provider   = aws.b
  role       = aws_iam_role.reporter.name
  policy_arn = aws_iam_policy.reporter.arn
}

resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/reporter" } }]
  })
}

# AdministratorAccess attached to the caller
resource "aws_iam_role" "admin" {
  provider = aws.b
  name     = "admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  provider   = aws.b
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "maintenance" {
  name = "maintenance"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/admin" } }]
  })
}

# PowerUserAccess in managed_policy_arns
resource "aws_iam_role" "operator" {
  provider            = aws.b
  name                = "operator"
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "operations" {
  name = "operations"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/operator" } }]
  })
}

# A principal not defined in the scanned configuration: its policies are not known.
resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/defined-elsewhere" } }]
  })
}

# A whole account is trusted, not a specific principal: that account's IAM decides.
resource "aws_iam_role" "account_wide" {
  name = "account-wide"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:root" }
      Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::222222222222:role/idle" } }
    }]
  })
}

# A Deny naming the principal is not a trust.
resource "aws_iam_role" "denied" {
  name = "denied"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/idle" } },
    ]
  })
}

resource "aws_iam_role" "idle" {
  provider = aws.b
  name     = "idle"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

# In the same account, a trust policy naming the caller's ARN is enough on its own: the caller
# needs no identity policy (IAM evaluates the role's trust as a resource-based policy).
resource "aws_iam_role" "local_caller" {
  name = "local-caller"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "local_target" {
  name = "local-target"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.local_caller.arn } }]
  })
}

# EC2ImageBuilderExecutionPolicy, an AWS managed policy read from the shipped documents, allows
# sts:AssumeRole on roles named EC2ImageBuilderDistributionCrossAccountRole in any account:
# attached by ARN (aws_iam_policy_attachment) ...
resource "aws_iam_role" "image_builder" {
  provider = aws.b
  name     = "image-builder"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "imagebuilder.amazonaws.com" } }]
  })
}

resource "aws_iam_policy_attachment" "image_builder" {
  provider   = aws.b
  name       = "image-builder"
  roles      = [aws_iam_role.image_builder.name]
  policy_arn = "arn:aws:iam::aws:policy/EC2ImageBuilderExecutionPolicy"
}

resource "aws_iam_role" "image_distribution" {
  name = "EC2ImageBuilderDistributionCrossAccountRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/image-builder" } },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = aws_iam_user.packer.arn }
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
      },
    ]
  })
}

# ... and by the ARN of data "aws_iam_policy" that names it (the ARN comes from the shipped data)
data "aws_iam_policy" "image_builder" {
  name = "EC2ImageBuilderExecutionPolicy"
}

resource "aws_iam_user" "packer" {
  provider = aws.b
  name     = "packer"
}

resource "aws_iam_user_policy_attachment" "packer" {
  provider   = aws.b
  user       = aws_iam_user.packer.name
  policy_arn = data.aws_iam_policy.image_builder.arn
}
