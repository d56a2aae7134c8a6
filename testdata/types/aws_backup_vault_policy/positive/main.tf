# aws_backup_vault_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_backup_vault_policy" "this" {
  backup_vault_name = "vault"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "backup:CopyIntoBackupVault"
      Resource = "*"
    }]
  })
}

resource "aws_backup_vault" "target" {
  name = "vault"
}
