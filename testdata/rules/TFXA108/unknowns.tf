# TFXA108 with values that cannot be known statically: nothing is reported, --report-unknown
# lists the associations whose principal is unknown.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "allow_external" {
  type = bool
}

variable "consumer_account" {
  type = string
}

data "aws_organizations_organization" "current" {}

# Whether the share accepts external principals is unknown.
resource "aws_ram_resource_share" "subnets" {
  name                      = "subnets"
  allow_external_principals = var.allow_external
}

# The associated account is unknown.
resource "aws_ram_principal_association" "consumer" {
  principal          = var.consumer_account
  resource_share_arn = aws_ram_resource_share.subnets.arn
}

# The organization ARN is known only after apply.
resource "aws_ram_principal_association" "organization" {
  principal          = data.aws_organizations_organization.current.arn
  resource_share_arn = aws_ram_resource_share.subnets.arn
}
