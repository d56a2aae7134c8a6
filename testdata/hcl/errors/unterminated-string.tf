# Error: the quoted string is never closed before the end of the line.
locals {
  name = "value
}
