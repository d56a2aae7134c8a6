# Error: an attribute defined twice in one block.
locals {
  a = 1
  a = 2
}
