# Error: the jsonencode( call is never closed with ")".
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
  }
}
