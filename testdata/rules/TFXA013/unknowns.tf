# TFXA013 with values that cannot be known statically: an unknown id is not judged.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "org_id" {
  type = string
}

resource "aws_s3_bucket_policy" "unknown_org" {
  bucket = "shared-111111111111"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::shared-111111111111/*"
      Condition = {
        StringLike = { "aws:PrincipalOrgID" = var.org_id }
      }
    }]
  })
}
