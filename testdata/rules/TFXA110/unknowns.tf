# TFXA110 with values that cannot be known statically: "all" with unknown accounts is public;
# an unknown list or group could be "all", so nothing is reported and --report-unknown lists it.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "accounts" {
  type = list(string)
}

variable "group" {
  type = string
}

variable "snapshot_name" {
  type = string
}

# "all" beside accounts that are not known: public whatever they are.
resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = var.snapshot_name
  # expect: TFXA110
  shared_accounts = concat(["all"], var.accounts)
}

# The whole list is unknown.
resource "aws_db_cluster_snapshot" "ledger" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-2025-01"
  shared_accounts                = var.accounts
}

# Known accounts and unknown ones: the unknown ones may be "all".
resource "aws_db_snapshot_copy" "orders_eu" {
  source_db_snapshot_identifier = aws_db_snapshot.orders.db_snapshot_arn
  target_db_snapshot_identifier = "orders-final-copy"
  shared_accounts               = concat(["222222222222"], var.accounts)
}

# The group is unknown, and so is the image id.
resource "aws_ami_launch_permission" "maybe_public" {
  image_id = aws_ami_copy.base.id
  group    = var.group
}

resource "aws_ami_copy" "base" {
  name              = "base-copy"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "eu-west-1"
}
