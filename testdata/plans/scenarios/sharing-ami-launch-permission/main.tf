# A sharing attribute read from HCL and from plan.json (written in the shape of "terraform show -json"
# output for this configuration): both must give the same findings.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_ami" "base" {
  name                = "base"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"
}

# TFXA110 (the image id is known only after apply).
resource "aws_ami_launch_permission" "public" {
  image_id = aws_ami.base.id
  group    = "all"
}

# TFXA111.
resource "aws_ami_launch_permission" "partner" {
  image_id   = "ami-0123456789abcdef0"
  account_id = "333333333333"
}

# An organization, with no organization.id to compare it with: not reported (--report-unknown lists it).
resource "aws_ami_launch_permission" "organization" {
  image_id         = aws_ami.base.id
  organization_arn = "arn:aws:organizations::111111111111:organization/o-abcdefghij"
}
