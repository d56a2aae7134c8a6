# TFXA010 must fire: a role trusted by principals of another account allows sessions longer
# than one hour (max_session_duration > 3600). The finding points at max_session_duration.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "session_hours" {
  type    = number
  default = 8
}

# A role of another organization account, 12-hour sessions.
resource "aws_iam_role" "ci_twelve_hours" {
  name = "ci-twelve-hours"
  # expect: TFXA010
  max_session_duration = 43200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A vendor account with an external id, 2-hour sessions (heredoc JSON).
resource "aws_iam_role" "vendor_two_hours" {
  name = "vendor-two-hours"
  # expect: TFXA010
  max_session_duration = 7200
  assume_role_policy   = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "999999999999" },
      "Condition": { "StringEquals": { "sts:ExternalId": "c0ffee-tenant-42" } }
    }
  ]
}
EOF
}

# aws_iam_policy_document, and a duration computed from a variable with a default.
data "aws_iam_policy_document" "analyst" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::333333333333:role/analyst"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
}

resource "aws_iam_role" "analyst" {
  name               = "analyst"
  assume_role_policy = data.aws_iam_policy_document.analyst.json
  # expect: TFXA010
  max_session_duration = var.session_hours * 3600
}

# A service statement and a cross-account statement: reported once, for the role.
resource "aws_iam_role" "mixed" {
  name = "mixed"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = ["arn:aws:iam::111111111111:role/ops", "arn:aws:iam::444444444444:role/ops"] }
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
      },
    ]
  })
  # expect: TFXA010
  max_session_duration = 3601
}

# A number written as a string is converted by Terraform.
resource "aws_iam_role" "string_duration" {
  name = "string-duration"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/ops" }, Condition = { StringEquals = { "sts:ExternalId" = "ops-7" } } }]
  })
  # expect: TFXA010
  max_session_duration = "43200"
}
