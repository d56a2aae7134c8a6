# Error: a stray "]" follows the attribute value.
locals {
  name = "value" ]
}
