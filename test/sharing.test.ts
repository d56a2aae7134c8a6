/**
 * Sharing attributes (RDS snapshot shared_accounts, AMI launch permissions, EBS create-volume
 * permissions): the same findings from HCL, from a plan alone and from both, per type, with
 * the negative twin of each clean; the model the rules read; the inventory's effect.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkAccess } from '../src/graph/access';
import { pathsFrom } from '../src/graph/paths';
import { SHARING_ATTRIBUTES, sharedData } from '../src/graph/sharing';
import { buildTrustMap } from '../src/graph/trust-map';
import { showGraph } from '../src/report/trust-graph';
import { scan, type ScanResult } from '../src/scan';
import { TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const SCENARIOS = path.join(TESTDATA, 'plans', 'scenarios');

/** What each scenario must find (rule, address, logical path); every other resource of it is a negative twin. */
const EXPECTED: Record<string, string[]> = {
  'sharing-db-snapshot': ['TFXA110 aws_db_snapshot.public shared_accounts["all"]', 'TFXA111 aws_db_snapshot.public shared_accounts["333333333333"]'],
  'sharing-db-cluster-snapshot': ['TFXA110 aws_db_cluster_snapshot.public shared_accounts["all"]', 'TFXA111 aws_db_cluster_snapshot.vendor shared_accounts["444444444444"]'],
  'sharing-db-snapshot-copy': ['TFXA111 aws_db_snapshot_copy.analytics shared_accounts["555555555555"]'],
  'sharing-ami-launch-permission': ['TFXA110 aws_ami_launch_permission.public group', 'TFXA111 aws_ami_launch_permission.partner account_id'],
  'sharing-snapshot-create-volume-permission': ['TFXA111 aws_snapshot_create_volume_permission.migration account_id'],
};

const SHARING_RULES = ['TFXA110', 'TFXA111'];
const found = (r: ScanResult) => r.findings.filter((f) => SHARING_RULES.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.address} ${f.logicalPath}`).sort();
const placed = (r: ScanResult) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.startLine}:${f.startColumn}`).sort();

describe('sharing attributes from HCL and from plans', () => {
  it('every type of the table has a scenario', () => {
    const scenarioTypes = new Set(Object.keys(EXPECTED).flatMap((d) => [...fs.readFileSync(path.join(SCENARIOS, d, 'main.tf'), 'utf8').matchAll(/^resource "(\w+)"/gm)].map((m) => m[1])));
    for (const spec of SHARING_ATTRIBUTES) expect(scenarioTypes).toContain(spec.type);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: the same findings, on the same entries, in all three readings`, async () => {
      const dir = tempTree({});
      fs.cpSync(path.join(SCENARIOS, name), path.join(dir, name), { recursive: true });
      fs.mkdirSync(path.join(dir, 'empty'));
      const opts = { root: dir, cwd: dir };
      const hcl = await scan({ paths: [name], ...opts });
      const planOnly = await scan({ paths: ['empty'], plans: [`${name}/plan.json`], ...opts });
      const both = await scan({ paths: [name], plans: [`${name}/plan.json`], ...opts });
      for (const r of [hcl, planOnly, both]) {
        expect(r.notifications.filter((n) => n.level === 'error')).toEqual([]);
        expect(found(r)).toEqual([...expected].sort());
        // nothing else fires on these resources
        expect(r.findings.filter((f) => !SHARING_RULES.includes(f.ruleId))).toEqual([]);
      }
      for (const f of planOnly.findings) expect(f.file).toBe(`${name}/plan.json`);
      // with the configuration, each finding is on the entry it is about (a plan lists sets sorted)
      expect(placed(both)).toEqual(placed(hcl));
    });
  }

  it('a finding stays on its entry when the plan lists the set in another order', async () => {
    const dir = tempTree({});
    fs.cpSync(path.join(SCENARIOS, 'sharing-db-snapshot'), path.join(dir, 's'), { recursive: true });
    const hcl = await scan({ paths: ['s'], root: dir, cwd: dir });
    const both = await scan({ paths: ['s'], plans: ['s/plan.json'], root: dir, cwd: dir });
    const at = (r: ScanResult, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.startLine}:${f.startColumn}`);
    // shared_accounts = ["all", "333333333333"] in the configuration, sorted in the plan
    expect(at(hcl, 'TFXA110')).toEqual(['12:29']);
    expect(at(hcl, 'TFXA111')).toEqual(['12:36']);
    expect(at(both, 'TFXA110')).toEqual(at(hcl, 'TFXA110'));
    expect(at(both, 'TFXA111')).toEqual(at(hcl, 'TFXA111'));
  });
});

describe('the sharing model', () => {
  it('reads grantees, what is shared, the owning account and the ARN', async () => {
    const dir = tempTree({
      'main.tf': [
        'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111111111111"]\n}',
        'resource "aws_db_snapshot" "s" {\n  db_instance_identifier = "db"\n  db_snapshot_identifier = "snap"\n  shared_accounts = ["all", 222222222222, "nope"]\n}',
        'resource "aws_db_snapshot_copy" "c" {\n  source_db_snapshot_identifier = "x"\n  target_db_snapshot_identifier = "copy"\n  destination_region = "eu-central-1"\n}',
        'resource "aws_db_cluster_snapshot" "k" {\n  db_cluster_identifier = "c"\n  db_cluster_snapshot_identifier = "ksnap"\n}',
        'resource "aws_ami" "a" {\n  name = "a"\n}',
        'resource "aws_ami_launch_permission" "p" {\n  image_id = aws_ami.a.id\n  organizational_unit_arn = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-34cd56ef"\n}',
        'resource "aws_snapshot_create_volume_permission" "v" {\n  snapshot_id = "snap-0123456789abcdef0"\n  account_id = "333333333333"\n}',
      ].join('\n'),
    });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    const graph = result.graph;
    const byAddress = new Map(sharedData(graph).map((s) => [s.holder.address, s]));
    const s = byAddress.get('aws_db_snapshot.s')!;
    expect(s.entries.map((e) => [e.path, e.grantee.kind])).toEqual([
      ['shared_accounts["all"]', 'anyone'],
      ['shared_accounts["222222222222"]', 'account'],
      ['shared_accounts["nope"]', 'invalid'],
    ]);
    expect(s).toMatchObject({ name: 'snap', account: '111111111111', arn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:snap' });
    expect(s.resource).toBe(s.holder);
    // the copy is made in the provider's region, where shared_accounts is then set
    expect(byAddress.get('aws_db_snapshot_copy.c')).toMatchObject({ arn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:copy', entries: [] });
    expect(byAddress.get('aws_db_cluster_snapshot.k')).toMatchObject({ arn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:ksnap' });
    const p = byAddress.get('aws_ami_launch_permission.p')!;
    expect(p.resource?.address).toBe('aws_ami.a');
    expect(p.arn).toBeUndefined(); // the image id is known only after apply
    expect(p.entries[0].grantee).toEqual({ kind: 'organizational-unit', org: 'o-abcdefghij', ou: 'ou-ab12-34cd56ef', arn: 'arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-34cd56ef' });
    expect(byAddress.get('aws_snapshot_create_volume_permission.v')).toMatchObject({ name: 'snap-0123456789abcdef0', arn: 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0', account: '111111111111' });
  });

  it('without an inventory, every account other than the owner\'s is not known to be internal', async () => {
    const dir = tempTree({
      'main.tf':
        'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111111111111"]\n}\n' +
        'resource "aws_db_snapshot" "s" {\n  db_instance_identifier = "db"\n  db_snapshot_identifier = "snap"\n  shared_accounts = ["111111111111", "222222222222"]\n}\n',
    });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(found(result)).toEqual(['TFXA111 aws_db_snapshot.s shared_accounts["222222222222"]']);
    expect(result.findings[0].accounts).toEqual({ resource: '111111111111', principal: '222222222222' });
    // declared internal, it is quiet
    fs.writeFileSync(path.join(dir, '.tfxacct.yml'), 'organization:\n  id: o-abcdefghij\n  accounts:\n    "222222222222": { name: analytics }\n');
    expect(found(await scan({ paths: [dir], root: dir, cwd: dir }))).toEqual([]);
  });

  it('lists what it cannot decide with --report-unknown, and decides from a known "all"', async () => {
    const dir = tempTree({
      'main.tf':
        'variable "more" {\n  type = list(string)\n}\nvariable "acct" {\n  type = string\n}\n' +
        'resource "aws_db_snapshot" "public" {\n  db_instance_identifier = "db"\n  db_snapshot_identifier = "a"\n  shared_accounts = concat(["all"], var.more)\n}\n' +
        'resource "aws_db_snapshot" "maybe" {\n  db_instance_identifier = "db"\n  db_snapshot_identifier = "b"\n  shared_accounts = var.more\n}\n' +
        'resource "aws_ami_launch_permission" "p" {\n  image_id = "ami-0123456789abcdef0"\n  account_id = var.acct\n}\n',
    });
    const result = await scan({ paths: [dir], root: dir, cwd: dir, reportUnknown: true });
    expect(found(result)).toEqual(['TFXA110 aws_db_snapshot.public shared_accounts["all"]']);
    const notes = result.notifications.filter((n) => n.kind === 'unknown-value').map((n) => `${n.startLine} ${n.message}`);
    // the public snapshot is decided: TFXA110 lists nothing for it, TFXA111 lists its unknown accounts
    expect(notes.filter((n) => /TFXA110: aws_db_snapshot\.public/.test(n))).toEqual([]);
    expect(notes.some((n) => /^10 TFXA111: aws_db_snapshot\.public: shared_accounts\[1\] is not known statically/.test(n))).toBe(true);
    expect(notes.some((n) => /^15 TFXA110: aws_db_snapshot\.maybe: shared_accounts may hold values that are not known statically .*if one is "all"/.test(n))).toBe(true);
    expect(notes.some((n) => /^19 TFXA111: aws_ami_launch_permission\.p: account_id is not known statically/.test(n))).toBe(true);
    // an account id can never be "all"
    expect(notes.some((n) => /TFXA110: aws_ami_launch_permission/.test(n))).toBe(false);
  });
});

describe('sharing in the trust map, paths and check-access', () => {
  let result: ScanResult;
  beforeAll(async () => {
    const dir = tempTree({
      '.tfxacct.yml': 'organization:\n  id: o-abcdefghij\n  accounts:\n    "111111111111": { name: data }\n    "222222222222": { name: analytics }\n',
      'main.tf': [
        'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111111111111"]\n}',
        'variable "more" {\n  type = list(string)\n}',
        'resource "aws_db_snapshot" "orders" {\n  db_instance_identifier = "orders"\n  db_snapshot_identifier = "orders-final"\n  shared_accounts = ["222222222222", "333333333333"]\n}',
        'resource "aws_db_cluster_snapshot" "ledger" {\n  db_cluster_identifier = "ledger"\n  db_cluster_snapshot_identifier = "ledger-final"\n  shared_accounts = concat(["all"], var.more)\n}',
        'resource "aws_ami" "base" {\n  name = "base"\n}',
        'resource "aws_ami_launch_permission" "org" {\n  image_id = aws_ami.base.id\n  organization_arn = "arn:aws:organizations::111111111111:organization/o-abcdefghij"\n}',
        'resource "aws_ami_launch_permission" "legacy" {\n  image_id = "ami-0123456789abcdef0"\n  account_id = "333333333333"\n}',
        'resource "aws_snapshot_create_volume_permission" "vendor" {\n  snapshot_id = "snap-0123456789abcdef0"\n  account_id = "333333333333"\n}',
        'resource "aws_iam_role" "reader" {\n  name = "reader"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}',
        'resource "aws_iam_role_policy" "reader" {\n  role = aws_iam_role.reader.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "rds:RestoreDBInstanceFromDBSnapshot", Resource = "*" }] })\n}',
      ].join('\n'),
    });
    result = await scan({ paths: [dir], root: dir, cwd: dir });
  });

  it('draws "shares with" edges from each snapshot or image to its grantees', () => {
    const map = buildTrustMap(result.graph);
    const label = (id: string) => map.nodes.find((n) => n.id === id)?.label;
    const edges = map.edges.filter((e) => e.kind === 'shares-with').map((e) => `${label(e.from)} -> ${label(e.to)} [${e.label}] ${e.path}${e.undecided ? ' ?' : ''}`);
    expect(edges.sort()).toEqual(
      [
        'DB snapshot orders-final -> any principal of 222222222222 [restore, copy] shared_accounts["222222222222"]',
        'DB snapshot orders-final -> any principal of 333333333333 [restore, copy] shared_accounts["333333333333"]',
        'DB cluster snapshot ledger-final -> anyone (*) [restore, copy] shared_accounts["all"]',
        'DB cluster snapshot ledger-final -> (unknown) [restore, copy] shared_accounts[1] ?',
        'AMI base -> organization o-abcdefghij [launch] organization_arn',
        'AMI ami-0123456789abcdef0 -> any principal of 333333333333 [launch] account_id',
        'EBS snapshot snap-0123456789abcdef0 -> any principal of 333333333333 [create volumes] account_id',
      ].sort(),
    );
    // an image the configuration names by id only is an external node that carries the holder's findings
    const shown = showGraph(map, result.findings);
    const ami = shown.nodes.find((n) => n.label === 'AMI ami-0123456789abcdef0')!;
    expect(ami).toMatchObject({ kind: 'image', external: true, account: '111111111111', arn: 'arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0' });
    expect(ami.findings.map((f) => f.ruleId)).toEqual(['TFXA111']);
    expect(shown.nodes.find((n) => n.label === 'DB cluster snapshot ledger-final')?.worst).toBe('error');
  });

  it('paths reach what is shared with the start account, and what is public', () => {
    const map = buildTrustMap(result.graph);
    const reached = (start: string) => pathsFrom(result.graph, map, start).reached.map((r) => `${map.nodes.find((n) => n.id === r.node)?.label} ${r.decision} ${r.chain.map((c) => c.path).join(' ')}`).sort();
    expect(reached('333333333333')).toEqual([
      'AMI ami-0123456789abcdef0 yes account_id',
      'DB cluster snapshot ledger-final yes shared_accounts["all"]',
      'DB snapshot orders-final yes shared_accounts["333333333333"]',
      'EBS snapshot snap-0123456789abcdef0 yes account_id',
    ]);
    // an account of the organization: its own share, the organization's image and the public snapshot
    expect(reached('222222222222')).toEqual([
      'AMI base yes organization_arn',
      'DB cluster snapshot ledger-final yes shared_accounts["all"]',
      'DB snapshot orders-final yes shared_accounts["222222222222"]',
    ]);
    // the owner's own snapshots are not "reached"
    expect(reached('111111111111')).toEqual([]);
  });

  const ask = (principal: string, action: string, resource: string) => checkAccess(result.graph, { principal, action, resource, context: {} });

  it('check-access: another account restores a snapshot only when it is shared with it', () => {
    const arn = 'arn:aws:rds:eu-west-1:111111111111:snapshot:orders-final';
    const yes = ask('arn:aws:iam::333333333333:root', 'rds:RestoreDBInstanceFromDBSnapshot', arn);
    expect(yes.decision).toBe('allowed');
    expect(yes.resource.address).toBe('aws_db_snapshot.orders');
    expect(yes.evidence.map((e) => [e.source, e.address, e.path, e.range.start.line])).toEqual([['share', 'aws_db_snapshot.orders', 'shared_accounts["333333333333"]', 11]]);
    expect(ask('arn:aws:iam::444444444444:root', 'rds:RestoreDBInstanceFromDBSnapshot', arn).decision).toBe('implicit-deny');
    // sharing allows copying and restoring, not deleting
    expect(ask('arn:aws:iam::333333333333:root', 'rds:DeleteDBSnapshot', arn).decision).toBe('implicit-deny');
    // a principal of the other account needs its own permission, which is not in the configuration
    expect(ask('arn:aws:iam::333333333333:role/dba', 'rds:RestoreDBInstanceFromDBSnapshot', arn).decision).toBe('unknown');
  });

  it('check-access: the owner\'s principals need no sharing; public snapshots and images', () => {
    const own = ask('arn:aws:iam::111111111111:role/reader', 'rds:RestoreDBInstanceFromDBSnapshot', 'arn:aws:rds:eu-west-1:111111111111:snapshot:orders-final');
    expect(own.decision).toBe('allowed');
    expect(own.reasons.join(' ')).toMatch(/sharing plays no part/);
    expect(ask('arn:aws:iam::777777777777:root', 'rds:RestoreDBClusterFromSnapshot', 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:ledger-final').decision).toBe('allowed');
    expect(ask('arn:aws:iam::333333333333:root', 'ec2:RunInstances', 'arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0').decision).toBe('allowed');
    expect(ask('arn:aws:iam::444444444444:root', 'ec2:CreateVolume', 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0').decision).toBe('implicit-deny');
  });
});

describe('sensitive sharing values', () => {
  it('are analysed, never printed', async () => {
    const dir = tempTree({});
    const plan = JSON.parse(fs.readFileSync(path.join(SCENARIOS, 'sharing-db-snapshot', 'plan.json'), 'utf8'));
    for (const rc of plan.resource_changes) if (rc.address === 'aws_db_snapshot.public') rc.change.after_sensitive = { shared_accounts: [true, true] };
    for (const r of plan.planned_values.root_module.resources) if (r.address === 'aws_db_snapshot.public') r.sensitive_values = { shared_accounts: [true, true] };
    fs.mkdirSync(path.join(dir, 'p'));
    fs.writeFileSync(path.join(dir, 'p', 'plan.json'), JSON.stringify(plan, null, 2));
    fs.mkdirSync(path.join(dir, 'empty'));
    const r = await scan({ paths: ['empty'], plans: ['p/plan.json'], root: dir, cwd: dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.logicalPath}`).sort()).toEqual(['TFXA110 shared_accounts[1]', 'TFXA111 shared_accounts[0]']);
    const tfxa111 = r.findings.find((f) => f.ruleId === 'TFXA111')!;
    expect(tfxa111.message).toContain('an account given by a sensitive value');
    expect(tfxa111.accounts.principal).toBeUndefined();
    const map = buildTrustMap(r.graph);
    const out = JSON.stringify(r.findings) + JSON.stringify(map.nodes) + JSON.stringify(map.edges);
    expect(out).not.toContain('333333333333');
  });
});
