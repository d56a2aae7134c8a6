# Error: block labels must be quoted strings or identifiers, not numbers.
resource "aws_iam_role" 42 {
  name = "r"
}
