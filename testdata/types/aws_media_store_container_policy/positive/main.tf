# aws_media_store_container_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_media_store_container_policy" "this" {
  container_name = "media"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "mediastore:GetObject"
      Resource = "*"
    }]
  })
}

resource "aws_media_store_container" "target" {
  name = "media"
}
