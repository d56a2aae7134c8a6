# TFXA109 must fire: an aws_kms_grant lets a principal of another account decrypt, re-encrypt,
# generate data keys or create grants, with no constraints block.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kms_key" "data" {
  description = "data key"
}

# --- Decrypt for a role of another account
resource "aws_kms_grant" "analytics" {
  name   = "analytics"
  key_id = aws_kms_key.data.key_id
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::222222222222:role/analytics"
  operations        = ["Decrypt", "DescribeKey"]
}

# --- re-encryption
resource "aws_kms_grant" "migration" {
  name = "migration"
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::333333333333:role/migrator"
  key_id            = aws_kms_key.data.arn
  operations        = ["ReEncryptFrom", "ReEncryptTo"]
}

# --- the grantee may hand the key on to others
resource "aws_kms_grant" "delegate" {
  name   = "delegate"
  key_id = aws_kms_key.data.id
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::222222222222:user/operator"
  operations        = ["CreateGrant", "Encrypt"]
}

# --- data keys for a whole other account
resource "aws_kms_grant" "writer_account" {
  name   = "writer-account"
  key_id = aws_kms_key.data.key_id
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::444444444444:root"
  operations        = ["GenerateDataKeyWithoutPlaintext"]
}

# --- the key is not defined here: the grant is made in this provider's account
resource "aws_kms_grant" "external_key" {
  name   = "external-key"
  key_id = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::222222222222:role/reader"
  operations        = ["Decrypt"]
  # retiring the grant on delete does not restrict what the grantee can do
  retire_on_delete = true
}

# An empty constraints block restricts nothing.
resource "aws_kms_grant" "empty_constraints" {
  key_id = aws_kms_key.data.key_id
  # expect: TFXA109
  grantee_principal = "arn:aws:iam::222222222222:role/empty-constraints"
  operations        = ["Decrypt"]
  constraints {}
}
