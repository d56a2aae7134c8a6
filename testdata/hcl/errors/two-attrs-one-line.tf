# Error: two attributes on one line need a newline between them.
locals {
  a = 1 b = 2
}
