# Error: the "${" interpolation inside the string is never closed.
locals {
  arn = "arn:aws:iam::${var.account:root"
}
