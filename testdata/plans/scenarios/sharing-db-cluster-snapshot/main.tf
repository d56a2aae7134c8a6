# A sharing attribute read from HCL and from plan.json (written in the shape of "terraform show -json"
# output for this configuration): both must give the same findings.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# TFXA110.
resource "aws_db_cluster_snapshot" "public" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-public"
  shared_accounts                = ["all"]
}

# TFXA111.
resource "aws_db_cluster_snapshot" "vendor" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-vendor"
  shared_accounts = [
    "444444444444",
  ]
}

# Shared with nobody: nothing.
resource "aws_db_cluster_snapshot" "private" {
  db_cluster_identifier          = "ledger"
  db_cluster_snapshot_identifier = "ledger-private"
  shared_accounts                = []
}
