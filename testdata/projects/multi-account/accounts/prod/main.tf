# CI in the tooling account: internal, pinned role.
module "ci_role" {
  source       = "../../modules/trust-role"
  name         = "ci"
  trusted_arns = ["arn:aws:iam::111111111111:role/ci"]
}

# One role per vendor; beta has no external id.
module "vendor_roles" {
  source       = "../../modules/trust-role"
  for_each     = var.vendors
  name         = "vendor-${each.key}"
  trusted_arns = ["arn:aws:iam::${each.value.account}:root"]
  external_id  = each.value.external_id
}

# Reports shared with the analytics vendor, but the key does not grant it.
module "reports" {
  source        = "../../modules/shared-bucket"
  bucket        = "prod-reports-222222222222"
  reader_arns   = ["arn:aws:iam::999999999999:role/reader"]
  grant_readers = false
}

module "exports" {
  source      = "../../modules/shared-bucket"
  bucket      = "prod-exports-222222222222"
  reader_arns = ["arn:aws:iam::999999999999:role/reader"]
}

# A role in the tooling account (provider alias) trusting all of prod: internal, but a whole-account trust.
# tfxacct:ignore TFXA001 -- prod operators need tooling access, reviewed in SEC-142
resource "aws_iam_role" "tooling_from_prod" {
  provider = aws.tooling
  name     = "tooling-from-prod"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}

resource "aws_iam_role" "readers" {
  count = 2
  name  = "reader-${count.index}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = count.index == var.public_reader_index ? "*" : "arn:aws:iam::222222222222:role/app" }
    }]
  })
}

# Installed from the registry by terraform init (see .terraform/modules).
module "registry_role" {
  source  = "example-org/assumable-role/aws"
  version = "1.0.0"
}

# Not installed: reported as a note, its resources are not scanned.
module "not_installed" {
  source  = "example-org/missing/aws"
  version = "2.0.0"
}
