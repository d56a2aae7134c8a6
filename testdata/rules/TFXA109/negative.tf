# TFXA109 must not fire: the grant carries encryption context constraints, the grantee is in the
# key's own account, or the operations are not sensitive (Encrypt, DescribeKey).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_kms_key" "data" {
  description = "data key"
}

# Constrained to an exact encryption context.
resource "aws_kms_grant" "analytics" {
  name              = "analytics"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::222222222222:role/analytics"
  operations        = ["Decrypt"]
  constraints {
    encryption_context_equals = {
      Department = "Finance"
    }
  }
}

# Constrained to a subset of the encryption context.
resource "aws_kms_grant" "migration" {
  name              = "migration"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::333333333333:role/migrator"
  operations        = ["ReEncryptFrom", "ReEncryptTo", "GenerateDataKey"]
  constraints {
    encryption_context_subset = {
      Project = "migration"
    }
  }
}

# Same account.
resource "aws_kms_grant" "etl" {
  name              = "etl"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::111111111111:role/etl"
  operations        = ["Decrypt", "GenerateDataKey", "CreateGrant"]
}

# Another account, but only encryption and key metadata.
resource "aws_kms_grant" "producer" {
  name              = "producer"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::222222222222:role/producer"
  operations        = ["Encrypt", "DescribeKey"]
}

# The key is given by ARN and lives in the grantee's account: a same-account grant.
resource "aws_kms_grant" "same_account_by_key_arn" {
  key_id            = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  grantee_principal = "arn:aws:iam::222222222222:role/reader"
  operations        = ["Decrypt"]
}
