# A role made by a registry module installed under .terraform/modules: the principal is written in
# the module call here, so findings point at this line, with the module's code as a related location.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

module "vendor_role" {
  source  = "example/vendor-role/aws"
  version = "1.0.0"

  name             = "vendor"
  trusted_accounts = ["arn:aws:iam::999999999999:root"]
}
