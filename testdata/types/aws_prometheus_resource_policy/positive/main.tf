# aws_prometheus_resource_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_prometheus_resource_policy" "this" {
  workspace_id = "ws-12345678-1234-1234-1234-123456789012"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "aps:RemoteWrite"
      Resource = "*"
    }]
  })
}
