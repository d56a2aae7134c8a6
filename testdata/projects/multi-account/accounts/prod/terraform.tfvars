vendors = {
  alpha = { account = "999999999999", external_id = "alpha-7f3c" }
  beta  = { account = "888888888888" }
}
