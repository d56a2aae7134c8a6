# TFXA007 must fire: the organization is configured (.tfxacct.yml beside this file), a trust or
# resource policy grants other accounts of the organization (555555555555 prod,
# 666666666666 staging), and no binding aws:PrincipalOrgID / aws:PrincipalOrgPaths condition
# backs the grant.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A trust to a role of another organization account.
resource "aws_iam_role" "deploy_from_prod" {
  name = "deploy-from-prod"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA007
      Principal = { AWS = "arn:aws:iam::555555555555:role/deployer" }
    }]
  })
}

# An account root pinned to one role by aws:PrincipalArn (so TFXA001 does not fire), but with
# no organization condition (heredoc JSON).
resource "aws_iam_role" "audit_from_staging" {
  name = "audit-from-staging"
  # expect+8: TFXA007
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::666666666666:root" },
      "Condition": { "ArnEquals": { "aws:PrincipalArn": "arn:aws:iam::666666666666:role/auditor" } }
    }
  ]
}
EOF
}

# An organization condition that is not binding (IfExists) does not count.
resource "aws_iam_role" "if_exists_org" {
  name = "if-exists-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA007
      Principal = { AWS = "arn:aws:iam::555555555555:role/reporting" }
      Condition = { StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# A queue policy (aws_iam_policy_document) granting roles of two organization accounts.
data "aws_iam_policy_document" "jobs" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"]
    principals {
      type = "AWS"
      # expect: TFXA007
      identifiers = ["arn:aws:iam::555555555555:role/producer", "arn:aws:iam::666666666666:role/producer"]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy    = data.aws_iam_policy_document.jobs.json
}

# A key policy granting an organization account's role the use of the key.
resource "aws_kms_key" "shared" {
  description = "shared with prod"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid    = "UseFromProd"
        Effect = "Allow"
        # expect: TFXA007
        Principal = { AWS = ["arn:aws:iam::555555555555:role/app"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}
