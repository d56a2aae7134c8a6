# TFXA108 must not fire: shares inside the organization (allow_external_principals false or
# left at its default, associations with the share's own account, accounts of the organization,
# the organization itself or one of its organizational units).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ram_resource_share" "subnets" {
  name                      = "subnets"
  allow_external_principals = false
}

# allow_external_principals defaults to false.
resource "aws_ram_resource_share" "resolver_rules" {
  name = "resolver-rules"
}

# An account of the organization (inventory).
resource "aws_ram_principal_association" "workloads" {
  principal          = "222222222222"
  resource_share_arn = aws_ram_resource_share.subnets.arn
}

# The share's own account.
resource "aws_ram_principal_association" "own" {
  principal          = "111111111111"
  resource_share_arn = aws_ram_resource_share.resolver_rules.arn
}

# The organization itself.
resource "aws_ram_principal_association" "organization" {
  principal          = "arn:aws:organizations::111111111111:organization/o-abcdefghij"
  resource_share_arn = aws_ram_resource_share.resolver_rules.arn
}

# An organizational unit of the organization.
resource "aws_ram_principal_association" "ou" {
  principal          = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-34cd56ef"
  resource_share_arn = aws_ram_resource_share.subnets.arn
}
