# Error: HCL has no hexadecimal numbers.
locals {
  a = 0x10
}
