# aws_codeartifact_repository_permissions_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_codeartifact_repository_permissions_policy" "this" {
  domain = "acme"
  repository = "libs"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "codeartifact:ReadFromRepository"
      Resource = "*"
    }]
  })
}
