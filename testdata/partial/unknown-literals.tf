# Condition values that are not known statically, where the operator decides whether they can
# change the answer. Under StringEquals a value is a literal: an unknown one still pins the key to
# one value (binding). Under a pattern operator it may be a wildcard (not decided), unless it is
# the account field of an ARN and reads an account id. The provider's account is unknown here.
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

variable "source_account" {
  type = string
}

resource "aws_sqs_queue" "q" {
  name = "q"
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # the caller's own account, whatever its id: bound
      {
        Sid       = "OwnAccount"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
      # an ARN pattern whose account field is the caller's account id: bound
      {
        Sid       = "OwnAlarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:*" } }
      },
      # a variable under StringLike may be "*": not decided (listed by --report-unknown)
      {
        Sid       = "MaybeAnyAccount"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
        Condition = { StringLike = { "aws:SourceAccount" = var.source_account } }
      },
      # IfExists passes when the key is absent, whatever the value: reported
      {
        Sid    = "IfExists"
        Effect = "Allow"
        # expect: TFXA005
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q.arn
        Condition = { StringEqualsIfExists = { "aws:SourceAccount" = var.source_account } }
      },
    ]
  })
}

variable "trusted_account" {
  type = string
}

# "*" pinned by aws:PrincipalAccount to an account given by a variable: a whole account, whose id
# is unknown, is trusted (TFXA001 at the "*"; not public, so no TFXA003).
resource "aws_iam_role" "pinned_to_variable" {
  name = "pinned-to-variable"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = var.trusted_account } }
    }]
  })
}

# "*" pinned to the caller's own account: every principal of the role's own account, nothing to report.
resource "aws_iam_role" "pinned_to_own_account" {
  name = "pinned-to-own-account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }]
  })
}

# A root of an account given by a variable, with aws:PrincipalAccount naming a literal account:
# if the variable is that account the condition narrows nothing, so TFXA001 is not decided.
resource "aws_iam_role" "root_and_literal_account" {
  name = "root-and-literal-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::${var.trusted_account}:root" }
      Condition = { StringEquals = { "aws:PrincipalAccount" = "222222222222" } }
    }]
  })
}
