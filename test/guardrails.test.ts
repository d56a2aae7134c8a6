/**
 * Organization guardrails: the organization tree read from the configuration (root, nested
 * units, accounts, attachments), SCPs evaluated level by level in the 2025 IAM language, RCPs on
 * the resource side, in check-access (with the deciding statements and their lines) and in paths;
 * and bad input (an unknown policy type, attachments to targets outside the scan) reported with
 * its line while the rest of the scan goes on.
 */
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { checkAccess, type AccessAnswer } from '../src/graph/access';
import { scpVerdict } from '../src/graph/guardrails';
import { pathsFrom } from '../src/graph/paths';
import { buildTrustMap } from '../src/graph/trust-map';
import { RequestContext } from '../src/iam/evaluate';
import { classifyAwsPrincipal } from '../src/iam/principals';
import { scan, type ScanResult } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const SCENARIO = path.join(TESTDATA, 'projects', 'guardrails');
const DIR = 'testdata/projects/guardrails';
const APP = 'arn:aws:iam::222222222222:role/app';
const PARTNER = 'arn:aws:iam::999999999999:role/partner';
const OBJECT = 'arn:aws:s3:::example-guarded-data/report.csv';

let result: ScanResult;

beforeAll(async () => {
  result = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO });
});

const ask = (principal: string, action: string, resource: string, context: Record<string, string[]> = {}): AccessAnswer => checkAccess(result.graph, { principal, action, resource, context });
const evidence = (a: AccessAnswer) => a.evidence.map((e) => `${e.source} ${e.effect} ${e.applies} ${e.address} ${e.range.file.replace(`${DIR}/`, '')}:${e.range.start.line}`);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd: REPO, env: {} });
  return { code, stdout, stderr };
}

describe('the organization tree', () => {
  it('places an account under its nested units, from the root', () => {
    const org = result.graph.organization;
    const p = org.pathOf('222222222222');
    expect(p.complete).toBe(true);
    expect(p.levels.map((l) => org.label(l))).toEqual(['the organization root', 'organizational unit aws_organizations_organizational_unit.workloads', 'organizational unit aws_organizations_organizational_unit.prod', 'account 222222222222']);
    expect(org.management).toEqual(new Set(['123456789012']));
    expect(org.scpEnabled).toBe(true);
  });

  it('knows which accounts each guardrail reaches', () => {
    const org = result.graph.organization;
    const reach = (name: string) =>
      Object.fromEntries(['222222222222', '333333333333', '999999999999'].map((a) => [a, org.reach(result.graph.orgPolicies.find((n) => n.policy.holder.address === `aws_organizations_policy.${name}`)!, a)]));
    expect(reach('deny_leave')).toEqual({ '222222222222': 'yes', '333333333333': 'yes', '999999999999': 'no' });
    expect(reach('eu_only')).toEqual({ '222222222222': 'yes', '333333333333': 'yes', '999999999999': 'no' });
    expect(reach('keep_buckets')).toEqual({ '222222222222': 'no', '333333333333': 'yes', '999999999999': 'no' });
    expect(reach('data_perimeter')).toEqual({ '222222222222': 'yes', '333333333333': 'yes', '999999999999': 'no' });
  });

  it('an attachment whose target cannot be resolved reaches members "maybe", never "nowhere"', async () => {
    const dir = tempTree({
      '.tfxacct.yml': 'organization:\n  accounts:\n    "222222222222": { name: app }\nthird_parties:\n  "999999999999": { name: partner }\n',
      'main.tf': `provider "aws" {
  allowed_account_ids = ["123456789012"]
}
variable "target" {
  type = string
}
resource "aws_organizations_policy" "p" {
  name    = "p"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "p" {
  policy_id = aws_organizations_policy.p.id
  target_id = var.target
}
`,
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const node = r.graph.orgPolicies[0];
    expect(r.graph.organization.reach(node, '222222222222')).toBe('unknown');
    expect(r.graph.organization.reach(node, '999999999999')).toBe('no');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('TFXA204');
    const a = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:role/x', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} });
    expect(a.decision).toBe('unknown');
    expect(a.evidence.map((e) => `${e.source} ${e.effect} ${e.applies}`)).toContain('scp Deny unknown');
  });

  it('a level the configuration shows no allow list for is taken to have the default FullAWSAccess, said in the reasons; units not in the scan stay unknown', async () => {
    const dir = tempTree({
      '.tfxacct.yml': 'organization:\n  accounts:\n    "222222222222": { name: app }\n',
      'main.tf': `provider "aws" {
  allowed_account_ids = ["123456789012"]
}
resource "aws_organizations_policy" "p" {
  name    = "p"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "p" {
  policy_id = aws_organizations_policy.p.id
  target_id = "222222222222"
}
resource "aws_organizations_policy_attachment" "full" {
  policy_id = "p-FullAWSAccess"
  target_id = "r-ab12"
}
`,
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const v = scpVerdict(r.graph, { principal: classifyAwsPrincipal('arn:aws:iam::222222222222:role/x'), principalAccount: '222222222222', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: new RequestContext() });
    expect(v.decision).toBe('unknown');
    // FullAWSAccess is shown at the root; the account's own level and its units are not
    expect(v.statements.map((s) => `${s.node.policy.holder.address} ${s.effect} ${s.applies}`)).toEqual(['aws_organizations_policy_attachment.full Allow yes']);
    expect(v.reasons).toContain(
      'the scanned configuration attaches no allow list to account 222222222222: assuming the FullAWSAccess SCP AWS attaches there by default (an allow list attached outside the scan would decide instead)',
    );
    expect(v.reasons).toContain('the organizational units above account 222222222222 are not in the scanned configuration: whether their SCPs allow s3:GetObject is unknown');
  });
});

describe('check-access with guardrails', () => {
  it('an SCP allow list with a conditioned Allow: allowed in its region, with the deciding statement and line', () => {
    const a = ask(APP, 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'], 'aws:RequestedRegion': ['eu-west-1'] });
    expect(a.decision).toBe('allowed');
    expect(evidence(a)).toEqual([
      'scp Allow yes aws_organizations_policy.eu_only org/main.tf:53',
      'identity Allow yes aws_iam_role_policy.app app/main.tf:19',
      'resource Allow yes aws_s3_bucket_policy.data data/main.tf:15',
    ]);
    expect(a.evidence[0]).toMatchObject({ sid: 'RegionalInEuWest1', path: 'content/Statement[0]' });
    expect(a.missingContext).toEqual([]);
  });

  it('the same allow list refuses another region: an implicit deny, naming the statement that leaves it out', () => {
    const a = ask(APP, 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'], 'aws:RequestedRegion': ['us-east-1'] });
    expect(a.decision).toBe('implicit-deny');
    expect(evidence(a)[0]).toBe('scp Allow no aws_organizations_policy.eu_only org/main.tf:53');
    expect(a.reasons[0]).toBe(
      'no SCP attached to organizational unit aws_organizations_organizational_unit.workloads allows s3:GetObject for this request (aws_organizations_policy.eu_only is its allow list)',
    );
  });

  it('without the region the answer is unknown and names the key', () => {
    const a = ask(APP, 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'] });
    expect(a.decision).toBe('unknown');
    expect(a.missingContext).toEqual(['aws:RequestedRegion']);
    expect(evidence(a)[0]).toBe('scp Allow unknown aws_organizations_policy.eu_only org/main.tf:53');
  });

  it('global services pass the allow list in any region (NotAction leaves them to the second statement)', () => {
    const a = ask(APP, 'sts:AssumeRole', 'arn:aws:iam::333333333333:role/none', { 'aws:RequestedRegion': ['us-east-1'] });
    expect(a.evidence.filter((e) => e.source === 'scp').map((e) => `${e.sid} ${e.applies}`)).toEqual(['GlobalServices yes']);
  });

  it('an RCP Deny on a principal outside the organization: explicit deny, with the RCP statement and line', () => {
    const a = ask(PARTNER, 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'] });
    expect(a.decision).toBe('explicit-deny');
    expect(evidence(a)[0]).toBe('rcp Deny yes aws_organizations_policy.data_perimeter org/main.tf:98');
    expect(a.evidence[0]).toMatchObject({ sid: 'OrganizationOnly' });
    expect(a.reasons[0]).toBe('aws_organizations_policy.data_perimeter (RCP) applies to the resource\'s account 333333333333 and denies the request');
    // the app role is inside the organization: the RCP does not stop it
    const inside = ask(APP, 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'], 'aws:RequestedRegion': ['eu-west-1'] });
    expect(inside.evidence.some((e) => e.source === 'rcp')).toBe(false);
  });

  it('RCPs do not apply to services that do not support them (SNS)', () => {
    const a = ask(PARTNER, 'sns:Publish', 'arn:aws:sns:eu-west-1:333333333333:events');
    expect(a.decision).toBe('unknown');
    expect(a.reasons[0]).toBe('RCPs do not apply to sns actions (the service does not support them)');
    expect(a.evidence.map((e) => e.source)).toEqual(['resource']);
  });

  it('a NotResource Deny in an SCP: deleting the data bucket is denied, scratch buckets are not', () => {
    const a = ask('arn:aws:iam::333333333333:root', 's3:DeleteBucket', 'arn:aws:s3:::example-guarded-data', { 'aws:RequestedRegion': ['eu-west-1'] });
    expect(a.decision).toBe('explicit-deny');
    expect(evidence(a)[0]).toBe('scp Deny yes aws_organizations_policy.keep_buckets org/main.tf:79');
    const scratch = ask('arn:aws:iam::333333333333:root', 's3:DeleteBucket', 'arn:aws:s3:::example-scratch-1', { 'aws:RequestedRegion': ['eu-west-1'] });
    expect(scratch.evidence.some((e) => e.address === 'aws_organizations_policy.keep_buckets')).toBe(false);
  });

  it('SCPs do not apply to the management account or to service-linked roles', () => {
    const mgmt = ask('arn:aws:iam::123456789012:root', 'organizations:LeaveOrganization', 'arn:aws:organizations::123456789012:account/o-guardrails01/123456789012');
    expect(mgmt.reasons[0]).toBe('SCPs do not apply to the management account 123456789012');
    expect(mgmt.evidence.some((e) => e.source === 'scp')).toBe(false);
    const slr = ask('arn:aws:iam::222222222222:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS', 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'], 'aws:RequestedRegion': ['us-east-1'] });
    expect(slr.reasons[0]).toBe('SCPs do not apply to service-linked roles');
    // denied, but by the bucket policy (which does not name the role), not by the region allow list
    expect(slr.decision).toBe('implicit-deny');
    expect(slr.evidence.some((e) => e.source === 'scp')).toBe(false);
    expect(slr.reasons).toContain('resource policy of aws_s3_bucket.data: do not allow');
  });

  it('CLI: exit codes and the JSON evidence of guardrails', async () => {
    const base = ['check-access', DIR, '--principal', APP, '--action', 's3:GetObject', '--resource', OBJECT, '--context', 'aws:SecureTransport=true'];
    const allowed = await cli([...base, '--context', 'aws:RequestedRegion=eu-west-1', '-f', 'json']);
    expect(allowed.code).toBe(0);
    const denied = await cli([...base, '--context', 'aws:RequestedRegion=us-east-1', '-f', 'json']);
    expect(denied.code).toBe(1);
    const json = JSON.parse(denied.stdout);
    expect(json.decision).toBe('implicit-deny');
    expect(json.evidence[0]).toMatchObject({ source: 'scp', effect: 'Allow', applies: 'no', address: 'aws_organizations_policy.eu_only', sid: 'RegionalInEuWest1', file: `${DIR}/org/main.tf`, startLine: 53 });
    const text = await cli([...base, '--context', 'aws:RequestedRegion=us-east-1']);
    expect(text.stdout).toMatch(/^s3:GetObject: DENIED \(no statement allows it\)/);
    expect(text.stdout).toContain(`ALLOW does not apply  service control policy aws_organizations_policy.eu_only content/Statement[0]  ${DIR}/org/main.tf:53`);
    const rcp = await cli(['check-access', DIR, '--principal', PARTNER, '--action', 's3:GetObject', '--resource', OBJECT, '--context', 'aws:SecureTransport=true']);
    expect(rcp.code).toBe(1);
    expect(rcp.stdout).toContain(`DENY  applies  resource control policy aws_organizations_policy.data_perimeter content/Statement[0]  ${DIR}/org/main.tf:98`);
  });
});

describe('guardrails in paths and rules', () => {
  it('a step an RCP denies is not taken; one on a service without RCPs is', () => {
    const p = pathsFrom(result.graph, buildTrustMap(result.graph), '999999999999');
    expect(p.reached.map((r) => r.node.replace(`${DIR}/`, ''))).toEqual(['data:aws_sns_topic.events']);
  });

  it('a step the SCP allow list may refuse is undecided, and says why', () => {
    const p = pathsFrom(result.graph, buildTrustMap(result.graph), APP);
    const bucket = p.reached.find((r) => r.node.endsWith('aws_s3_bucket.data'))!;
    expect(bucket.decision).toBe('unknown');
    expect(bucket.chain[0].why).toMatch(/^an organization guardrail may block it \(whether the SCPs attached to organizational unit aws_organizations_organizational_unit.workloads/);
  });

  it('TFXA203 reports the partner grant the RCP blocks, not the SNS one', () => {
    expect(result.findings.filter((f) => f.ruleId === 'TFXA203').map((f) => `${f.file.replace(`${DIR}/`, '')}:${f.startLine} ${f.address}`)).toEqual(['data/main.tf:25 aws_s3_bucket_policy.data']);
  });
});

describe('bad input: notifications with the line, and the rest of the scan goes on', () => {
  it('an unknown policy type, and attachments to targets outside the scan', async () => {
    const dir = tempTree({
      'main.tf': `provider "aws" {
  allowed_account_ids = ["123456789012"]
}

resource "aws_organizations_policy" "typo" {
  name    = "typo"
  type    = "SERVICE_CONTROL_POLICIES"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}

resource "aws_organizations_policy" "perimeter" {
  name    = "perimeter"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })
}

data "aws_organizations_organizational_unit" "elsewhere" {
  parent_id = "r-ab12"
  name      = "elsewhere"
}

resource "aws_organizations_policy_attachment" "to_data_source" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = data.aws_organizations_organizational_unit.elsewhere.id
}

resource "aws_organizations_policy_attachment" "to_unknown_ou" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = "ou-ab12-notinscan"
}

resource "aws_organizations_policy_attachment" "to_nonsense" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = "production"
}

resource "aws_organizations_policy_attachment" "other_policy" {
  policy_id = "p-abcdef12"
  target_id = "r-ab12"
}

resource "aws_s3_bucket" "public" {
  bucket = "example-public"
}

resource "aws_s3_bucket_policy" "public" {
  bucket = aws_s3_bucket.public.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-public/*" }] })
}
`,
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const notes = r.notifications.map((n) => `${n.level} ${n.kind} ${n.file}:${n.startLine} ${n.message}`);
    expect(notes).toEqual([
      'warning unknown-policy-type main.tf:7 aws_organizations_policy.typo: "SERVICE_CONTROL_POLICIES" is not an AWS Organizations policy type (SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY…); the policy is not analysed',
      'note guardrail-target main.tf:23 aws_organizations_policy_attachment.to_data_source: data.aws_organizations_organizational_unit.elsewhere.id is not a root, organizational unit or account in the scanned configuration; which accounts the attached policy applies to is unknown',
      'note guardrail-target main.tf:28 aws_organizations_policy_attachment.to_unknown_ou: organizational unit ou-ab12-notinscan is not defined in the scanned configuration; whether an account is under it is unknown unless the configuration places the account elsewhere',
      'note guardrail-target main.tf:33 aws_organizations_policy_attachment.to_nonsense: "production" is not an organization root (r-…), organizational unit (ou-…) or account id; which accounts the attached policy applies to is unknown',
      'note guardrail-policy main.tf:37 aws_organizations_policy_attachment.other_policy: policy "p-abcdef12" is not defined in the scanned configuration; what it attaches is not analysed',
    ]);
    // the rest of the scan goes on: the public bucket is still found, and the typo'd policy is not a guardrail
    expect(r.findings.map((f) => f.ruleId)).toEqual(['TFXA102', 'TFXA107']);
    expect(r.graph.orgPolicies.map((n) => n.policy.holder.address)).toEqual(['aws_organizations_policy.perimeter']);
  });

  it('notifications reach the SARIF invocation with their line', async () => {
    const dir = tempTree({
      'main.tf': 'resource "aws_organizations_policy" "typo" {\n  name    = "typo"\n  type    = "RESOURCE_CONTROL"\n  content = "{}"\n}\n',
    });
    const out = path.join(dir, 'out.sarif');
    const r = await cli(['scan', dir, '--root', dir, '-f', 'sarif', '-o', out]);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(require('node:fs').readFileSync(out, 'utf8'));
    const n = sarif.runs[0].invocations[0].toolExecutionNotifications.find((x: { message: { text: string } }) => x.message.text.includes('RESOURCE_CONTROL'));
    expect(n.level).toBe('warning');
    expect(n.locations[0].physicalLocation.region.startLine).toBe(3);
  });
});

describe('guardrails from a plan: ids known', () => {
  it('links units, accounts and attachments by their ids, and finds the management account', async () => {
    const res = (type: string, name: string, values: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values, sensitive_values: {} });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: {
        root_module: {
          resources: [
            res('aws_organizations_organization', 'org', { id: 'o-a1b2c3d4e5', master_account_id: '123456789012', feature_set: 'ALL', enabled_policy_types: ['SERVICE_CONTROL_POLICY'], roots: [{ id: 'r-ab12', name: 'Root' }] }),
            res('aws_organizations_organizational_unit', 'workloads', { id: 'ou-ab12-11111111', name: 'workloads', parent_id: 'r-ab12' }),
            res('aws_organizations_account', 'app', { id: '222222222222', name: 'app', email: 'a@example.com', parent_id: 'ou-ab12-11111111' }),
            res('aws_organizations_policy', 'deny_s3', {
              id: 'p-11111111',
              name: 'deny-s3',
              type: 'SERVICE_CONTROL_POLICY',
              content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] }),
            }),
            res('aws_organizations_policy_attachment', 'deny_s3', { id: 'ou-ab12-11111111:p-11111111', policy_id: 'p-11111111', target_id: 'ou-ab12-11111111' }),
          ],
        },
      },
    };
    const dir = tempTree({ 'plan.json': JSON.stringify(plan), 'empty/.keep': '' });
    const r = await scan({ paths: ['empty'], plans: ['plan.json'], root: dir, cwd: dir });
    expect(r.notifications.filter((n) => n.kind.startsWith('guardrail'))).toEqual([]);
    const org = r.graph.organization;
    expect(org.management).toEqual(new Set(['123456789012']));
    const p = org.pathOf('222222222222');
    expect([p.complete, p.levels.map((l) => org.label(l))]).toEqual([true, ['the organization root', 'organizational unit aws_organizations_organizational_unit.workloads', 'account 222222222222']]);
    expect(org.reach(r.graph.orgPolicies[0], '222222222222')).toBe('yes');
    const a = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:root', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b', context: {} });
    expect(a.decision).toBe('explicit-deny');
    expect(a.evidence[0]).toMatchObject({ source: 'scp', effect: 'Deny', applies: 'yes', address: 'aws_organizations_policy.deny_s3' });
    expect(a.evidence[0].range.file).toBe('plan.json');
  });
});

describe('bad input is bounded in what it prints', () => {
  it('a long unknown policy type or target is cut short in the notification', async () => {
    const long = 'X'.repeat(5000);
    const dir = tempTree({
      'main.tf': `resource "aws_organizations_policy" "p" {\n  name    = "p"\n  type    = "${long}"\n  content = "{}"\n}\nresource "aws_organizations_policy_attachment" "a" {\n  policy_id = "p-1234abcd"\n  target_id = "${long}"\n}\n`,
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const ours = r.notifications.filter((n) => n.kind === 'unknown-policy-type' || n.kind.startsWith('guardrail'));
    expect(ours.map((n) => n.startLine)).toEqual([3, 7, 8]);
    for (const n of ours) expect(n.message.length).toBeLessThan(300);
  });
});
