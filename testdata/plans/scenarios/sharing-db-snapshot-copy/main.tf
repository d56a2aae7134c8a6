# A sharing attribute read from HCL and from plan.json (written in the shape of "terraform show -json"
# output for this configuration): both must give the same findings.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# TFXA111.
resource "aws_db_snapshot_copy" "analytics" {
  source_db_snapshot_identifier = "arn:aws:rds:eu-west-1:111111111111:snapshot:orders-final"
  target_db_snapshot_identifier = "orders-analytics"
  shared_accounts               = ["555555555555"]
}

# Not shared: nothing.
resource "aws_db_snapshot_copy" "private" {
  source_db_snapshot_identifier = "arn:aws:rds:eu-west-1:111111111111:snapshot:orders-final"
  target_db_snapshot_identifier = "orders-private"
}
