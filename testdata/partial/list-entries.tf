# TFXA301 points at the offending entry of a list, not at the whole list.
resource "aws_iam_policy" "typo" {
  name = "typo"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "s3:GetObject",
        # expect: TFXA301
        "s3:GetObjekt",
        "s3:PutObject",
      ]
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "bad_arn" {
  statement {
    actions = ["s3:GetObject"]
    resources = [
      "arn:aws:s3:::bucket/*",
      # expect: TFXA301
      "bucket/*",
    ]
  }
}

resource "aws_iam_policy" "bad_arn" {
  name   = "bad-arn"
  policy = data.aws_iam_policy_document.bad_arn.json
}
