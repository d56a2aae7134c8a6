# TFXA109 with values that cannot be known statically: nothing is reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# A provider that names no account: keys made with it belong to an unknown account.
provider "aws" {
  alias  = "unknown"
  region = "eu-west-1"
}

variable "grantee" {
  type = string
}

variable "grantee_account" {
  type = string
}

variable "operations" {
  type = list(string)
}

resource "aws_kms_key" "data" {
  description = "data key"
}

# The grantee is unknown.
resource "aws_kms_grant" "unknown_grantee" {
  name              = "unknown-grantee"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = var.grantee
  operations        = ["Decrypt"]
}

# The grantee's account is unknown: it may be the key's own.
resource "aws_kms_grant" "unknown_grantee_account" {
  name              = "unknown-grantee-account"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::${var.grantee_account}:role/reader"
  operations        = ["Decrypt"]
}

# The operations are unknown.
resource "aws_kms_grant" "unknown_operations" {
  name              = "unknown-operations"
  key_id            = aws_kms_key.data.key_id
  grantee_principal = "arn:aws:iam::222222222222:role/reader"
  operations        = var.operations
}

# The key's account is unknown: the grantee may be in it.
resource "aws_kms_key" "elsewhere" {
  provider    = aws.unknown
  description = "key of an unknown account"
}

resource "aws_kms_grant" "unknown_key_account" {
  provider          = aws.unknown
  name              = "unknown-key-account"
  key_id            = aws_kms_key.elsewhere.key_id
  grantee_principal = "arn:aws:iam::222222222222:role/reader"
  operations        = ["Decrypt"]
}
