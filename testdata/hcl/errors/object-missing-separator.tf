# Error: object attributes need a comma or a newline between them.
locals {
  a = { x = 1 y = 2 }
}
