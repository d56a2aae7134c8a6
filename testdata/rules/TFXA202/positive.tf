# TFXA202 must fire: an identity policy lets its holder call sts:AssumeRole on a role defined in
# this configuration (exact ARN), but the role's trust policy does not admit that holder.
# Account 111111111111 (default provider) holds the roles; 222222222222 (aws.b) the callers.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

# --- inline_policy of a role; the target trusts a different role of the same account
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
      Version = "2012-10-17"
      Statement = [{
        Effect = "Allow"
        Action = "sts:AssumeRole"
        # expect: TFXA202
        Resource = "arn:aws:iam::111111111111:role/deploy"
      }]
    })
  }
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/release-pipeline" } }]
  })
}

# --- aws_iam_user_policy; the target trusts only a service
resource "aws_iam_user" "alice" {
  provider = aws.b
  name     = "alice"
}

resource "aws_iam_user_policy" "alice" {
  provider = aws.b
  user     = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["sts:AssumeRole", "sts:TagSession"]
      # expect: TFXA202
      Resource = [aws_iam_role.etl.arn]
    }]
  })
}

resource "aws_iam_role" "etl" {
  name = "etl"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "glue.amazonaws.com" } }]
  })
}

# --- aws_iam_policy attached to a role, written with aws_iam_policy_document; the target trusts
# the caller but also denies it explicitly
data "aws_iam_policy_document" "reporter" {
  statement {
    actions = ["sts:*"]
    # expect: TFXA202
    resources = ["arn:aws:iam::111111111111:role/reports"]
  }
}

resource "aws_iam_policy" "reporter" {
  provider = aws.b
  name     = "reporter"
  policy   = data.aws_iam_policy_document.reporter.json
}

resource "aws_iam_role" "reporter" {
  provider = aws.b
  name     = "reporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
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
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/reporter" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/reporter" } },
    ]
  })
}

# --- aws_iam_role_policy; the target trusts another account's root, not the caller's
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
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA202
      Resource = ["arn:aws:iam::111111111111:role/packer", "arn:aws:iam::111111111111:role/release"]
    }]
  })
}

resource "aws_iam_role" "release" {
  name = "release"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })
}

# --- same account: a role's policy names a role of its own account that trusts only EC2
resource "aws_iam_role" "local_worker" {
  name = "local-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "local_worker" {
  role = aws_iam_role.local_worker.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA202
      Resource = aws_iam_role.instance.arn
    }]
  })
}

resource "aws_iam_role" "instance" {
  name = "instance"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
