# TFXA008 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "effect" {
  type = string
}

variable "excluded" {
  type = list(string)
}

# The effect is unknown: the statement may be a Deny, nothing is reported.
resource "aws_iam_role" "unknown_effect" {
  name = "unknown-effect"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:role/ops" } },
      { Effect = var.effect, Action = "sts:AssumeRole", NotPrincipal = { AWS = "arn:aws:iam::111111111111:role/ops" } },
    ]
  })
}

resource "aws_sns_topic" "events" {
  name = "events"
}

# An Allow with NotPrincipal grants everyone but the listed principals whatever they are:
# reported even though the excluded principals are unknown.
resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA008
      NotPrincipal = { AWS = var.excluded }
      Action       = "sns:Subscribe"
      Resource     = "arn:aws:sns:eu-west-1:111111111111:events"
    }]
  })
}
