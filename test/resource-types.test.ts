/**
 * The resource table (src/aws/resource-types.ts) against its fixtures: every type that holds a
 * policy or is a grant has a positive fixture that raises the expected finding at the annotated
 * line and a negative twin that raises nothing, both read from HCL and from a `terraform show
 * -json` plan of the same resources (testdata/types/<type>/, written by scripts/type-fixtures.mjs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESOURCE_TYPES } from '../src/aws/resource-types';
import { checkAccess } from '../src/graph/access';
import { governedArn } from '../src/graph/targets';
import { buildTrustMap } from '../src/graph/trust-map';
import { scan } from '../src/scan';
import { REPO, TESTDATA, actual, expectations } from './support/fixtures';

const TYPES_DIR = path.join(TESTDATA, 'types');
/** Guardrails are covered by the TFXA203 fixtures. */
const ELSEWHERE = new Set(['aws_organizations_policy']);
const rows = Object.entries(RESOURCE_TYPES)
  .filter(([t, row]) => (row.policies || row.grant) && !ELSEWHERE.has(t))
  .map(([t]) => t)
  .sort();

describe('resource table: every policy-bearing type has fixtures both ways', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-types-'));
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('lists at least the types of both batches', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(fs.readdirSync(TYPES_DIR).sort()).toEqual(rows);
  });

  for (const type of rows) {
    describe(type, () => {
      for (const side of ['positive', 'negative'] as const) {
        const file = path.join(TYPES_DIR, type, side, 'main.tf');
        const rel = path.relative(REPO, file).split(path.sep).join('/');
        it(`${side}: HCL`, async () => {
          const result = await scan({ paths: [file], root: REPO, cwd: REPO });
          expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
          const expected = expectations(fs.readFileSync(file, 'utf8'));
          if (side === 'positive') expect(expected.length).toBeGreaterThan(0);
          else expect(expected).toEqual([]);
          expect(actual(result, rel)).toEqual(expected);
          // the type is read, not left as "not modelled"
          expect(result.stats.coverage.unmodelledResources).toBe(0);
          expect(result.stats.coverage.policies.whole).toBeGreaterThan(0);
        });
        it(`${side}: plan`, async () => {
          const plan = path.join(TYPES_DIR, type, side, 'plan.json');
          const result = await scan({ paths: [empty], plans: [plan], root: empty, cwd: REPO });
          expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
          const rules = expectations(fs.readFileSync(file, 'utf8')).map((e) => e.split(':')[1]);
          const got = result.findings.filter((f) => !f.suppressed && f.address === `${type}.this`).map((f) => f.ruleId);
          expect(got.sort()).toEqual(rules.sort());
        });
      }
    });
  }
});

describe('check-access on second-batch types', () => {
  it('an access point: both the access point policy and the bucket policy it delegates from must allow', async () => {
    const result = await scan({ paths: [path.join(TESTDATA, 'projects', 'access-point')], root: REPO, cwd: REPO });
    const ask = (ap: string) => checkAccess(result.graph, { principal: 'arn:aws:iam::222222222222:role/reader', action: 's3:GetObject', resource: `arn:aws:s3:eu-west-1:111111111111:accesspoint/${ap}/object/q3.csv`, context: {} });
    const through = ask('partner-reports');
    expect(through.decision).toBe('allowed');
    expect(through.evidence.map((e) => `${e.source} ${e.address}`).sort()).toEqual(['identity aws_iam_role_policy.reader', 'resource aws_s3_bucket_policy.reports', 'resource aws_s3control_access_point_policy.partner']);
    expect(through.evidence.find((e) => e.address === 'aws_s3_bucket_policy.reports')!.range.start.line).toBe(25);
    const legacy = ask('legacy');
    expect(legacy.decision).toBe('implicit-deny');
    expect(legacy.reasons.join('\n')).toMatch(/bucket policy of aws_s3_bucket.legacy, for a request through the access point: do not allow/);
  });

  it('a DynamoDB table with a resource policy of its own resource, found by its synthesized ARN', async () => {
    const dir = path.join(TYPES_DIR, 'aws_dynamodb_resource_policy', 'positive');
    const result = await scan({ paths: [dir], root: REPO, cwd: REPO });
    const a = checkAccess(result.graph, { principal: 'arn:aws:iam::999999999999:user/anyone', action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders', context: {} });
    expect(a.resource.address).toBe('aws_dynamodb_table.target');
    expect(a.evidence.some((e) => e.source === 'resource' && e.address === 'aws_dynamodb_resource_policy.this' && e.effect === 'Allow')).toBe(true);
  });
});

describe('README lists the types read and the types not analysed yet', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  it('every type of the table', () => {
    for (const [type, row] of Object.entries(RESOURCE_TYPES)) {
      if (row.unmodelled !== undefined) expect(readme).toMatch(new RegExp(`not analyse yet are named[\\s\\S]*\`${type}\``));
      else if (row.policies || row.grant) expect(readme).toContain(`| \`${type}\` |`);
    }
  });
});

describe('Identity Center permission sets', () => {
  it('an account assignment makes a role in the target account with the permission set\'s policies', async () => {
    const result = await scan({ paths: [path.join(TESTDATA, 'projects', 'identity-center')], root: REPO, cwd: REPO });
    const role = 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataRead_0123456789abcdef';
    const a = checkAccess(result.graph, { principal: role, action: 's3:GetObject', resource: 'arn:aws:s3:::reports-222222222222/q.csv', context: {} });
    expect(a.decision).toBe('allowed');
    expect(a.principal.address).toBe('aws_ssoadmin_account_assignment.analysts');
    expect(a.evidence.map((e) => `${e.source} ${e.address} ${e.range.start.line}`)).toContain('identity aws_ssoadmin_permission_set_inline_policy.data_read 25');
    // the same role name in another account is not this assignment's
    const other = checkAccess(result.graph, { principal: role.replace('222222222222', '333333333333'), action: 's3:GetObject', resource: 'arn:aws:s3:::reports-222222222222/q.csv', context: {} });
    expect(other.principal.address).toBeUndefined();
    const map = buildTrustMap(result.graph);
    const node = map.nodes.find((n) => n.address === 'aws_ssoadmin_account_assignment.analysts')!;
    expect(node.account).toBe('222222222222');
    expect(map.edges.filter((e) => e.to === node.id).map((e) => `${e.kind} ${e.from}`)).toEqual(['can-assume identity-store:GROUP:9067c04a3d-3a8b4c2e-1f2d-4b6a-9c8e-0a1b2c3d4e5f']);
  });
});

describe('the ARN a policy resource governs, from the table', () => {
  it('reads ARNs, names with defaults, optional parts and queue URLs; unset required parts give none', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-governed-')));
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}
resource "aws_lambda_layer_version_permission" "v" {
  layer_name     = "shared"
  version_number = 3
  principal      = "222222222222"
  action         = "lambda:GetLayerVersion"
  statement_id   = "x"
}
resource "aws_lambda_layer_version_permission" "any" {
  layer_name   = "shared"
  principal    = "222222222222"
  action       = "lambda:GetLayerVersion"
  statement_id = "x"
}
resource "aws_cloudwatch_event_permission" "default_bus" {
  principal    = "222222222222"
  statement_id = "x"
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111111111111/jobs"
  policy    = "{}"
}
resource "aws_lambda_permission" "by_arn" {
  function_name = "arn:aws:lambda:us-east-1:333333333333:function:f"
  action        = "lambda:InvokeFunction"
  principal     = "events.amazonaws.com"
}
resource "aws_codeartifact_repository_permissions_policy" "partial" {
  repository      = "repo"
  policy_document = "{}"
}
`,
    );
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    const arn = (address: string) => governedArn(result.graph.resources.find((r) => r.address === address)!);
    expect(arn('aws_lambda_layer_version_permission.v')).toBe('arn:aws:lambda:eu-west-1:111111111111:layer:shared:3');
    expect(arn('aws_lambda_layer_version_permission.any')).toBe('arn:aws:lambda:eu-west-1:111111111111:layer:shared');
    expect(arn('aws_cloudwatch_event_permission.default_bus')).toBe('arn:aws:events:eu-west-1:111111111111:event-bus/default');
    expect(arn('aws_sqs_queue_policy.q')).toBe('arn:aws:sqs:eu-west-1:111111111111:jobs');
    expect(arn('aws_lambda_permission.by_arn')).toBe('arn:aws:lambda:us-east-1:333333333333:function:f');
    expect(arn('aws_codeartifact_repository_permissions_policy.partial')).toBeUndefined();
  });
});
