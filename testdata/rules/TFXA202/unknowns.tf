# TFXA202 with values that cannot be known statically: nothing is reported, --report-unknown
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

variable "external_id" {
  type = string
}

variable "trusted" {
  type = list(string)
}

variable "target_role_arn" {
  type = string
}

variable "caller_name" {
  type = string
}

resource "aws_iam_role" "ci" {
  provider = aws.b
  name     = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
  inline_policy {
    name = "assume"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = [aws_iam_role.deploy.arn, aws_iam_role.release.arn, var.target_role_arn]
      }]
    })
  }
}

# The trust names the caller under a condition whose value is unknown: the caller may meet it.
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

# The trusted principals are unknown: they may include the caller.
resource "aws_iam_role" "release" {
  name = "release"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.trusted } }]
  })
}

# The caller's name, and so its ARN, is unknown: the trust cannot be checked against it.
resource "aws_iam_role" "unnamed" {
  provider = aws.b
  name     = var.caller_name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
  inline_policy {
    name = "assume"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.instance.arn }]
    })
  }
}

resource "aws_iam_role" "instance" {
  name = "instance"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
