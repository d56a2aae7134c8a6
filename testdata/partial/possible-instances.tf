# Resources and modules whose count or for_each is unknown are analysed as one possible instance:
# findings say the instance exists only if the count yields it, and the address shows [?].
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "enabled" {
  type = bool
}

variable "roles" {
  type = set(string)
}

variable "vendor_account" {
  type = string
}

data "aws_iam_policy_document" "public" {
  count = var.enabled ? 1 : 0
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      # expect: TFXA003
      identifiers = ["*"]
    }
  }
}

# A possible role whose trust comes from a possible policy document, read through [0].
resource "aws_iam_role" "public" {
  count              = var.enabled ? 1 : 0
  name               = "public"
  assume_role_policy = data.aws_iam_policy_document.public[0].json
}

# for_each over an unknown set: one possible instance, and each.key is unknown.
resource "aws_iam_role" "vendors" {
  for_each = var.roles
  name     = each.key
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA001, TFXA002
      Principal = { AWS = "arn:aws:iam::${var.vendor_account}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# A possible instance whose policy is safe: nothing is reported.
resource "aws_iam_role" "safe" {
  count = var.enabled ? 1 : 0
  name  = "safe"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# A for_each with known keys and partly unknown values keeps its instances.
resource "aws_sqs_queue_policy" "by_name" {
  for_each  = { a = "222222222222", b = var.vendor_account }
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/${each.key}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA103
      Principal = { AWS = "arn:aws:iam::${each.value}:root" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}
