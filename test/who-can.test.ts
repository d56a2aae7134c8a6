/**
 * `tfxacct who-can` on the who-can scenario (testdata/projects/who-can): a bucket the vendor
 * reaches through a chain of two roles with an external id, a bucket whose chain an SCP stops at
 * the intermediate role's assumption, a key whose only external user an SCP blocks, a public
 * queue and a role whose trusted principal is not known; text and JSON.
 */
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { whoCan, type WhoCanEntry, type WhoCanResult } from '../src/graph/who-can';
import { resourceAt } from '../src/graph/targets';
import { scan, type ScanResult } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';

const SCENARIO = path.join(TESTDATA, 'projects', 'who-can');
const DIR = 'testdata/projects/who-can/accounts';
let result: ScanResult;

beforeAll(async () => {
  result = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd: REPO, env: {} });
  return { code, stdout, stderr };
}

const ask = (address: string, action?: string): WhoCanResult => whoCan(result.graph, resourceAt(result.graph, address)!, action);
const steps = (e: WhoCanEntry) => e.chain.map((s) => `${s.source} ${s.address} ${s.range.file.replace(`${DIR}/`, '')}:${s.range.start.line}`);
const who = (r: WhoCanResult) => r.entries.map((e) => `${e.group} ${e.principal}${e.via.length ? ` via ${e.via.join(' > ')}` : ''}`);

describe('who-can', () => {
  it('a bucket the vendor reaches through a chain of two roles, with an external id', () => {
    const r = ask('aws_s3_bucket.exports');
    expect(r.resource).toMatchObject({ address: 'aws_s3_bucket.exports', arn: 'arn:aws:s3:::example-exports-333333333333', account: '333333333333' });
    expect(who(r)).toEqual([
      'other-accounts arn:aws:iam::999999999999:root via aws_iam_role.gateway > aws_iam_role.exporter',
      'organization arn:aws:iam::222222222222:role/gateway via aws_iam_role.exporter',
      'same-account arn:aws:iam::333333333333:role/exporter',
    ]);
    const vendor = r.entries[0];
    expect(vendor).toMatchObject({ kind: 'account', account: '999999999999', actions: ['s3:GetObject'], decision: 'yes' });
    expect(vendor.conditions).toEqual(['sts:ExternalId StringEquals vendor-5d1e (aws_iam_role.gateway)', 'aws:PrincipalOrgID StringEquals o-whocanorg01 (aws_iam_role.exporter)']);
    // trust -> identity for each hop, then the key that encrypts the bucket
    expect(steps(vendor)).toEqual([
      'trust aws_iam_role.gateway prod/main.tf:11',
      'trust aws_iam_role.exporter data/main.tf:48',
      'identity aws_iam_role_policy.gateway prod/main.tf:25',
      'identity aws_iam_role_policy.exporter data/main.tf:62',
      'key aws_kms_key.exports data/main.tf:22',
    ]);
    expect(r.blocked).toEqual([]);
  });

  it('an SCP of the intermediate role\'s account that denies sts:AssumeRole blocks the chain at that step', () => {
    const r = ask('aws_s3_bucket.archive');
    // only the archiver itself reaches the archive
    expect(who(r)).toEqual(['same-account arn:aws:iam::333333333333:role/archiver']);
    expect(r.blocked.map((b) => `${b.group} ${b.principal} via ${b.via.join(' > ')}`)).toEqual([
      'other-accounts arn:aws:iam::999999999999:root via aws_iam_role.relay > aws_iam_role.archiver',
      'organization arn:aws:iam::222222222222:role/relay via aws_iam_role.archiver',
    ]);
    for (const b of r.blocked) {
      // the relay's assumption of the archiver is the step the SCP of prod stops
      expect(b.blockedBy).toMatchObject({
        source: 'scp',
        text: 'content/Statement[0] of aws_organizations_policy.no_archive_hop (SCP) denies arn:aws:iam::222222222222:role/relay sts:AssumeRole on aws_iam_role.archiver, a step of the chain',
        step: { address: 'aws_organizations_policy.no_archive_hop', path: 'content/Statement[0]', effect: 'Deny' },
        hop: { principal: 'arn:aws:iam::222222222222:role/relay', action: 'sts:AssumeRole', role: 'aws_iam_role.archiver', arn: 'arn:aws:iam::333333333333:role/archiver' },
      });
    }
    expect(steps(r.blocked[0])).toEqual([
      'trust aws_iam_role.relay prod/main.tf:100',
      'trust aws_iam_role.archiver data/main.tf:105',
      'identity aws_iam_role_policy.relay prod/main.tf:114',
      'identity aws_iam_role_policy.archiver data/main.tf:119',
    ]);
    // the hop is refused for the vendor's chain: the vendor may still assume the relay
    expect(who(ask('aws_iam_role.relay'))).toEqual(['other-accounts arn:aws:iam::999999999999:root']);
  });

  it('guardrails of the intermediate role\'s account that do not deny the step leave the chain open', () => {
    // prod has two SCPs attached (no kms:Decrypt, no assumption of the archiver): neither stops the gateway assuming the exporter
    const r = ask('aws_s3_bucket.exports');
    expect(r.blocked).toEqual([]);
    expect(r.entries.map((e) => `${e.principal} ${e.decision}`)).toEqual(['arn:aws:iam::999999999999:root yes', 'arn:aws:iam::222222222222:role/gateway yes', 'arn:aws:iam::333333333333:role/exporter yes']);
    expect(result.graph.orgPolicies.filter((n) => result.graph.organization.reach(n, '222222222222') === 'yes').map((n) => n.policy.holder.address).sort()).toEqual(['aws_organizations_policy.no_archive_hop', 'aws_organizations_policy.no_decrypt']);
  });

  it('only the actions asked for', () => {
    expect(ask('aws_s3_bucket.exports', 's3:GetObject').entries).toHaveLength(3);
    expect(ask('aws_s3_bucket.exports', 's3:PutObject').entries).toEqual([]);
  });

  it('a key whose only external user is blocked by an SCP', () => {
    const r = ask('aws_kms_key.analytics');
    expect(r.entries.filter((e) => e.group !== 'same-account')).toEqual([]);
    expect(who(r)).toEqual(['same-account arn:aws:iam::333333333333:root']);
    const analytics = r.blocked.find((b) => b.principal === 'arn:aws:iam::222222222222:role/analytics')!;
    expect(analytics).toMatchObject({ group: 'organization', address: 'aws_iam_role.analytics', actions: ['kms:Decrypt'] });
    expect(analytics.blockedBy).toMatchObject({ source: 'scp', text: 'content/Statement[0] of aws_organizations_policy.no_decrypt (SCP) denies kms:Decrypt' });
    expect(analytics.blockedBy.step).toMatchObject({ address: 'aws_organizations_policy.no_decrypt', path: 'content/Statement[0]', effect: 'Deny' });
    expect(steps(analytics)).toEqual(['identity aws_iam_role_policy.analytics prod/main.tf:51', 'key aws_kms_key.analytics data/main.tf:84']);
    // the EC2 instances of the analytics role are blocked the same way
    expect(r.blocked.map((b) => `${b.group} ${b.principal}`)).toEqual(['organization arn:aws:iam::222222222222:role/analytics', 'services ec2.amazonaws.com']);
  });

  it('a public queue', () => {
    const r = ask('aws_sqs_queue.intake');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ group: 'anyone', principal: '*', actions: ['sqs:SendMessage'], conditions: [], decision: 'yes' });
    expect(steps(r.entries[0])).toEqual(['resource aws_sqs_queue_policy.intake prod/main.tf:68']);
  });

  it('a role with an unknown principal is an unknown entry, with the reason', () => {
    const r = ask('aws_iam_role.partner');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ group: 'unknown', decision: 'unknown', why: 'its principal is not known statically (variable "partner_arn" has no value)' });
  });

  it('role chaining on the trust-graph scenario: CI reaches the data role through the deployer', async () => {
    const other = await scan({ paths: [path.join(TESTDATA, 'projects', 'trust-graph')], root: REPO, cwd: REPO });
    const r = whoCan(other.graph, resourceAt(other.graph, 'aws_iam_role.reader')!);
    expect(r.entries.map((e) => `${e.group} ${e.principal} ${e.via.join('>')}`)).toEqual(['organization arn:aws:iam::111111111111:role/ci aws_iam_role.deployer', 'organization arn:aws:iam::222222222222:role/deployer ']);
    expect(r.entries[1].chain.map((s) => s.source)).toEqual(['identity', 'trust']);
  });
});

describe('who-can on the command line', () => {
  it('text: grouped, each entry with its conditions and chain', async () => {
    const r = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_s3_bucket.exports', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Who can reach aws_s3_bucket.exports (arn:aws:s3:::example-exports-333333333333) in account 333333333333:\n\nOther accounts\n  arn:aws:iam::999999999999:root  s3:GetObject  if sts:ExternalId StringEquals vendor-5d1e (aws_iam_role.gateway)');
    expect(r.stdout).toContain('    via aws_iam_role.gateway -> aws_iam_role.exporter\n    trust    testdata/projects/who-can/accounts/prod/main.tf:11  aws_iam_role.gateway assume_role_policy/Statement[0]\n');
    expect(r.stdout).toContain('\nSame account\n');
    const key = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_kms_key.analytics', '-q']);
    expect(key.stdout).toContain('Blocked (a policy admits them, but a key or guardrail stops them)\n  arn:aws:iam::222222222222:role/analytics (aws_iam_role.analytics)  kms:Decrypt');
    expect(key.stdout).toContain('    blocked: content/Statement[0] of aws_organizations_policy.no_decrypt (SCP) denies kms:Decrypt\n');
    const archive = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_s3_bucket.archive', '-q']);
    expect(archive.stdout).toContain(
      '    blocked: content/Statement[0] of aws_organizations_policy.no_archive_hop (SCP) denies arn:aws:iam::222222222222:role/relay sts:AssumeRole on aws_iam_role.archiver, a step of the chain\n    scp      testdata/projects/who-can/accounts/org/main.tf:30  aws_organizations_policy.no_archive_hop content/Statement[0]\n',
    );
    const json = JSON.parse((await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_s3_bucket.archive', '-f', 'json'])).stdout);
    expect(json.blocked[0].blockedBy).toMatchObject({ source: 'scp', step: { address: 'aws_organizations_policy.no_archive_hop', line: 30 }, hop: { principal: 'arn:aws:iam::222222222222:role/relay', role: 'aws_iam_role.archiver', rootDir: `${DIR}/data` } });
  });

  it('json, a resource by its ARN, and usage errors', async () => {
    const r = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'arn:aws:sqs:eu-west-1:222222222222:intake', '-f', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'resource', 'action', 'entries', 'blocked']);
    expect(out.resource).toEqual({ address: 'aws_sqs_queue.intake', rootDir: `${DIR}/prod`, type: 'aws_sqs_queue', arn: 'arn:aws:sqs:eu-west-1:222222222222:intake', account: '222222222222' });
    expect(out.entries[0]).toMatchObject({ group: 'anyone', principal: '*', chain: [{ source: 'resource', address: 'aws_sqs_queue_policy.intake', file: `${DIR}/prod/main.tf`, line: 68 }] });
    const unknown = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_iam_role.partner', '-f', 'json']);
    expect(JSON.parse(unknown.stdout).entries[0]).toMatchObject({ group: 'unknown', decision: 'unknown', why: expect.stringContaining('partner_arn') });
    const nowhere = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_s3_bucket.nope', '-q']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toBe('tfxacct: --resource aws_s3_bucket.nope: no resource with this address in the scanned configuration\n');
    const badAction = await cli(['who-can', 'testdata/projects/who-can', '--resource', 'aws_sqs_queue.intake', '--action', 'SendMessage', '-q']);
    expect(badAction.code).toBe(2);
    expect(badAction.stderr).toContain('--action must look like SERVICE:Action');
  });
});
