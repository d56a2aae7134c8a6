# TFXA204 with values that cannot be known statically: nothing is reported.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

variable "policy_id" {
  type = string
}

variable "null_check" {
  type = string
}

variable "type" {
  type = string
}

# An attachment whose policy is a variable may attach this policy, whose id is known only after apply.
resource "aws_organizations_policy" "maybe_attached" {
  name = "maybe-attached"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "from_variable" {
  policy_id = var.policy_id
  target_id = "222222222222"
}

# The Null companion's value is unknown: it may close the gap.
resource "aws_organizations_policy" "perimeter" {
  name = "perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "*"
        Condition = { "ForAnyValue:StringNotLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/*"] } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "*"
        Condition = { Null = { "aws:PrincipalOrgPaths" = var.null_check } }
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "perimeter" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = "222222222222"
}

# A key that names no service is not known to be multivalued.
resource "aws_organizations_policy" "custom_key" {
  name = "custom-key"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*", Condition = { "ForAnyValue:StringNotEquals" = { "custom" = ["a"] } } }]
  })
}

resource "aws_organizations_policy_attachment" "custom_key" {
  policy_id = aws_organizations_policy.custom_key.id
  target_id = "222222222222"
}

# The policy type is unknown: whether it is a guardrail at all is not known.
resource "aws_organizations_policy" "typed_by_variable" {
  name = "typed-by-variable"
  type = var.type
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }]
  })
}
