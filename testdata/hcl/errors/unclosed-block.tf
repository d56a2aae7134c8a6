# Error: the resource block is never closed (missing "}").
resource "aws_iam_role" "r" {
  name = "r"
