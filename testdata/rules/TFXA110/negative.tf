# TFXA110 must not fire: snapshots and images shared with named accounts, the organization or
# an organizational unit, or not shared at all.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Not shared.
resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-final"
}

# Shared with nobody.
resource "aws_db_snapshot" "empty" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-empty"
  shared_accounts        = []
}

# Shared with an account of the organization.
resource "aws_db_cluster_snapshot" "ledger" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-2025-01"
  shared_accounts                = ["222222222222"]
}

# A copy kept to the owner's account.
resource "aws_db_snapshot_copy" "orders_eu" {
  source_db_snapshot_identifier = aws_db_snapshot.orders.db_snapshot_arn
  target_db_snapshot_identifier = "orders-final-copy"
  shared_accounts               = ["111111111111"]
}

resource "aws_ami" "base" {
  name                = "base"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"
}

# Launch permission for an account of the organization.
resource "aws_ami_launch_permission" "workloads" {
  image_id   = aws_ami.base.id
  account_id = "222222222222"
}

# Launch permission for the organization, and for one of its units.
resource "aws_ami_launch_permission" "organization" {
  image_id         = aws_ami.base.id
  organization_arn = "arn:aws:organizations::111111111111:organization/o-abcdefghij"
}

resource "aws_ami_launch_permission" "unit" {
  image_id                = aws_ami.base.id
  organizational_unit_arn = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-34cd56ef"
}

# EBS create-volume permission for an account of the organization (the resource has no group).
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_snapshot_create_volume_permission" "workloads" {
  snapshot_id = aws_ebs_snapshot.data.id
  account_id  = "222222222222"
}
