# TFXA013 must not fire: exact ids, the documented OU-path wildcard, aws:userid patterns after
# the colon, and wildcards in keys that are not ids.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket_policy" "exact" {
  bucket = "shared-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::shared-111111111111/*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        # a whole-segment wildcard after a literal OU path is the documented form
        "ForAnyValue:StringLike" = { "aws:PrincipalOrgPaths" = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", "o-a1b2c3d4e5/*/ou-ab12-22222222/*"] }
      }
    }]
  })
}

resource "aws_iam_role" "session_names" {
  name = "session-names"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringLike = {
          "aws:userid"       = "AROAEXAMPLEID:*"
          "aws:PrincipalArn" = "arn:aws:iam::111111111111:role/ci-*"
          "s3:prefix"        = "home/*"
        }
      }
    }]
  })
}
