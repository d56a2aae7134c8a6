# TFXA002 must fire: principals of accounts not known to be internal, and no sts:ExternalId.
# The inventory (.tfxacct.yml beside this file) lists 111111111111 and 555555555555 as internal
# and 999999999999 as a third party.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A known third party without an external id: the classic confused deputy.
resource "aws_iam_role" "vendor_role" {
  name = "vendor-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002
      Principal = { AWS = "arn:aws:iam::999999999999:role/backup-service" }
    }]
  })
}

# An account the inventory does not know.
data "aws_iam_policy_document" "unlisted" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA002, TFXA006
      identifiers = ["arn:aws:iam::333333333333:user/alice"]
    }
  }
}

resource "aws_iam_role" "unlisted_user" {
  name               = "unlisted-user"
  assume_role_policy = data.aws_iam_policy_document.unlisted.json
}

# An organization condition that is not binding (IfExists) does not make the account internal.
resource "aws_iam_role" "weak_org_condition" {
  name = "weak-org-condition"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA002, TFXA007
      Principal = { AWS = ["arn:aws:iam::555555555555:role/ok", "arn:aws:iam::333333333333:role/ci"] }
      Condition = { StringEqualsIfExists = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

# A whole third-party account: both TFXA001 and TFXA002.
resource "aws_iam_role" "vendor_root" {
  name = "vendor-root"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "999999999999" }
    }]
  })
}
