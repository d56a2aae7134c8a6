# TFXA110 must fire: a sharing attribute makes a snapshot or an image public.
# The inventory (.tfxacct.yml beside this file) lists 111111111111 and 222222222222 in
# organization o-abcdefghij.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- an RDS snapshot shared with "all"
resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-final"
  # expect: TFXA110
  shared_accounts = ["all"]
}

# --- the finding points at the entry, not at the list
resource "aws_db_cluster_snapshot" "ledger" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-2025-01"
  shared_accounts = [
    "222222222222",
    # expect: TFXA110
    "all",
  ]
}

# --- a snapshot copy, from a variable's default
variable "share_with" {
  type = list(string)
  # expect: TFXA110
  default = ["all"]
}

resource "aws_db_snapshot_copy" "orders_eu" {
  source_db_snapshot_identifier = aws_db_snapshot.orders.db_snapshot_arn
  target_db_snapshot_identifier = "orders-final-copy"
  # the finding points at the "all" the variable's default holds
  shared_accounts = var.share_with
}

# --- a set of accounts built with toset()
resource "aws_db_snapshot" "reports" {
  db_instance_identifier = "reports"
  db_snapshot_identifier = "reports-final"
  # expect: TFXA110
  shared_accounts = toset(["all"])
}

# --- an AMI launch permission for the group "all"
resource "aws_ami" "base" {
  name                = "base"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"
}

resource "aws_ami_launch_permission" "public" {
  image_id = aws_ami.base.id
  # expect: TFXA110
  group = "all"
}

# --- an AMI by id, one instance (and one finding) per image
resource "aws_ami_launch_permission" "legacy" {
  for_each = toset(["ami-0123456789abcdef0", "ami-0fedcba9876543210"])
  image_id = each.value
  # expect: TFXA110, TFXA110
  group = "all"
}
