# TFXA108 must fire: a RAM share that allows principals outside the organization, or that is
# associated with an account or organization not known to be ours.
# The inventory (.tfxacct.yml beside this file) lists 111111111111 and 222222222222 in
# organization o-abcdefghij, and 999999999999 as a third party.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ec2_transit_gateway" "hub" {
  description = "hub"
}

# --- the share accepts any AWS account
resource "aws_ram_resource_share" "hub" {
  name = "hub"
  # expect: TFXA108
  allow_external_principals = true
}

resource "aws_ram_resource_association" "hub" {
  resource_arn       = aws_ec2_transit_gateway.hub.arn
  resource_share_arn = aws_ram_resource_share.hub.arn
}

# --- associated with an account the inventory does not know
resource "aws_ram_principal_association" "unlisted" {
  # expect: TFXA108
  principal          = "333333333333"
  resource_share_arn = aws_ram_resource_share.hub.arn
}

# --- associated with a known third party
resource "aws_ram_resource_share" "subnets" {
  name                      = "subnets"
  allow_external_principals = false
}

resource "aws_ram_principal_association" "vendor" {
  resource_share_arn = aws_ram_resource_share.subnets.arn
  # expect: TFXA108
  principal = "999999999999"
}

# --- associated with another organization
resource "aws_ram_principal_association" "other_org" {
  resource_share_arn = aws_ram_resource_share.subnets.arn
  # expect: TFXA108
  principal = "arn:aws:organizations::444444444444:organization/o-zyxwvutsrq"
}

resource "aws_ram_resource_share" "more" {
  name                      = "more"
  allow_external_principals = false
}

# An IAM role of an account the inventory does not know.
resource "aws_ram_principal_association" "role_of_unknown_account" {
  resource_share_arn = aws_ram_resource_share.more.arn
  # expect: TFXA108
  principal = "arn:aws:iam::333333333333:role/consumer"
}

# An account id written as a number is the same account.
resource "aws_ram_principal_association" "numeric_account" {
  resource_share_arn = aws_ram_resource_share.more.arn
  # expect: TFXA108
  principal = 333333333333
}

# An organizational unit of another organization.
resource "aws_ram_principal_association" "other_org_ou" {
  resource_share_arn = aws_ram_resource_share.more.arn
  # expect: TFXA108
  principal = "arn:aws:organizations::444444444444:ou/o-zyxwvutsrq/ou-ab12-34cd56ef"
}
