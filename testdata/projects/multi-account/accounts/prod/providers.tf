provider "aws" {
  region = var.region
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"
  }
}

provider "aws" {
  alias               = "tooling"
  region              = var.region
  allowed_account_ids = ["111111111111"]
}
