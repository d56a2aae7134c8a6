# The repository .ci/run hands to `pre-commit try-repo`: the hook must report TFXA001 here.
provider "aws" {
  allowed_account_ids = ["111111111111"]
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}
