# TFXA009 with values that cannot be known statically.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "allowed_tag_keys" {
  type = list(string)
}

variable "effect" {
  type = string
}

variable "extra_conditions" {
  type = list(object({ test = string, variable = string, values = list(string) }))
}

# The allowed values are unknown, but ForAllValues is true without the key whatever they are:
# reported.
resource "aws_iam_policy" "unknown_values" {
  name = "unknown-values"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ec2:CreateTags"
      Resource = "*"
      # expect: TFXA009
      Condition = { "ForAllValues:StringEquals" = { "aws:TagKeys" = var.allowed_tag_keys } }
    }]
  })
}

# The effect is unknown: the statement may be a Deny, nothing is reported.
resource "aws_iam_policy" "unknown_effect" {
  name = "unknown-effect"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = var.effect
      Action    = "ec2:CreateTags"
      Resource  = "*"
      Condition = { "ForAllValues:StringEquals" = { "aws:TagKeys" = ["team"] } }
    }]
  })
}

# Other conditions come from an unknown list and may include the Null check: nothing is reported.
data "aws_iam_policy_document" "dynamic_conditions" {
  statement {
    actions   = ["ec2:CreateTags"]
    resources = ["*"]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["team"]
    }
    dynamic "condition" {
      for_each = var.extra_conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_iam_policy" "dynamic_conditions" {
  name   = "dynamic-conditions"
  policy = data.aws_iam_policy_document.dynamic_conditions.json
}

variable "require_tags" {
  type = string
}

# The Null guard's value is unknown: it may be "false"; nothing is reported.
resource "aws_iam_role" "null_guard_unknown" {
  name = "null-guard-unknown"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { Service = "ec2.amazonaws.com" }
      Condition = {
        "ForAllValues:StringEquals" = { "aws:TagKeys" = ["team"] }
        Null                        = { "aws:TagKeys" = var.require_tags }
      }
    }]
  })
}
