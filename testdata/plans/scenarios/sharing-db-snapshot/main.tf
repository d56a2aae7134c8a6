# A sharing attribute read from HCL and from plan.json (written in the shape of "terraform show -json"
# output for this configuration): both must give the same findings.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# TFXA110 on "all" and TFXA111 on the other account (the plan lists the set sorted).
resource "aws_db_snapshot" "public" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-public"
  shared_accounts        = ["all", "333333333333"]
}

# The owner's own account: nothing.
resource "aws_db_snapshot" "private" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-private"
  shared_accounts        = ["111111111111"]
}
