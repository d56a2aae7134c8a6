# Error: the attribute has "=" but no value after it.
locals {
  name =
}
