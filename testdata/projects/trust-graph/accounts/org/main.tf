provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["444444444444"]
}

resource "aws_organizations_policy" "data_guardrail" {
  name = "data-guardrail"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "NoBucketPolicyChanges"
      Effect   = "Deny"
      Action   = ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "data_guardrail" {
  policy_id = aws_organizations_policy.data_guardrail.id
  target_id = "333333333333"
}
