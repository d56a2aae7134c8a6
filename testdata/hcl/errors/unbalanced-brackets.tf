# Error: the tuple is closed with "}" instead of "]".
locals {
  ids = ["a", "b"}
}
