# aws_oam_sink_policy: the case tfxacct must report (written by scripts/type-fixtures.mjs).
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_oam_sink_policy" "this" {
  sink_identifier = "arn:aws:oam:eu-west-1:111111111111:sink/a1b2c3d4-5678-90ab-cdef-1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA102
      Principal = "*"
      Action = "oam:CreateLink"
      Resource = "*"
    }]
  })
}
