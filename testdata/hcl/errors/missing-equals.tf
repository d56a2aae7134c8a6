# Error: the attribute has no "=" between its name and its value.
locals {
  name "value"
}
