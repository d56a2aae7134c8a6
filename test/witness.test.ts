/**
 * The self-check: every fixture under testdata/ is scanned, and every witness a finding carries
 * is asked of check-access (the offline simulator). An access witness must be "allowed"; a
 * correctness witness must be denied, for the reason it states (the side that fails it, and for
 * an explicit deny, the statement). A witness the simulator does not confirm is a bug in one of
 * the two, never skipped. Findings of rules with witnesses that have none say why.
 *
 * The access diff likewise: for every new-access entry of the diff fixtures (the pairs of
 * test/support/diff-fixtures.ts, each rule's negative and positive fixtures compared both ways,
 * and each project compared with an empty tree), check-access on the head must allow the
 * witness, and on the base must not (or the base lacks the resource), answering as the witness
 * says it does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDiff, type DiffResult } from '../src/diff/run';
import { checkAccess, type AccessAnswer } from '../src/graph/access';
import { scan, type ScanResult } from '../src/scan';
import type { DiffWitness } from '../src/witness/diff';
import { witnessRequest, type Witness } from '../src/witness/model';
import { WITNESS_SPECS } from '../src/witness/table';
import { DIFF_CASES } from './support/diff-fixtures';
import { REPO, TESTDATA } from './support/fixtures';

const SIDE_OF: Record<NonNullable<Witness['denial']>['side'], keyof AccessAnswer['sides']> = {
  scp: 'guardrails',
  rcp: 'guardrails',
  identity: 'identity',
  trust: 'resource',
  resource: 'resource',
  key: 'resource',
};

/** Why check-access does not confirm a witness, or undefined when it does. */
function disagreement(result: ScanResult, w: Witness): string | undefined {
  let a: AccessAnswer;
  try {
    a = checkAccess(result.graph, witnessRequest(w));
  } catch (e) {
    return `check-access refused the request: ${(e as Error).message}`;
  }
  const why = () => `${a.decision}; sides ${JSON.stringify(a.sides)}; ${a.reasons.join(' / ')}`;
  if (w.expect === 'allowed') return a.decision === 'allowed' ? undefined : why();
  if (a.decision !== 'explicit-deny' && a.decision !== 'implicit-deny') return why();
  const d = w.denial!;
  const side = a.sides[SIDE_OF[d.side]];
  if (side !== 'explicit-deny' && side !== 'implicit-deny') return `denied, but not by the ${d.side} side: ${why()}`;
  if (d.decision === 'explicit-deny') {
    const by = a.evidence.find((e) => e.effect === 'Deny' && e.applies === 'yes' && e.address === d.address && (d.path === undefined || e.path === d.path));
    if (!by) return `not denied by ${d.address} ${d.path ?? ''}: ${why()}`;
  }
  return undefined;
}

interface Unit {
  name: string;
  run: () => Promise<ScanResult>;
}

function walk(dir: string, keep: (p: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.terraform' && !(dir === TESTDATA && e.name === 'projects')) walk(p, keep, out);
    } else if (keep(p)) out.push(p);
  }
  return out.sort();
}

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-witness-'));
const rel = (p: string) => path.relative(REPO, p).split(path.sep).join('/');

/** Every scan of testdata: each Terraform file, each project, each plan (alone, and with its configuration). */
function units(): Unit[] {
  const out: Unit[] = [];
  for (const file of walk(TESTDATA, (p) => p.endsWith('.tf') || p.endsWith('.tf.json'))) out.push({ name: rel(file), run: () => scan({ paths: [file], root: REPO, cwd: REPO }) });
  const projects = path.join(TESTDATA, 'projects');
  for (const p of fs.readdirSync(projects)) out.push({ name: rel(path.join(projects, p)), run: () => scan({ paths: [path.join(projects, p)], root: REPO, cwd: REPO }) });
  const isPlan = (p: string) => p.endsWith('.json') && (p.includes(`${path.sep}plans${path.sep}`) || p.endsWith(`${path.sep}plan.json`)) && !p.endsWith('modules.json');
  for (const plan of walk(TESTDATA, isPlan)) {
    out.push({ name: `${rel(plan)} (plan)`, run: () => scan({ paths: [empty], plans: [plan], root: empty, cwd: REPO }) });
    const dir = path.dirname(plan);
    if (fs.readdirSync(dir).some((f) => f.endsWith('.tf'))) out.push({ name: `${rel(plan)} (with its configuration)`, run: () => scan({ paths: [dir], plans: [plan], root: REPO, cwd: REPO }) });
  }
  return out;
}

const tally = { checked: 0, allowed: 0, denied: 0, omitted: 0, byRule: new Map<string, number>(), reasons: new Map<string, number>() };

const trees: string[] = [];

afterAll(() => {
  fs.rmSync(empty, { recursive: true, force: true });
  for (const t of trees) fs.rmSync(t, { recursive: true, force: true });
  const rules = [...tally.byRule].sort().map(([r, n]) => `${r} ${n}`).join(', ');
  process.stdout.write(
    `witnesses checked: ${tally.checked} (${tally.allowed} allowed, ${tally.denied} denied) over every fixture under testdata/; by rule: ${rules}; ` +
      `omitted with a reason: ${tally.omitted}\n`,
  );
  if (process.env.TFXACCT_WITNESS_REASONS) for (const [why, n] of [...tally.reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${n}  ${why}\n`);
});

describe('every witness of every fixture is confirmed by check-access', () => {
  for (const unit of units()) {
    it(unit.name, async () => {
      const result = await unit.run();
      expect(result.notifications.filter((n) => n.kind === 'witness-failure')).toEqual([]);
      const problems: string[] = [];
      for (const f of result.findings) {
        if (!WITNESS_SPECS[f.ruleId]) {
          expect(f.witness).toBeUndefined();
          continue;
        }
        if (!f.witness) {
          if (!f.witnessOmitted) problems.push(`${f.ruleId} ${f.address} ${f.file}:${f.startLine}: neither a witness nor why it has none`);
          tally.omitted++;
          tally.reasons.set(f.witnessOmitted ?? '', (tally.reasons.get(f.witnessOmitted ?? '') ?? 0) + 1);
          continue;
        }
        const d = disagreement(result, f.witness);
        if (d) problems.push(`${f.ruleId} ${f.address} ${f.file}:${f.startLine}: ${f.witness.summary}\n    check-access: ${d}`);
        else {
          tally.checked++;
          tally[f.witness.expect === 'allowed' ? 'allowed' : 'denied']++;
          tally.byRule.set(f.ruleId, (tally.byRule.get(f.ruleId) ?? 0) + 1);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('witnesses say what the finding is about', () => {
  const witnessesOf = async (fixture: string) => {
    const file = path.join(TESTDATA, fixture);
    const result = await scan({ paths: [file], root: REPO, cwd: REPO });
    return (ruleId: string, line: number) => result.findings.find((f) => f.ruleId === ruleId && f.startLine === line);
  };

  it('a trust to a vendor account: any role of it, with no external id', async () => {
    const at = await witnessesOf('rules/TFXA002/positive.tf');
    expect(at('TFXA002', 64)!.witness).toMatchObject({ expect: 'allowed', principal: 'arn:aws:iam::999999999999:role/any', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/vendor-root', context: {}, absent: ['sts:ExternalId'] });
    expect(at('TFXA002', 64)!.witness!.summary).toBe('e.g. arn:aws:iam::999999999999:role/any can sts:AssumeRole on arn:aws:iam::111111111111:role/vendor-root with no external id');
    // a named role stays itself
    expect(at('TFXA002', 18)!.witness!.principal).toBe('arn:aws:iam::999999999999:role/backup-service');
  });

  it('a service without a source guard: the service acting for an account unrelated to the configuration', async () => {
    const at = await witnessesOf('rules/TFXA005/positive.tf');
    expect(at('TFXA005', 114)!.witness).toMatchObject({ principal: 'sns.amazonaws.com', principalType: 'Service', action: 'sqs:SendMessage', context: { 'aws:SourceAccount': ['444455556666'] } });
  });

  it('a shared OIDC issuer: another customer\'s token, or a subject the pattern lets through', async () => {
    const at = await witnessesOf('rules/TFXA012/positive.tf');
    expect(at('TFXA012', 23)!.witness).toMatchObject({ principalType: 'Federated', action: 'sts:AssumeRoleWithWebIdentity', context: { 'token.actions.githubusercontent.com:sub': ['repo:another-owner/another-repo:ref:refs/heads/main'] } });
    expect(at('TFXA012', 94)!.witness!.context['token.actions.githubusercontent.com:sub'][0]).not.toBe('repo:my-org/app:ref:refs/heads/main');
  });

  it('a public grant: a principal of an account the configuration never names', async () => {
    const at = await witnessesOf('rules/TFXA102/positive.tf');
    const w = at('TFXA102', 215)!.witness!;
    // ArnEquals with a wildcard account: the role name it pins, in any account
    expect(w.principal).toBe('arn:aws:iam::444455556666:role/reader');
  });

  it('correctness findings: the request that fails and what fails it', async () => {
    const kms = await witnessesOf('plans/scenarios/bucket-kms/main.tf');
    expect(kms('TFXA101', 41)!.witness).toMatchObject({
      expect: 'denied',
      principal: 'arn:aws:iam::222222222222:role/analytics',
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:eu-west-1:111111111111:key/(known-after-apply)',
      via: 's3:GetObject on arn:aws:s3:::example-plan-data/any',
      denial: { decision: 'implicit-deny', side: 'key', address: 'aws_kms_key.data' },
    });
    const scp = await witnessesOf('rules/TFXA203/positive.tf');
    expect(scp('TFXA203', 58)!.witness).toMatchObject({
      expect: 'denied',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::example-reports/any',
      denial: { decision: 'explicit-deny', side: 'scp', address: 'aws_organizations_policy.analytics_perimeter', path: 'content/Statement[0]' },
    });
    const managed = await witnessesOf('rules/TFXA105/positive.tf');
    expect(managed('TFXA105', 18)!.witness).toMatchObject({ expect: 'denied', resource: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/s3', denial: { side: 'key' } });
  });

  it('unknown stays unknown: a part that is not known omits the witness, with the reason', async () => {
    const at = await witnessesOf('rules/TFXA001/unknowns.tf');
    expect(at('TFXA001', 34)!.witness).toBeUndefined();
    expect(at('TFXA001', 34)!.witnessOmitted).toBe('the account of arn:aws:iam::…:root is not known statically (variable "trusted_account" has no value)');
  });
});

// --- the access diff ------------------------------------------------------------------------

/** A temporary tree holding the files, removed after the tests. */
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-diff-witness-')));
  trees.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

interface DiffUnit {
  name: string;
  run: () => Promise<DiffResult>;
}

/** Every diff of the fixtures: the diff tests' pairs, each rule's fixtures both ways, each project added to an empty tree. */
function diffUnits(): DiffUnit[] {
  const out: DiffUnit[] = [];
  const pair = (base: Record<string, string>, head: Record<string, string>, trust?: 'head') => () => runDiff({ base: tree(base), head: tree(head), paths: [], cwd: os.tmpdir(), ...(trust ? { trust } : {}) });
  for (const c of DIFF_CASES) out.push({ name: `diff fixture: ${c.name}`, run: pair(c.base, c.head) });
  const rules = path.join(TESTDATA, 'rules');
  for (const id of fs.readdirSync(rules).sort()) {
    const read = (f: string) => (fs.existsSync(path.join(rules, id, f)) ? fs.readFileSync(path.join(rules, id, f), 'utf8') : undefined);
    const negative = read('negative.tf');
    const positive = read('positive.tf');
    if (negative === undefined || positive === undefined) continue;
    out.push({ name: `testdata/rules/${id}: negative.tf -> positive.tf`, run: pair({ 'main.tf': negative }, { 'main.tf': positive }) });
    out.push({ name: `testdata/rules/${id}: positive.tf -> negative.tf`, run: pair({ 'main.tf': positive }, { 'main.tf': negative }) });
  }
  const projects = path.join(TESTDATA, 'projects');
  for (const p of fs.readdirSync(projects).sort()) {
    out.push({ name: `testdata/projects/${p}: from an empty tree`, run: () => runDiff({ base: tree({}), head: path.join(projects, p), paths: [], cwd: os.tmpdir(), trust: 'head' }) });
  }
  return out;
}

/** Why check-access does not answer a diff witness as it says, or undefined when it does. */
function diffDisagreement(d: DiffResult, w: DiffWitness): string | undefined {
  const request = witnessRequest(w);
  const ask = (graph: ScanResult['graph']): AccessAnswer | string => {
    try {
      return checkAccess(graph, request);
    } catch (e) {
      return `check-access refused the request: ${(e as Error).message}`;
    }
  };
  const head = ask(d.head.result.graph);
  if (typeof head === 'string') return `head: ${head}`;
  if (head.decision !== 'allowed') return `head: ${head.decision}; sides ${JSON.stringify(head.sides)}; ${head.reasons.join(' / ')}`;
  const graph = d.base.result.graph;
  const lacks = w.address !== undefined && !graph.resources.some((r) => r.mode === 'managed' && r.rootDir === w.rootDir && r.address === w.address);
  if (lacks) return w.baseDecision === 'not-in-base' ? undefined : `the base has no ${w.address}, but the witness says the base answers ${w.baseDecision}`;
  if (w.baseDecision === 'not-in-base') return `the witness says the base has no ${w.address}, but it has`;
  const base = ask(graph);
  if (typeof base === 'string') return w.baseDecision === 'unknown' ? undefined : `base: ${base}`;
  if (base.decision === 'allowed') return `the base allows it too: ${base.reasons.join(' / ')}`;
  if (base.decision !== w.baseDecision) return `the base answers ${base.decision}, the witness says ${w.baseDecision}`;
  return undefined;
}

const diffTally = { entries: 0, checked: 0, omitted: 0, byBase: new Map<string, number>(), reasons: new Map<string, number>() };

describe('every witness of every new-access entry of the diff fixtures is confirmed by check-access on both trees', () => {
  afterAll(() => {
    const byBase = [...diffTally.byBase].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(`diff witnesses checked: ${diffTally.checked} of ${diffTally.entries} new-access entries (base: ${byBase}); omitted with a reason: ${diffTally.omitted}\n`);
    if (process.env.TFXACCT_WITNESS_REASONS) for (const [why, n] of [...diffTally.reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${n}  ${why}\n`);
  });

  for (const unit of diffUnits()) {
    it(unit.name, async () => {
      const d = await unit.run();
      expect(d.notifications.filter((n) => n.kind === 'witness-failure')).toEqual([]);
      const problems: string[] = [];
      for (const a of d.newAccess) {
        diffTally.entries++;
        if (!a.witness) {
          if (!a.witnessOmitted) problems.push(`${a.message} ${a.file}:${a.startLine}: neither a witness nor why it has none`);
          diffTally.omitted++;
          diffTally.reasons.set(a.witnessOmitted ?? '', (diffTally.reasons.get(a.witnessOmitted ?? '') ?? 0) + 1);
          continue;
        }
        const why = diffDisagreement(d, a.witness);
        if (why) problems.push(`${a.message} ${a.file}:${a.startLine}: ${a.witness.summary}\n    check-access: ${why}`);
        else {
          diffTally.checked++;
          diffTally.byBase.set(a.witness.baseDecision, (diffTally.byBase.get(a.witness.baseDecision) ?? 0) + 1);
        }
      }
      // removed access has no witness
      expect(d.removedAccess.filter((a) => a.witness || a.witnessOmitted)).toEqual([]);
      expect(problems).toEqual([]);
    });
  }

  it('checks witnesses the base denies as well as ones it has no resource for', () => {
    expect(diffTally.checked).toBeGreaterThan(100);
    expect(diffTally.byBase.get('implicit-deny') ?? 0).toBeGreaterThan(5);
    expect(diffTally.byBase.get('not-in-base') ?? 0).toBeGreaterThan(5);
  });
});
