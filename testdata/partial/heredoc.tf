# Policies written as heredoc or quoted JSON with interpolations whose values are unknown: only the
# leaf an interpolation lands in is unknown, the rest of the statement is analysed.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

variable "queue_arn" {
  type = string
}

variable "partner_account" {
  type = string
}

variable "sid" {
  type = string
}

variable "statements" {
  type = any
}

variable "org_id" {
  type = string
}

# An unknown Resource leaves Principal "*" known: the queue is public whatever its ARN is.
# expect+10: TFXA102
resource "aws_sqs_queue_policy" "public" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/q"
  policy    = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "${var.sid}",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:SendMessage",
      "Resource": "${var.queue_arn}"
    }
  ]
}
EOT
}

# The account of a root principal is unknown: a whole-account trust with no condition.
resource "aws_iam_role" "partner" {
  name               = "partner"
  # expect: TFXA001, TFXA002
  assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::${var.partner_account}:root\"},\"Action\":\"sts:AssumeRole\"}]}"
}

# The same with an organization condition whose value is unknown: under StringEquals it is one
# literal organization id, so the trust is narrowed (TFXA001 is silent) and TFXA006 reports the
# root narrowed only by an organization, as for a known id.
# expect+8: TFXA006
resource "aws_iam_role" "partner_org" {
  name               = "partner-org"
  assume_role_policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "AWS": "arn:aws:iam::${var.partner_account}:root" },
    "Action": "sts:AssumeRole",
    "Condition": { "StringEquals": { "aws:PrincipalOrgID": "${var.org_id}" } }
  }]
}
EOT
}

# An interpolation that stands for structure makes just that part unknown: the known statement
# before it is still read.
# expect+9: TFXA102
resource "aws_s3_bucket_policy" "structure" {
  bucket = "b"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    },
    ${var.statements}
  ]
}
EOT
}

# The whole statement list is unknown: nothing can be said, and nothing is reported.
resource "aws_sns_topic_policy" "opaque" {
  arn    = "arn:aws:sns:eu-west-1:111111111111:t"
  policy = <<EOT
{ "Version": "2012-10-17", "Statement": ${var.statements} }
EOT
}

# A known ARN prefix with an unknown region still names the account: this is the queue's own
# account, so the grant to it is not cross-account.
resource "aws_sqs_queue_policy" "own_account" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/q2"
  policy    = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
    "Action": "sqs:SendMessage",
    "Resource": "arn:aws:sqs:${var.sid}:111111111111:q2"
  }]
}
EOT
}

# format() and replace() of JSON text keep the known parts.
resource "aws_iam_role" "formatted" {
  name = "formatted"
  # expect: TFXA003
  assume_role_policy = format("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"%s\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}", var.sid)
}
