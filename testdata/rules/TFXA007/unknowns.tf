# TFXA007 with values that cannot be known statically (organization configured in .tfxacct.yml).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider configuration that names no account.
provider "aws" {
  alias  = "somewhere"
  region = "eu-west-1"
}

variable "org_id" {
  type = string
}

variable "prod_account" {
  type = string
}

variable "extra_conditions" {
  type = list(object({ test = string, variable = string, values = list(string) }))
}

# The organization condition's value is unknown: it may be binding, nothing is reported.
resource "aws_iam_role" "unknown_org_value" {
  name = "unknown-org-value"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::555555555555:role/deployer" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
    }]
  })
}

# The grantee's account id is unknown: it is not known to be an organization account (TFXA002
# reports it as not known to be internal).
resource "aws_iam_role" "unknown_principal_account" {
  name = "unknown-principal-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::${var.prod_account}:role/deployer" }
    }]
  })
}

# The role's own account is unknown: 555555555555 may be that account, nothing is reported.
resource "aws_iam_role" "unknown_own_account" {
  provider = aws.somewhere
  name     = "unknown-own-account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::555555555555:role/deployer" } }]
  })
}

# Conditions built from an unknown list may hold the organization condition: nothing is reported.
data "aws_iam_policy_document" "dynamic_conditions" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::666666666666:role/auditor"]
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

resource "aws_iam_role" "dynamic_conditions" {
  name               = "dynamic-conditions"
  assume_role_policy = data.aws_iam_policy_document.dynamic_conditions.json
}
