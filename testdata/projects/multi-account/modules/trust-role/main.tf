variable "name" {
  type = string
}

variable "trusted_arns" {
  type = list(string)
}

variable "external_id" {
  type    = string
  default = null
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "Trusted"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.trusted_arns
    }
    dynamic "condition" {
      for_each = var.external_id == null ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

output "arn" {
  value = aws_iam_role.this.arn
}
