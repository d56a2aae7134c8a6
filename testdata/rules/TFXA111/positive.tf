# TFXA111 must fire: a snapshot or image is shared with an account, organization or unit not
# known to be ours.
# The inventory (.tfxacct.yml beside this file) lists 111111111111 and 222222222222 in
# organization o-abcdefghij, and 999999999999 as a third party.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- an RDS snapshot: each outside account is its own finding, on its own entry
resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-final"
  shared_accounts = [
    "222222222222",
    # expect: TFXA111
    "333333333333",
    # expect: TFXA111
    "999999999999",
  ]
}

# --- a cluster snapshot, with an account id written as a number
resource "aws_db_cluster_snapshot" "ledger" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-2025-01"
  # expect: TFXA111
  shared_accounts = [444444444444]
}

# --- a snapshot copy, through a local value
locals {
  analytics_account = "555555555555"
}

resource "aws_db_snapshot_copy" "orders_eu" {
  source_db_snapshot_identifier = aws_db_snapshot.orders.db_snapshot_arn
  target_db_snapshot_identifier = "orders-final-copy"
  # expect: TFXA111
  shared_accounts = [local.analytics_account]
}

# --- AMI launch permissions: an outside account, another organization, a unit of it
resource "aws_ami" "base" {
  name                = "base"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"
}

resource "aws_ami_launch_permission" "partner" {
  image_id = aws_ami.base.id
  # expect: TFXA111
  account_id = "333333333333"
}

resource "aws_ami_launch_permission" "other_org" {
  image_id = aws_ami.base.id
  # expect: TFXA111
  organization_arn = "arn:aws:organizations::444444444444:organization/o-zyxwvutsrq"
}

resource "aws_ami_launch_permission" "other_org_unit" {
  image_id = "ami-0123456789abcdef0"
  # expect: TFXA111
  organizational_unit_arn = "arn:aws:organizations::444444444444:ou/o-zyxwvutsrq/ou-zy98-76xw54vu"
}

# --- an EBS create-volume permission for a known vendor
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_snapshot_create_volume_permission" "vendor" {
  snapshot_id = aws_ebs_snapshot.data.id
  # expect: TFXA111
  account_id = "999999999999"
}
