# TFXA301 must fire: malformed JSON, an unknown Effect, a Principal in an identity policy, a
# resource policy statement without a principal, an account id that is not 12 digits, a
# malformed ARN, or an action AWS does not define.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# --- malformed JSON (a trailing comma)
resource "aws_iam_policy" "malformed" {
  name = "malformed"
  # expect+6: TFXA301
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
  ]
}
POLICY
}

# --- an Effect that is neither Allow nor Deny
resource "aws_iam_policy" "permit" {
  name = "permit"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      # expect: TFXA301
      Effect   = "Permit"
      Action   = "s3:GetObject"
      Resource = "*"
    }]
  })
}

# --- a Principal in an identity policy
resource "aws_iam_role_policy" "with_principal" {
  name = "with-principal"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      # expect: TFXA301
      Principal = { AWS = "arn:aws:iam::111111111111:role/app" }
      Action    = "s3:GetObject"
      Resource  = "*"
    }]
  })
}

# --- a bucket policy statement without a principal
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # expect: TFXA301
      { Sid = "NoPrincipal", Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.data.arn}/*" },
    ]
  })
}

# --- an account id of 11 digits in a trust policy
resource "aws_iam_role" "short_account" {
  name = "short-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA301
      Principal = { AWS = "22222222222" }
    }]
  })
}

# --- a malformed principal ARN ("rol/" for "role/")
resource "aws_iam_role" "bad_arn" {
  name = "bad-arn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA301
      Principal = { AWS = "arn:aws:iam::111111111111:rol/deployer" }
    }]
  })
}

# --- a Resource that is not an ARN
resource "aws_iam_policy" "bad_resource" {
  name = "bad-resource"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "s3:GetObject"
      # expect: TFXA301
      Resource = ["example-data/*"]
    }]
  })
}

# --- actions AWS does not define: a misspelt action, an unknown service, a misspelt action in
# NotAction, and a string that is not service:Action
data "aws_iam_policy_document" "typos" {
  statement {
    # expect: TFXA301
    actions   = ["s3:GetObjects"]
    resources = ["*"]
  }
  statement {
    # expect: TFXA301
    actions   = ["simplestorage:GetObject"]
    resources = ["*"]
  }
  statement {
    # expect: TFXA301
    not_actions = ["ec2:Describe*", "ec2:RunInstance"]
    resources   = ["arn:aws:s3:::example-data"]
  }
}

resource "aws_iam_policy" "typos" {
  name   = "typos"
  policy = data.aws_iam_policy_document.typos.json
}

resource "aws_kms_key" "data" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      # expect: TFXA301
      Action   = "kms-Decrypt"
      Resource = "*"
    }]
  })
}

# --- an account id of 13 digits inside a principal ARN
resource "aws_iam_role" "long_account" {
  name = "long-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # expect: TFXA301
      Principal = { AWS = ["arn:aws:iam::2222222222222:root"] }
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-tenant-42" } }
    }]
  })
}

# --- a service control policy with a misspelt action: the guardrail denies nothing
resource "aws_organizations_policy" "guardrail" {
  name = "guardrail"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny"
      # expect: TFXA301
      Action   = ["organizations:LeaveOrganisation"]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "guardrail" {
  policy_id = aws_organizations_policy.guardrail.id
  target_id = "r-ab12"
}

# A key written twice: AWS may read either value; the policy is analysed under both readings.
# expect+5: TFXA301
resource "aws_iam_policy" "duplicate_key" {
  name   = "duplicate-key"
  policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::a/*", "Resource": "arn:aws:s3:::b/*"}]}
EOT
}

# Effect is case-sensitive: "allow" is rejected, and the statement grants nothing.
resource "aws_iam_policy" "lowercase_effect" {
  name = "lowercase-effect"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      # expect: TFXA301
      Effect   = "allow"
      Action   = "s3:GetObject"
      Resource = "*"
    }]
  })
}

# --- condition operators AWS does not define, spelled in another case, empty blocks and values
#     of the wrong JSON type: reported, and never read as a binding condition
resource "aws_sqs_queue_policy" "bad_conditions" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/bad-conditions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:bad-conditions"
        Condition = {
          # expect: TFXA301
          StringEqual = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "sqs:ReceiveMessage"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:bad-conditions"
        Condition = {
          # expect: TFXA301
          stringequals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        }
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:root" }
        Action    = "sqs:GetQueueUrl"
        Resource  = "arn:aws:sqs:eu-west-1:111111111111:bad-conditions"
        Condition = {
          StringEquals = {
            # expect: TFXA301
            "aws:PrincipalOrgID" = { id = "o-a1b2c3d4e5" }
          }
        }
      },
    ]
  })
}

# --- a policy attribute of a second-batch type that is not JSON
resource "aws_opensearch_domain_policy" "not_json" {
  domain_name = "search"
  # expect: TFXA301
  access_policies = "allow everyone"
}

# --- an empty document where the resource is the policy: the provider sends "" and AWS rejects it
resource "aws_s3_bucket_policy" "empty" {
  bucket = "empty-policy"
  # expect: TFXA301
  policy = ""
}

resource "aws_kms_key_policy" "empty" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  # expect: TFXA301
  policy = ""
}
