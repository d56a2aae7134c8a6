# TFXA202 must not fire: the role's trust admits the caller (its ARN, or its account root), the
# permission names roles by pattern or roles not defined here, or the policy applies to no one.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

# The trust names the caller's ARN.
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
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.deploy.arn }]
    })
  }
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.ci.arn } }]
  })
}

# The trust names the caller's account root (another account: TFXA001's concern, not this rule's).
resource "aws_iam_user" "alice" {
  provider = aws.b
  name     = "alice"
}

resource "aws_iam_user_policy" "alice" {
  provider = aws.b
  user     = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/read-only" }]
  })
}

resource "aws_iam_role" "read_only" {
  name = "read-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001
      Principal = { AWS = "222222222222" }
    }]
  })
}

# The trust names the caller's own account root (same account).
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
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.local_admin.arn }]
  })
}

resource "aws_iam_role" "local_admin" {
  name = "local-admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })
}

# A pattern is not an exact ARN: which roles it is meant for is not known.
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
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111111111111:role/deploy*" }]
  })
}

# A role that is not defined in the scanned configuration: its trust is not known.
resource "aws_iam_role_policy" "builder_elsewhere" {
  provider = aws.b
  role     = aws_iam_role.builder.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::333333333333:role/packer" }]
  })
}

# A policy attached to no identity has no caller to check.
resource "aws_iam_policy" "unattached" {
  name = "unattached"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.instance.arn }]
  })
}

resource "aws_iam_role" "instance" {
  name = "instance"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

# A Deny of sts:AssumeRole is not a grant.
resource "aws_iam_role_policy" "deny_instance" {
  role = aws_iam_role.local_worker.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "sts:AssumeRole", Resource = aws_iam_role.instance.arn }]
  })
}
