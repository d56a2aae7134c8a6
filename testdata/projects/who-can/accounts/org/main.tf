provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["444444444444"]
}

# Prod may not decrypt anything.
resource "aws_organizations_policy" "no_decrypt" {
  name = "no-decrypt"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "NoDecrypt"
      Effect   = "Deny"
      Action   = "kms:Decrypt"
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "no_decrypt" {
  policy_id = aws_organizations_policy.no_decrypt.id
  target_id = "222222222222"
}

# Prod's roles may not assume the data account's archiver.
resource "aws_organizations_policy" "no_archive_hop" {
  name = "no-archive-hop"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "NoArchiveHop"
      Effect   = "Deny"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::333333333333:role/archiver"
    }]
  })
}

resource "aws_organizations_policy_attachment" "no_archive_hop" {
  policy_id = aws_organizations_policy.no_archive_hop.id
  target_id = "222222222222"
}
