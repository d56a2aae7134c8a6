# Resources managed by the same provider configuration are in the same account even when its id
# is unknown; an account another provider configuration of this configuration manages is the
# user's own, not a third party's.
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "other"
  region = "eu-west-1"
}

variable "vendor_account" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role" "other_deployer" {
  provider = aws.other
  name     = "other-deployer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# Trusts a role of its own provider: same account, nothing to report.
resource "aws_iam_role" "same_provider" {
  name = "same-provider"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.deployer.arn }, Action = "sts:AssumeRole" }]
  })
}

# Trusts its own account's root through aws_caller_identity: same account.
resource "aws_iam_role" "own_root" {
  name = "own-root"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }]
  })
}

# Trusts a role that another provider configuration manages: the account is unknown but the
# user's own, so no external id is asked for.
resource "aws_iam_role" "other_provider" {
  name = "other-provider"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.other_deployer.arn }, Action = "sts:AssumeRole" }]
  })
}

# An account given by a variable can be anyone's.
resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::${var.vendor_account}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_partition" "current" {}

# The partition in front of the caller's account does not move the account field: same account.
resource "aws_iam_role" "own_root_partition" {
  name = "own-root-partition"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }]
  })
}

# A function of the caller's account id is another value: replace() can make any account of it.
resource "aws_iam_role" "replaced_account" {
  name = "replaced-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::${replace(data.aws_caller_identity.current.account_id, "/.*/", "999999999999")}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Text next to the caller's account id in the account field makes another account.
resource "aws_iam_role" "prefixed_account" {
  name = "prefixed-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::99${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# A variable before the account field may hold colons and move it: the principal is unknown
# (listed as not known statically), never the same account.
variable "arn_prefix" {
  type = string
}

resource "aws_iam_role" "shifted_account" {
  name = "shifted-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { AWS = "arn:aws:iam:${var.arn_prefix}:${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# A conditional on the caller's account is one of its branches, not the caller's account: the
# principal is unknown (listed as not known statically), never the same account.
resource "aws_iam_role" "chosen_by_account" {
  name = "chosen-by-account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = data.aws_caller_identity.current.account_id == "111111111111" ? "arn:aws:iam::999999999999:root" : "arn:aws:iam::888888888888:root" }, Action = "sts:AssumeRole" }]
  })
}
