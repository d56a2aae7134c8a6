# A sharing attribute read from HCL and from plan.json (written in the shape of "terraform show -json"
# output for this configuration): both must give the same findings.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ebs_snapshot" "data" {
  volume_id = "vol-0123456789abcdef0"
}

# TFXA111 (the snapshot id is known only after apply).
resource "aws_snapshot_create_volume_permission" "migration" {
  snapshot_id = aws_ebs_snapshot.data.id
  account_id  = "333333333333"
}

# The owner's own account: nothing.
resource "aws_snapshot_create_volume_permission" "own" {
  snapshot_id = "snap-0123456789abcdef0"
  account_id  = "111111111111"
}
