# TFXA111 with values that cannot be known statically: unknown accounts and organizations may be
# outside, so nothing is reported for them and --report-unknown lists them; the known entries
# beside them are still decided.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A second provider whose account is not known: its caller identity is still an account this
# configuration manages.
provider "aws" {
  alias  = "logs"
  region = "eu-west-1"
}

variable "consumer_account" {
  type = string
}

variable "more_accounts" {
  type = list(string)
}

data "aws_caller_identity" "logs" {
  provider = aws.logs
}

data "aws_organizations_organization" "current" {}

# Unknown entries beside a known outside account: that one is reported.
resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-final"
  shared_accounts = concat([
    # expect: TFXA111
    "333333333333",
    var.consumer_account,
  ], var.more_accounts)
}

# An account managed by this configuration (unknown id, known to be ours): not reported.
resource "aws_db_cluster_snapshot" "ledger" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-2025-01"
  shared_accounts                = [data.aws_caller_identity.logs.account_id]
}

# The organization ARN is read from AWS during plan.
resource "aws_ami_launch_permission" "organization" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = data.aws_organizations_organization.current.arn
}

# The account is unknown, and so is the snapshot id: the snapshot id cannot change the answer.
resource "aws_snapshot_create_volume_permission" "consumer" {
  snapshot_id = aws_ebs_snapshot.data.id
  account_id  = var.consumer_account
}

resource "aws_ebs_snapshot" "data" {
  volume_id = "vol-0123456789abcdef0"
}

variable "management_account" {
  type = string
}

# The organization's management account is unknown, its id is not: another organization.
resource "aws_ami_launch_permission" "other_org" {
  image_id = "ami-0123456789abcdef0"
  # expect: TFXA111
  organization_arn = "arn:aws:organizations::${var.management_account}:organization/o-zyxwvutsrq"
}

# The organization id itself is cut by an unknown part: not reported, listed.
resource "aws_ami_launch_permission" "cut_org" {
  image_id         = "ami-0123456789abcdef0"
  organization_arn = "arn:aws:organizations::111111111111:organization/o-abcdefghij${var.management_account}"
}
