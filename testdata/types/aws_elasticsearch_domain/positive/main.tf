# aws_elasticsearch_domain: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_elasticsearch_domain" "this" {
  domain_name = "legacy"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "es:ESHttpGet"
      Resource = "*"
    }]
  })
}
