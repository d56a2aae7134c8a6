/**
 * `tfxacct graph` and `tfxacct check-access` on the multi-account scenarios: the trust map's
 * nodes and edges (JSON format), the paths found through role chaining, and check-access answers
 * (allowed, explicit deny from an identity policy and from an SCP, implicit deny, unknown).
 */
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { checkAccess, type AccessAnswer } from '../src/graph/access';
import { pathsFrom } from '../src/graph/paths';
import { principalsOf } from '../src/graph/queries';
import { buildTrustMap, focusMap } from '../src/graph/trust-map';
import { showGraph, toDot, toMermaid, type ShownGraph } from '../src/report/trust-graph';
import { scan, type ScanResult } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const SCENARIO = path.join(TESTDATA, 'projects', 'trust-graph');
const DIR = 'testdata/projects/trust-graph/accounts';
const MULTI = path.join(TESTDATA, 'projects', 'multi-account');

let result: ScanResult;
let shown: ShownGraph;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd: REPO, env: {} });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  result = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO });
  shown = showGraph(buildTrustMap(result.graph), result.findings);
});

const node = (id: string) => shown.nodes.find((n) => n.id === id);
const edgesBetween = (from: string, to: string) => shown.edges.filter((e) => e.from === from && e.to === to);

describe('trust map', () => {
  it('groups nodes by account, named from the inventory', () => {
    expect(shown.accounts.map((a) => [a.id, a.kind, a.label])).toEqual([
      ['111111111111', 'internal', '111111111111 (tooling)'],
      ['222222222222', 'internal', '222222222222 (prod)'],
      ['333333333333', 'internal', '333333333333 (data)'],
      ['999999999999', 'third-party', '999999999999 (vendor, third party)'],
      ['aws', 'aws', 'AWS services'],
    ]);
    expect(node(`${DIR}/tooling:aws_iam_role.ci`)).toMatchObject({ kind: 'role', label: 'role ci', account: '111111111111', external: false, arn: 'arn:aws:iam::111111111111:role/ci', file: `${DIR}/tooling/main.tf`, line: 7 });
    expect(node(`${DIR}/data:aws_s3_bucket.data`)).toMatchObject({ kind: 'bucket', account: '333333333333', worst: 'error' });
    expect(node(`${DIR}/data:aws_s3_bucket.data`)!.findings.map((f) => f.ruleId).sort()).toEqual(['TFXA007', 'TFXA101']);
    expect(node(`${DIR}/data:aws_kms_key.data`)).toMatchObject({ kind: 'key', account: '333333333333', worst: null });
    expect(node(`${DIR}/prod:aws_lambda_function.hook`)).toMatchObject({ kind: 'function', label: 'function hook', worst: 'warning' });
    expect(node(`${DIR}/data:aws_ram_resource_share.vendor`)).toMatchObject({ kind: 'share', worst: 'warning' });
    expect(node('account:999999999999')).toMatchObject({ kind: 'account', account: '999999999999', external: false });
    expect(node('service:sns.amazonaws.com')).toMatchObject({ kind: 'service', account: 'aws' });
    expect(node('idp:arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com')).toMatchObject({ kind: 'identity-provider', account: '111111111111', external: true });
  });

  it('has an edge for each trust, grant, key and share, with its binding conditions', () => {
    const simplified = shown.edges.map((e) => [e.kind, e.from.replace(`${DIR}/`, ''), e.to.replace(`${DIR}/`, ''), e.conditions.join(','), e.line]);
    expect(simplified).toEqual(
      expect.arrayContaining([
        ['can-assume', 'idp:arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', 'tooling:aws_iam_role.ci', 'aud,sub', 14],
        ['can-assume', 'tooling:aws_iam_role.ci', 'prod:aws_iam_role.deployer', '', 15],
        ['can-assume', 'prod:aws_iam_role.deployer', 'data:aws_iam_role.reader', 'PrincipalOrgID', 13],
        ['can-assume', 'account:999999999999', 'prod:aws_iam_role.vendor', 'ExternalId', 56],
        ['granted', 'prod:aws_iam_role.deployer', 'data:aws_s3_bucket.data', '', 60],
        ['granted', 'account:333333333333', 'data:aws_kms_key.data', '', 26],
        ['granted', 'service:sns.amazonaws.com', 'prod:aws_sqs_queue.events', 'SourceArn', 77],
        ['granted', 'account:111111111111', 'prod:aws_lambda_function.hook', '', 96],
        ['encrypts-with', 'data:aws_s3_bucket.data', 'data:aws_kms_key.data', '', 45],
        ['shares-with', 'data:aws_ram_resource_share.vendor', 'account:999999999999', '', 82],
        ['shares-with', 'data:aws_ec2_transit_gateway.hub', 'data:aws_ram_resource_share.vendor', '', 91],
      ]),
    );
    expect(shown.edges).toHaveLength(11);
    // the TLS statement names "*" but is a Deny: it grants nothing, so it is no edge
    expect(edgesBetween('anyone', `${DIR}/data:aws_s3_bucket.data`)).toHaveLength(0);
  });

  it('colours an edge by the worst finding on its statement', () => {
    const grant = edgesBetween(`${DIR}/prod:aws_iam_role.deployer`, `${DIR}/data:aws_s3_bucket.data`)[0];
    expect(grant.findings.map((f) => f.ruleId).sort()).toEqual(['TFXA007', 'TFXA101']);
    expect(grant.worst).toBe('error');
    const trust = edgesBetween(`${DIR}/tooling:aws_iam_role.ci`, `${DIR}/prod:aws_iam_role.deployer`)[0];
    expect(trust.findings.map((f) => f.ruleId)).toEqual(['TFXA007']);
    expect(trust.worst).toBe('note');
    const vendor = edgesBetween('account:999999999999', `${DIR}/prod:aws_iam_role.vendor`)[0];
    expect(vendor.worst).toBeNull();
  });

  it('--focus and --account cut the map down to a resource or an account and its neighbours', () => {
    const map = buildTrustMap(result.graph);
    const focused = focusMap(map, { focus: ['aws_iam_role.deployer'] });
    expect(focused.nodes.map((n) => n.id.replace(`${DIR}/`, '')).sort()).toEqual(['data:aws_iam_role.reader', 'data:aws_s3_bucket.data', 'prod:aws_iam_role.deployer', 'tooling:aws_iam_role.ci']);
    const byAccount = focusMap(map, { account: ['999999999999'] });
    expect(byAccount.nodes.map((n) => n.id.replace(`${DIR}/`, '')).sort()).toEqual(['account:999999999999', 'data:aws_ram_resource_share.vendor', 'prod:aws_iam_role.vendor']);
  });

  it('the multi-account scenario: vendor roles with and without ExternalId, buckets and their keys', async () => {
    const r = await scan({ paths: [MULTI], root: REPO, cwd: REPO });
    const g = showGraph(buildTrustMap(r.graph), r.findings);
    const prod = 'testdata/projects/multi-account/accounts/prod';
    const alpha = g.edges.find((e) => e.to === `${prod}:module.vendor_roles["alpha"].aws_iam_role.this`)!;
    expect(alpha).toMatchObject({ kind: 'can-assume', from: 'account:999999999999', conditions: ['ExternalId'], worst: null });
    const beta = g.edges.find((e) => e.to === `${prod}:module.vendor_roles["beta"].aws_iam_role.this`)!;
    expect(beta).toMatchObject({ kind: 'can-assume', from: 'account:888888888888', conditions: [], worst: 'error' });
    expect(g.edges.filter((e) => e.kind === 'encrypts-with').map((e) => [e.from, e.to])).toEqual([
      [`${prod}:module.exports.aws_s3_bucket.this`, `${prod}:module.exports.aws_kms_key.this`],
      [`${prod}:module.reports.aws_s3_bucket.this`, `${prod}:module.reports.aws_kms_key.this`],
    ]);
    // the tooling role sits in the tooling account through its provider alias
    expect(g.nodes.find((n) => n.address === 'aws_iam_role.tooling_from_prod')!.account).toBe('111111111111');
  });
});

describe('paths (--paths-from)', () => {
  const reach = (start: string) => {
    const p = pathsFrom(result.graph, buildTrustMap(result.graph), start);
    return Object.fromEntries(p.reached.map((r) => [r.node.replace(`${DIR}/`, ''), { decision: r.decision, chain: r.chain.map((s) => `${s.from.replace(`${DIR}/`, '')} ${s.kind} ${s.to.replace(`${DIR}/`, '')}`) }]));
  };

  it('follows role chaining across accounts, both sides checked', () => {
    expect(reach('111111111111')).toEqual({
      'prod:aws_iam_role.deployer': { decision: 'yes', chain: ['tooling:aws_iam_role.ci can-assume prod:aws_iam_role.deployer'] },
      'data:aws_iam_role.reader': { decision: 'yes', chain: ['tooling:aws_iam_role.ci can-assume prod:aws_iam_role.deployer', 'prod:aws_iam_role.deployer can-assume data:aws_iam_role.reader'] },
      'data:aws_s3_bucket.data': { decision: 'yes', chain: ['tooling:aws_iam_role.ci can-assume prod:aws_iam_role.deployer', 'prod:aws_iam_role.deployer granted data:aws_s3_bucket.data'] },
      'prod:aws_lambda_function.hook': { decision: 'yes', chain: ['account:111111111111 granted prod:aws_lambda_function.hook'] },
    });
  });

  it('from one principal, and from a third party whose trust needs an ExternalId', () => {
    expect(Object.keys(reach('arn:aws:iam::222222222222:role/deployer')).sort()).toEqual(['data:aws_iam_role.reader', 'data:aws_s3_bucket.data']);
    const vendor = reach('999999999999');
    expect(vendor['prod:aws_iam_role.vendor'].decision).toBe('unknown');
    expect(vendor['data:aws_ec2_transit_gateway.hub']).toEqual({ decision: 'yes', chain: ['account:999999999999 shares-with data:aws_ec2_transit_gateway.hub'] });
    expect(Object.keys(vendor).sort()).toEqual(['data:aws_ec2_transit_gateway.hub', 'prod:aws_iam_role.vendor']);
  });

  it('a role whose own policies do not allow the next hop stops the chain', () => {
    // the reader role has no identity policy: it cannot assume anything, and the data account reaches nothing new
    expect(reach('arn:aws:iam::333333333333:role/reader')).toEqual({});
  });

  it('the why of an undecided step names the condition', () => {
    const p = pathsFrom(result.graph, buildTrustMap(result.graph), '999999999999');
    const vendor = p.reached.find((r) => r.node.endsWith('aws_iam_role.vendor'))!;
    expect(vendor.chain[0].why).toBe('the trust of aws_iam_role.vendor admits the caller only if sts:ExternalId match, which is not known statically');
  });
});

describe('check-access', () => {
  const ask = (principal: string, action: string, resource: string, context: Record<string, string[]> = {}): AccessAnswer => checkAccess(result.graph, { principal, action, resource, context });
  const evidence = (a: AccessAnswer) => a.evidence.map((e) => `${e.source} ${e.effect} ${e.applies} ${e.address} ${e.range.file.replace(`${DIR}/`, '')}:${e.range.start.line}`);
  const OBJECT = 'arn:aws:s3:::example-data-333333333333/report.csv';

  it('allowed: a cross-account role assumption with both sides in place', () => {
    const a = ask('arn:aws:iam::111111111111:role/ci', 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/deployer');
    expect(a.decision).toBe('allowed');
    expect(a.crossAccount).toBe('yes');
    expect(evidence(a)).toEqual(['identity Allow yes aws_iam_role_policy.ci_deploy tooling/main.tf:30', 'trust Allow yes aws_iam_role.deployer prod/main.tf:12']);
    expect(a.principal).toMatchObject({ address: 'aws_iam_role.ci', account: '111111111111' });
  });

  it('unknown: a Deny that depends on a context key not given, and allowed once it is', () => {
    const a = ask('arn:aws:iam::222222222222:role/deployer', 's3:GetObject', OBJECT);
    expect(a.decision).toBe('unknown');
    expect(a.missingContext).toEqual(['aws:SecureTransport']);
    expect(evidence(a)).toContain('resource Deny unknown aws_s3_bucket_policy.data data/main.tf:64');
    const b = ask('arn:aws:iam::222222222222:role/deployer', 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['true'] });
    expect(b.decision).toBe('allowed');
    const c = ask('arn:aws:iam::222222222222:role/deployer', 's3:GetObject', OBJECT, { 'aws:SecureTransport': ['false'] });
    expect(c.decision).toBe('explicit-deny');
  });

  it('explicit deny from an identity policy, whatever the resource policy allows', () => {
    const a = ask('arn:aws:iam::222222222222:role/deployer', 's3:DeleteObject', OBJECT, { 'aws:SecureTransport': ['true'] });
    expect(a.decision).toBe('explicit-deny');
    expect(evidence(a)).toEqual(expect.arrayContaining(['identity Deny yes aws_iam_role_policy.deployer prod/main.tf:38', 'resource Allow yes aws_s3_bucket_policy.data data/main.tf:57']));
  });

  it('explicit deny from an SCP attached to the principal account', () => {
    const a = ask('arn:aws:iam::333333333333:role/reader', 's3:PutBucketPolicy', 'arn:aws:s3:::example-data-333333333333', { 'aws:SecureTransport': ['true'] });
    expect(a.decision).toBe('explicit-deny');
    expect(evidence(a)[0]).toBe('scp Deny yes aws_organizations_policy.data_guardrail org/main.tf:10');
  });

  it('implicit deny: the bucket is shared but its key is not (an assumed-role session, a key asked by alias)', () => {
    const a = ask('arn:aws:sts::222222222222:assumed-role/deployer/s1', 'kms:Decrypt', 'arn:aws:kms:eu-west-1:333333333333:alias/data');
    expect(a.decision).toBe('implicit-deny');
    expect(a.resource).toMatchObject({ address: 'aws_kms_key.data', account: '333333333333' });
    expect(a.reasons).toContain('key policy of aws_kms_key.data: do not allow');
    expect(a.reasons).toContain('identity policies of aws_iam_role.deployer: allow');
  });

  it('implicit deny: a trust that does not admit the caller', () => {
    const a = ask('arn:aws:iam::111111111111:role/ci', 'sts:AssumeRole', 'arn:aws:iam::333333333333:role/reader');
    expect(a.decision).toBe('implicit-deny');
    expect(a.evidence).toEqual([]);
  });

  it('unknown: a principal outside the configuration, even with the external id', () => {
    const a = ask('arn:aws:iam::999999999999:role/integration', 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/vendor', { 'sts:ExternalId': ['vendor-7f3a'] });
    expect(a.decision).toBe('unknown');
    expect(a.reasons[0]).toBe('arn:aws:iam::999999999999:role/integration is not defined in the scanned configuration: its identity policies are not known');
    const wrongId = ask('arn:aws:iam::999999999999:role/integration', 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/vendor', { 'sts:ExternalId': ['guess'] });
    expect(wrongId.decision).toBe('implicit-deny');
  });

  it('the root user of an account that a function policy grants: allowed', () => {
    const a = ask('arn:aws:iam::111111111111:root', 'lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:222222222222:function:hook');
    expect(a.decision).toBe('allowed');
    expect(evidence(a)).toEqual(['resource Allow yes aws_lambda_permission.tooling prod/main.tf:92']);
  });

  it('a service principal is allowed by the resource policy alone, under its conditions', () => {
    const queue = 'arn:aws:sqs:eu-west-1:222222222222:events';
    const topic = 'arn:aws:sns:eu-west-1:222222222222:events';
    const a = checkAccess(result.graph, { principal: 'sns.amazonaws.com', action: 'sqs:SendMessage', resource: queue, context: { 'aws:SourceArn': [topic] }, absentKeysMissing: true });
    expect(a.decision).toBe('allowed');
    expect(a.sides).toEqual({ guardrails: 'allowed', identity: 'allowed', resource: 'allowed' });
    expect(a.reasons[0]).toBe('sns.amazonaws.com is an AWS service principal: it has no identity policies, the resource policy alone decides');
    const other = checkAccess(result.graph, { principal: 'sns.amazonaws.com', action: 'sqs:SendMessage', resource: queue, context: { 'aws:SourceArn': ['arn:aws:sns:eu-west-1:444455556666:t'] }, absentKeysMissing: true });
    expect(other.decision).toBe('implicit-deny');
    const events = checkAccess(result.graph, { principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: queue, context: { 'aws:SourceArn': [topic] }, absentKeysMissing: true });
    expect(events.decision).toBe('implicit-deny');
  });

  it('an identity provider is allowed by the trust alone, for the subject it pins', () => {
    const provider = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
    const claims = (sub: string) => ({ 'token.actions.githubusercontent.com:sub': [sub], 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] });
    const ok = checkAccess(result.graph, { principal: provider, action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::111111111111:role/ci', context: claims('repo:example-org/infra:ref:refs/heads/main'), absentKeysMissing: true });
    expect(ok.decision).toBe('allowed');
    const other = checkAccess(result.graph, { principal: provider, action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::111111111111:role/ci', context: claims('repo:someone/else:ref:refs/heads/main'), absentKeysMissing: true });
    expect(other.decision).toBe('implicit-deny');
  });

  it('outside the configuration, with --outside-allows: only what the scanned policies say decides', () => {
    const a = checkAccess(result.graph, { principal: 'arn:aws:iam::999999999999:role/integration', action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/vendor', context: { 'sts:ExternalId': ['vendor-7f3a'] }, outsideAllows: true });
    expect(a.decision).toBe('allowed');
    expect(a.reasons[0]).toBe("arn:aws:iam::999999999999:role/integration is not defined in the scanned configuration: its identity policies are its account's to write, taken to allow");
    const without = checkAccess(result.graph, { principal: 'arn:aws:iam::999999999999:role/integration', action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/vendor', context: { 'sts:ExternalId': [] }, outsideAllows: true });
    expect(without.decision).toBe('implicit-deny');
  });

  it('a resource by its address; a RAM share grants the action its type is shared for', () => {
    const net = (action: string) =>
      checkAccess(result.graph, { principal: 'arn:aws:iam::999999999999:role/net', action, resource: 'arn:aws:ec2:eu-west-1:333333333333:transit-gateway/(known-after-apply)', resourceAt: { rootDir: `${DIR}/data`, address: 'aws_ec2_transit_gateway.hub' }, context: {}, outsideAllows: true });
    const attach = net('ec2:CreateTransitGatewayVpcAttachment');
    expect(attach.decision).toBe('allowed');
    expect(evidence(attach)).toEqual(['ram Allow yes aws_ram_principal_association.vendor data/main.tf:82']);
    expect(net('ec2:DeleteTransitGateway').decision).toBe('unknown');
    expect(net('s3:GetObject').decision).toBe('implicit-deny');
  });

  it('an AWS managed key is used only by principals of its own account', async () => {
    const dir = tempTree({ 'main.tf': 'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111111111111"]\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const a = checkAccess(r.graph, { principal: 'arn:aws:iam::222222222222:role/x', action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/s3', context: {}, outsideAllows: true });
    expect(a.decision).toBe('implicit-deny');
    expect(a.sides.resource).toBe('implicit-deny');
    expect(a.reasons).toContain('alias/aws/s3 is an AWS managed key of account 111111111111: its policy, which AWS writes and no one can change, lets only principals of that account use it, through s3');
  });

  it('rejects what is not a request', () => {
    expect(() => ask('not-an-arn', 's3:GetObject', OBJECT)).toThrow('--principal must be the ARN of an IAM role, user, assumed-role session or account root, a service principal (sns.amazonaws.com) or an identity provider ARN, got "not-an-arn"');
    expect(() => ask('arn:aws:iam::222222222222:role/deployer', 'GetObject', OBJECT)).toThrow('--action must look like SERVICE:Action');
    expect(() => ask('arn:aws:iam::222222222222:role/deployer', 's3:GetObject', 'bucket')).toThrow('--resource must be an ARN');
  });
});

describe('CLI', () => {
  it('graph: json, mermaid and dot of the same map', async () => {
    const json = await cli(['graph', 'testdata/projects/trust-graph', '-f', 'json']);
    expect(json.code).toBe(0);
    const g = JSON.parse(json.stdout) as ShownGraph;
    expect(g.nodes).toHaveLength(shown.nodes.length);
    expect(g.edges).toHaveLength(shown.edges.length);
    const mermaid = await cli(['graph', 'testdata/projects/trust-graph', '-f', 'mermaid']);
    expect(mermaid.stdout).toBe(toMermaid(shown));
    expect(mermaid.stdout).toContain('subgraph a2["333333333333 (data)"]');
    expect(mermaid.stdout).toMatch(/n\d+ -\.->\|"granted: s3:GetObject and s3:DeleteObject"\| n\d+/);
    const dot = await cli(['graph', 'testdata/projects/trust-graph', '-f', 'dot']);
    expect(dot.stdout).toBe(toDot(shown));
    expect(dot.stdout).toMatch(/^digraph tfxacct \{/);
    expect(dot.stdout).toContain('label="333333333333 (data)"');
  });

  it('graph --paths-from as text', async () => {
    const r = await cli(['graph', 'testdata/projects/trust-graph', '-f', 'text', '--paths-from', 'arn:aws:iam::111111111111:role/ci']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Reachable from arn:aws:iam::111111111111:role/ci');
    expect(r.stdout).toContain('aws_iam_role.deployer [222222222222 (prod)] --assumes--> aws_iam_role.reader [333333333333 (data)]');
    expect(r.stdout).toContain(`${DIR}/data/main.tf:10 aws_iam_role.reader assume_role_policy/Statement[0]`);
  });

  it('graph: usage errors exit 2 with a message', async () => {
    const bad = await cli(['graph', 'testdata/projects/trust-graph', '--paths-from', 'prod']);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain('--paths-from expects a 12-digit account id or an IAM/STS ARN, got "prod"');
    const text = await cli(['graph', 'testdata/projects/trust-graph', '-f', 'text']);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('the text format lists paths: give --paths-from');
    const focus = await cli(['graph', 'testdata/projects/trust-graph', '--focus', 'aws_iam_role.nope']);
    expect(focus.code).toBe(0);
    expect(focus.stderr).toContain('--focus aws_iam_role.nope: no resource with this address or ARN');
  });

  it('check-access: exit 0 allowed, 1 denied, 3 unknown, 2 usage', async () => {
    const base = ['check-access', 'testdata/projects/trust-graph', '--principal', 'arn:aws:iam::222222222222:role/deployer', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::example-data-333333333333/a'];
    const unknown = await cli(base);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/^s3:GetObject: UNKNOWN/);
    expect(unknown.stdout).toContain('Context keys not given: aws:SecureTransport');
    const allowed = await cli([...base, '--context', 'aws:SecureTransport=true', '-f', 'json']);
    expect(allowed.code).toBe(0);
    const json = JSON.parse(allowed.stdout);
    expect(json).toMatchObject({ decision: 'allowed', crossAccount: 'yes', principal: { address: 'aws_iam_role.deployer', file: `${DIR}/prod/main.tf`, startLine: 8 } });
    expect(json.evidence.map((e: { source: string; startLine: number }) => [e.source, e.startLine])).toEqual([
      ['identity', 32],
      ['resource', 57],
    ]);
    const absent = await cli([...base, '--absent-context']);
    expect(absent.code).toBe(0);
    const denied = await cli([...base, '--context', 'aws:SecureTransport=false']);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^s3:GetObject: DENIED \(explicit deny\)/);
    const usage = await cli([...base, '--context', 'novalue']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--context expects KEY=VALUE, got "novalue"');
    const missing = await cli(['check-access', 'testdata/projects/trust-graph', '--action', 's3:GetObject']);
    expect(missing.code).toBe(2);
    // a resource by its address: a key whose id AWS generates
    const byAddress = await cli(['check-access', 'testdata/projects/trust-graph', '--principal', 'arn:aws:iam::222222222222:role/deployer', '--action', 'kms:Decrypt', '--resource', 'aws_kms_key.data']);
    expect(byAddress.code).toBe(1);
    expect(byAddress.stdout).toContain('arn:aws:kms:eu-west-1:333333333333:key/(known-after-apply)');
    expect(byAddress.stdout).toContain('aws_kms_key.data (testdata/projects/trust-graph/accounts/data/main.tf:');
    const nowhere = await cli(['check-access', 'testdata/projects/trust-graph', '--principal', 'arn:aws:iam::222222222222:role/deployer', '--action', 'kms:Decrypt', '--resource', 'aws_kms_key.nope']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('--resource must be an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE) or the address of a resource in the scanned configuration, got "aws_kms_key.nope"');
    // an absent key, with --outside-allows: the vendor's role without its external id
    const vendor = ['check-access', 'testdata/projects/trust-graph', '--principal', 'arn:aws:iam::999999999999:role/any', '--action', 'sts:AssumeRole', '--resource', 'aws_iam_role.vendor', '--outside-allows', '--absent-context'];
    expect((await cli(vendor)).code).toBe(1);
    expect((await cli([...vendor, '--context', 'sts:ExternalId=vendor-7f3a'])).code).toBe(0);
  });
});

describe('check-access: how AWS combines policies within one account', () => {
  const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';
  const policy = (name: string, role: string, statements: string) =>
    `resource "aws_iam_role_policy" "${name}" {\n  role = aws_iam_role.${role}.name\n  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })\n}\n`;
  const role = (name: string, trustPrincipal: string) =>
    `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "${trustPrincipal}" } }] })\n}\n`;
  const bucket = (principal: string) =>
    `resource "aws_s3_bucket" "b" {\n  bucket = "same-account-bucket"\n}\nresource "aws_s3_bucket_policy" "b" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Principal = { AWS = "${principal}" }, Resource = "arn:aws:s3:::same-account-bucket/*" }] })\n}\n`;
  const answer = async (files: Record<string, string>, principal: string, action: string, resource: string) => {
    const dir = tempTree({ 'main.tf': PROVIDER + Object.values(files).join('\n') });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    return checkAccess(r.graph, { principal, action, resource, context: {}, absentKeysMissing: true });
  };
  const APP = 'arn:aws:iam::111111111111:role/app';
  const OBJ = 'arn:aws:s3:::same-account-bucket/k';

  it('a bucket policy naming the role is enough, without an identity policy', async () => {
    const a = await answer({ app: role('app', 'arn:aws:iam::111111111111:root'), b: bucket(APP) }, APP, 's3:GetObject', OBJ);
    expect(a.decision).toBe('allowed');
    expect(a.crossAccount).toBe('no');
  });

  it('a bucket policy naming only the account root delegates to IAM', async () => {
    const without = await answer({ app: role('app', 'arn:aws:iam::111111111111:root'), b: bucket('arn:aws:iam::111111111111:root') }, APP, 's3:GetObject', OBJ);
    expect(without.decision).toBe('implicit-deny');
    const withIam = await answer(
      { app: role('app', 'arn:aws:iam::111111111111:root'), p: policy('read', 'app', '{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }'), b: bucket('arn:aws:iam::111111111111:root') },
      APP,
      's3:GetObject',
      OBJ,
    );
    expect(withIam.decision).toBe('allowed');
  });

  it('a trust naming the caller role is enough in one account; naming the root needs IAM', async () => {
    const named = await answer({ app: role('app', 'arn:aws:iam::111111111111:root'), t: role('target', APP) }, APP, 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/target');
    expect(named.decision).toBe('allowed');
    const root = await answer({ app: role('app', 'arn:aws:iam::111111111111:root'), t: role('target', 'arn:aws:iam::111111111111:root') }, APP, 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/target');
    expect(root.decision).toBe('implicit-deny');
    expect(root.reasons).toContain(`trust policy of aws_iam_role.target: allow (through account 111111111111, so IAM must allow too)`);
  });

  it('a permissions boundary limits what the identity policies allow', async () => {
    const files = {
      app: `resource "aws_iam_role" "app" {\n  name = "app"\n  permissions_boundary = aws_iam_policy.boundary.arn\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n`,
      boundary: `resource "aws_iam_policy" "boundary" {\n  name = "boundary"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n`,
      p: policy('all', 'app', '{ Effect = "Allow", Action = "s3:*", Resource = "*" }'),
      b: `resource "aws_s3_bucket" "b" {\n  bucket = "same-account-bucket"\n}\n`,
    };
    expect((await answer(files, APP, 's3:GetObject', OBJ)).decision).toBe('allowed');
    const put = await answer(files, APP, 's3:PutObject', OBJ);
    expect(put.decision).toBe('implicit-deny');
    expect(put.reasons).toContain('the permissions boundary of aws_iam_role.app does not allow s3:PutObject');
    expect(put.evidence.map((e) => e.source)).toEqual(['identity']);
  });
});

describe('graph from a plan', () => {
  it('draws the plan scenario, edges pointing into the plan file', async () => {
    const r = await scan({ paths: [path.join(TESTDATA, 'plans', 'real')], plans: [path.join(TESTDATA, 'plans', 'scenarios', 'trust', 'plan.json')], root: REPO, cwd: REPO });
    const g = showGraph(buildTrustMap(r.graph), r.findings);
    const anyone = g.edges.find((e) => e.from === 'anyone')!;
    expect(anyone).toMatchObject({ kind: 'can-assume', file: 'testdata/plans/scenarios/trust/plan.json', worst: 'error' });
    expect(anyone.line).toBeGreaterThan(1);
    expect(g.nodes.find((n) => n.id === anyone.to)).toMatchObject({ kind: 'role', address: 'aws_iam_role.anyone', external: false });
  });
});

describe('RAM shares with organizations', () => {
  it('an organization or OU principal is a node in its organization group, ours or not', async () => {
    const dir = tempTree({
      '.tfxacct.yml': 'organization:\n  id: o-ours123456\n',
      'main.tf':
        'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n' +
        'resource "aws_ram_resource_share" "s" {\n  name = "s"\n}\n' +
        'resource "aws_ram_principal_association" "ours" {\n  principal          = "arn:aws:organizations::111111111111:ou/o-ours123456/ou-ab12-cdef3456"\n  resource_share_arn = aws_ram_resource_share.s.arn\n}\n' +
        'resource "aws_ram_principal_association" "theirs" {\n  principal          = "arn:aws:organizations::999999999999:organization/o-theirs987654"\n  resource_share_arn = aws_ram_resource_share.s.arn\n}\n',
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir });
    const g = showGraph(buildTrustMap(r.graph), r.findings);
    expect(g.accounts.filter((a) => a.id.startsWith('org:')).map((a) => [a.id, a.kind, a.label])).toEqual([
      ['org:o-ours123456', 'internal', 'organization o-ours123456'],
      ['org:o-theirs987654', 'external', 'organization o-theirs987654 (not yours)'],
    ]);
    const targets = g.edges.filter((e) => e.kind === 'shares-with').map((e) => [g.nodes.find((n) => n.id === e.to)!.label, e.worst]);
    expect(targets).toEqual([
      ['organizational unit ou-ab12-cdef3456', null],
      ['organization o-theirs987654', 'warning'],
    ]);
  });
});

describe('principals of a statement', () => {
  it('are kept per statement, and read again for another holder', () => {
    const g = result.graph;
    const held = g.policies.find((p) => p.doc.statements.some((s) => (s.principal?.entries.length ?? 0) > 0))!;
    const st = held.doc.statements.find((s) => (s.principal?.entries.length ?? 0) > 0)!;
    const first = principalsOf(g, held.holder, st);
    expect(principalsOf(g, held.holder, st)).toBe(first);
    expect(first.map((p) => p.entry)).toEqual(st.principal!.entries);
    const other = g.resources.find((r) => r !== held.holder && r.account && r.account !== held.holder.account)!;
    const again = principalsOf(g, other, st);
    expect(again).not.toBe(first);
    expect(again.map((p) => p.relation)).toEqual(st.principal!.entries.map((e) => g.accountRelation(other, e, g.principal(e))));
  });
});

describe('the account of an unknown principal', () => {
  it('is the caller account only where the value is that attribute, or the hole that is exactly the account field', async () => {
    const r = await scan({ paths: [path.join(TESTDATA, 'partial', 'same-account.tf')], root: REPO, cwd: REPO });
    const g = r.graph;
    const relation = (name: string) => {
      const held = g.policies.find((p) => p.holder.address === `aws_iam_role.${name}`)!;
      const st = held.doc.statements[0];
      return principalsOf(g, held.holder, st).map((p) => p.relation);
    };
    expect(relation('same_provider')).toEqual(['same']);
    expect(relation('own_root')).toEqual(['same']);
    expect(relation('own_root_partition')).toEqual(['same']);
    // replace() of the account id, text beside it, a variable that may move the account field,
    // a conditional on it: none is known to be the caller's account
    for (const name of ['replaced_account', 'prefixed_account', 'shifted_account', 'chosen_by_account', 'vendor']) expect([name, relation(name)]).toEqual([name, ['unknown']]);
  });
});
