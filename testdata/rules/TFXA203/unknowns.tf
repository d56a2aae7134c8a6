# TFXA203 with values that cannot be known statically: nothing is reported.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias               = "org"
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

variable "target_id" {
  type = string
}

variable "partner_account" {
  type = string
}

variable "guardrail" {
  type = string
}

# The deny depends on the caller's source IP, which is not known statically.
resource "aws_organizations_policy" "network_perimeter" {
  provider = aws.org
  name     = "network-perimeter"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "sqs:SendMessage"
      Resource  = "*"
      Condition = { NotIpAddress = { "aws:SourceIp" = ["10.0.0.0/8"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "network_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.network_perimeter.id
  target_id = "222222222222"
}

resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/producer" }, Action = "sqs:SendMessage", Resource = aws_sqs_queue.events.arn }]
  })
}

# The deny depends on the caller's organization, and the inventory gives no organization id.
resource "aws_organizations_policy" "key_perimeter" {
  provider = aws.org
  name     = "key-perimeter"
  type     = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-abcdefghij" } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "key_perimeter" {
  provider  = aws.org
  policy_id = aws_organizations_policy.key_perimeter.id
  target_id = "111111111111"
}

resource "aws_kms_key" "reports" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "AnalystsDecrypt", Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:role/analyst" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

# The attachment target is unknown.
resource "aws_organizations_policy" "no_assume" {
  provider = aws.org
  name     = "no-assume"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "sts:AssumeRole", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "no_assume" {
  provider  = aws.org
  policy_id = aws_organizations_policy.no_assume.id
  target_id = var.target_id
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/pipeline" } }]
  })
}

# Attached to the organization root, but whether account 333333333333 is under it is not known
# (it is not in the inventory and nothing here belongs to it); the account of the second reader
# is unknown.
resource "aws_organizations_policy" "no_reads" {
  provider = aws.org
  name     = "no-reads"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "no_reads" {
  provider  = aws.org
  policy_id = aws_organizations_policy.no_reads.id
  target_id = "r-ab12"
}

resource "aws_s3_bucket" "exchange" {
  bucket = "example-exchange"
}

resource "aws_s3_bucket_policy" "exchange" {
  bucket = aws_s3_bucket.exchange.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PartnerRead", Effect = "Allow", Principal = { AWS = ["arn:aws:iam::333333333333:role/partner", "arn:aws:iam::${var.partner_account}:role/reader"] }, Action = "s3:GetObject", Resource = "${aws_s3_bucket.exchange.arn}/*" },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exchange.arn, "${aws_s3_bucket.exchange.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# The guardrail's content is unknown.
resource "aws_organizations_policy" "from_variable" {
  provider = aws.org
  name     = "from-variable"
  content  = var.guardrail
}

resource "aws_organizations_policy_attachment" "from_variable" {
  provider  = aws.org
  policy_id = aws_organizations_policy.from_variable.id
  target_id = "r-ab12"
}

# An allow list whose condition depends on the request's region, which is not known statically.
resource "aws_organizations_policy" "sandbox_regions" {
  provider = aws.org
  name     = "sandbox-regions"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:RequestedRegion" = ["eu-west-1"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "sandbox_regions" {
  provider  = aws.org
  policy_id = aws_organizations_policy.sandbox_regions.id
  target_id = "444444444444"
}

resource "aws_iam_role" "sandbox_reader" {
  name = "sandbox-reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::444444444444:role/experiments" }, Condition = { StringEquals = { "aws:PrincipalArn" = "arn:aws:iam::444444444444:role/experiments" } } }]
  })
}

# An allow list attached to an organizational unit the scan does not describe, and one attached
# through a unit read from AWS: whether the audit account (555555555555) is under them is unknown.
data "aws_organizations_organizational_unit" "audit" {
  provider  = aws.org
  parent_id = "r-ab12"
  name      = "audit"
}

resource "aws_organizations_policy" "audit_allow_list" {
  provider = aws.org
  name     = "audit-allow-list"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = ["s3:*"], Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "audit_allow_list" {
  provider  = aws.org
  policy_id = aws_organizations_policy.audit_allow_list.id
  target_id = "ou-ab12-audit001"
}

resource "aws_organizations_policy_attachment" "audit_allow_list_by_name" {
  provider  = aws.org
  policy_id = aws_organizations_policy.audit_allow_list.id
  target_id = data.aws_organizations_organizational_unit.audit.id
}

resource "aws_s3_bucket" "evidence" {
  bucket = "example-evidence"
}

resource "aws_s3_bucket_policy" "evidence" {
  bucket = aws_s3_bucket.evidence.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AuditRead", Effect = "Allow", Principal = { AWS = "arn:aws:iam::555555555555:role/auditor" }, Action = "s3:GetObjectVersion", Resource = "${aws_s3_bucket.evidence.arn}/*" },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.evidence.arn, "${aws_s3_bucket.evidence.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
