# aws_networkfirewall_resource_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_networkfirewall_resource_policy" "this" {
  resource_arn = "arn:aws:network-firewall:eu-west-1:111111111111:firewall-policy/shared"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "network-firewall:AssociateFirewallPolicy"
      Resource = "*"
    }]
  })
}
