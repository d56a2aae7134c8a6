# Error: an interpolation needs an expression.
locals {
  a = "${}"
}
