/**
 * The access diff's fixtures: pairs of trees (base, head), each a set of files. test/diff.test.ts
 * reads them to check what the diff reports; test/witness.test.ts holds every witness of every
 * new-access entry they give to check-access on both trees.
 */

export const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';

/** A backup vendor's role with an external id (heredoc), and a legacy root trust with a finding. */
export const BASE_TF = `${PROVIDER}
resource "aws_iam_role" "backup" {
  name = "backup"
  assume_role_policy = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "AWS": "arn:aws:iam::999999999999:root" },
      "Condition": { "StringEquals": { "sts:ExternalId": "backup-7f3a" } }
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "Service": "ec2.amazonaws.com" }
    }
  ]
}
JSON
}

resource "aws_iam_role" "legacy" {
  name = "legacy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}
`;

/** The same two roles, rewritten: jsonencode instead of the heredoc, statements reordered, the legacy trust as a policy document, moved down the file. */
export const REFORMATTED_TF = `${PROVIDER}
# the legacy trust, now written with a policy document
data "aws_iam_policy_document" "legacy_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:root"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name = "backup"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::999999999999:root" }
        Condition = { StringEquals = { "sts:ExternalId" = "backup-7f3a" } }
      },
    ]
  })
}

resource "aws_iam_role" "legacy" {
  name               = "legacy"
  assume_role_policy = data.aws_iam_policy_document.legacy_trust.json
}
`;

export const VENDOR_TF = `
resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::888888888888:root" } }]
  })
}
`;

/** The backup vendor's trust without its external id. */
export const WEAKENED_TF = BASE_TF.replace(',\n      "Condition": { "StringEquals": { "sts:ExternalId": "backup-7f3a" } }', '');

/** The legacy trust narrowed to one role of its account. */
export const FIXED_TF = BASE_TF.replace('Principal = { AWS = "arn:aws:iam::222222222222:root" }', 'Principal = { AWS = "arn:aws:iam::222222222222:role/deployer" }');

/** A second account trusted beside the legacy one. */
export const TWO_PRINCIPALS_TF = BASE_TF.replace('Principal = { AWS = "arn:aws:iam::222222222222:root" }', 'Principal = { AWS = ["arn:aws:iam::222222222222:root", "arn:aws:iam::777777777777:root"] }');

/** The legacy trust with a condition added (it only narrows). */
export const NARROWED_TF = BASE_TF.replace('Principal = { AWS = "arn:aws:iam::222222222222:root" }', 'Principal = { AWS = "arn:aws:iam::222222222222:root" }, Condition = { Bool = { "aws:SecureTransport" = "true" } }');

/** An organization-only bucket, with more statements. */
export const bucketTf = (extra: string) => `${PROVIDER}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::logs/*", Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abcd1234" } } },${extra}
    ]
  })
}
`;

export const ACCOUNT_READS_LOGS = '\n      { Effect = "Allow", Principal = { AWS = "999999999999" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::logs/*" },';
export const ACCOUNT_WRITES_LOGS = ACCOUNT_READS_LOGS.replace('Action = "s3:GetObject"', 'Action = ["s3:GetObject", "s3:PutObject"]');

/** The backup vendor's trust with another external id. */
export const OTHER_EXTERNAL_ID_TF = BASE_TF.replace('"backup-7f3a"', '"backup-9c2e"');

/** Roles trusting accounts one by one, and one trusting anyone. */
export function manyRolesTf(n: number): string {
  const role = (name: string, principal: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = ${principal} }] })\n}\n`;
  return PROVIDER + Array.from({ length: n }, (_, i) => role(`r${i}`, `{ AWS = "arn:aws:iam::${String(300000000000 + i)}:root" }`)).join('') + role('public', '"*"');
}

export interface DiffCase {
  name: string;
  base: Record<string, string>;
  head: Record<string, string>;
}

/** The pairs the diff tests compare (as directories; the git tests commit the same trees). */
export const DIFF_CASES: DiffCase[] = [
  { name: 'a new vendor trust', base: { 'main.tf': BASE_TF }, head: { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF } },
  { name: 'a reformatted policy', base: { 'main.tf': BASE_TF }, head: { 'main.tf': REFORMATTED_TF } },
  { name: 'ExternalId removed', base: { 'main.tf': BASE_TF }, head: { 'main.tf': WEAKENED_TF } },
  { name: 'an organization-only bucket now admits an account', base: { 'main.tf': bucketTf('') }, head: { 'main.tf': bucketTf(ACCOUNT_READS_LOGS) } },
  { name: 'a trust narrowed to a role', base: { 'main.tf': BASE_TF }, head: { 'main.tf': FIXED_TF } },
  { name: 'a principal added beside one already trusted', base: { 'main.tf': BASE_TF }, head: { 'main.tf': TWO_PRINCIPALS_TF } },
  { name: 'a condition added', base: { 'main.tf': BASE_TF }, head: { 'main.tf': NARROWED_TF } },
  { name: 'an account that reads the bucket may now write', base: { 'main.tf': bucketTf(ACCOUNT_READS_LOGS) }, head: { 'main.tf': bucketTf(ACCOUNT_WRITES_LOGS) } },
  { name: 'a role of an account widened to the account', base: { 'main.tf': FIXED_TF }, head: { 'main.tf': BASE_TF } },
  { name: 'another external id', base: { 'main.tf': BASE_TF }, head: { 'main.tf': OTHER_EXTERNAL_ID_TF } },
  { name: 'many roles and a public one', base: { 'main.tf': PROVIDER }, head: { 'main.tf': manyRolesTf(20) } },
];
