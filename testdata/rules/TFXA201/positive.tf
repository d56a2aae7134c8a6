# TFXA201 must fire: a role trusts a role or user defined in this configuration, but nothing in
# that principal's own identity policies allows sts:AssumeRole on the role.
# Account 111111111111 (default provider) holds the roles; 222222222222 (aws.b) holds the callers.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

# --- the caller has an inline policy, but for S3 only
resource "aws_iam_role" "ci" {
  provider = aws.b
  name     = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
  inline_policy {
    name = "artifacts"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-artifacts/*" }]
    })
  }
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
    }]
  })
}

# --- the caller's role policy allows assuming a different role
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
  role     = aws_iam_role.builder.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/packer" }]
  })
}

data "aws_iam_policy_document" "release_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA201
      identifiers = ["arn:aws:iam::222222222222:role/builder"]
    }
  }
}

resource "aws_iam_role" "release" {
  name               = "release"
  assume_role_policy = data.aws_iam_policy_document.release_trust.json
}

# --- a user whose customer managed policy (attached) names another role
resource "aws_iam_user" "alice" {
  provider = aws.b
  name     = "alice"
}

resource "aws_iam_policy" "alice_assume" {
  provider = aws.b
  name     = "alice-assume"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/read-only" }]
  })
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
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:user/alice" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

# --- the caller's own policy allows the role, and also denies it: the deny wins
resource "aws_iam_role" "auditor" {
  provider = aws.b
  name     = "auditor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  inline_policy {
    name = "assume"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/audit" },
        { Effect = "Deny", Action = "sts:*", Resource = "arn:aws:iam::111111111111:role/*" },
      ]
    })
  }
}

resource "aws_iam_role" "audit" {
  name = "audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = ["arn:aws:iam::222222222222:role/auditor"] }
    }]
  })
}

# --- the caller has no identity policy at all
resource "aws_iam_role" "idle" {
  provider = aws.b
  name     = "idle"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "reports" {
  name = "reports"
  path = "/team/"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = {
        # expect: TFXA201
        AWS = "arn:aws:iam::222222222222:role/idle"
      }
    }]
  })
}

# --- AWS managed policies, read from the shipped documents: none of them allows sts:AssumeRole on the role
# AmazonS3ReadOnlyAccess attached to the caller role by ARN
resource "aws_iam_role" "analyst" {
  provider = aws.b
  name     = "analyst"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "analyst" {
  provider   = aws.b
  role       = aws_iam_role.analyst.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role" "analytics" {
  name = "analytics"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }
    }]
  })
}

# ReadOnlyAccess (sts:GetCallerIdentity and the like, not sts:AssumeRole) attached to the user's group
resource "aws_iam_user" "bob" {
  provider = aws.b
  name     = "bob"
}

resource "aws_iam_group" "readers" {
  provider = aws.b
  name     = "readers"
}

resource "aws_iam_user_group_membership" "bob" {
  provider = aws.b
  user     = aws_iam_user.bob.name
  groups   = [aws_iam_group.readers.name]
}

resource "aws_iam_group_policy_attachment" "readers" {
  provider   = aws.b
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role" "audit_read" {
  name = "audit-read"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:user/bob" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

# EC2ImageBuilderExecutionPolicy (managed_policy_arns) allows sts:AssumeRole on roles named
# EC2ImageBuilderDistributionCrossAccountRole only
resource "aws_iam_role" "image_builder" {
  provider            = aws.b
  name                = "image-builder"
  managed_policy_arns = ["arn:aws:iam::aws:policy/EC2ImageBuilderExecutionPolicy"]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "imagebuilder.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "image_distribution" {
  name = "image-distribution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:role/image-builder" }
    }]
  })
}

# AmazonS3ReadOnlyAccess read with data "aws_iam_policy" by ARN, copied into a customer policy
data "aws_iam_policy" "s3_read" {
  arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role" "exporter" {
  provider = aws.b
  name     = "exporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "exporter" {
  provider = aws.b
  role     = aws_iam_role.exporter.id
  policy   = data.aws_iam_policy.s3_read.policy
}

resource "aws_iam_role" "exports" {
  name = "exports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA201
      Principal = { AWS = "arn:aws:iam::222222222222:role/exporter" }
    }]
  })
}
