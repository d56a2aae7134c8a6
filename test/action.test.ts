import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { run } from '../src/cli/main';
import { REPO, TESTDATA } from './support/fixtures';
import { commit, git, repoWith } from './support/git';
import { tempTree } from './support/tmp';

const BUNDLE = path.join(REPO, 'dist', 'index.js');

const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';
const ROOT_TRUST = (name: string, account = '222222222222') => `
resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${account}:root" } }]
  })
}
`;

interface Run {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundled action the way the runner does: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
function runAction(workspace: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}, timeout = 60_000): Run {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-runner-'));
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'octo/infra',
    GITHUB_SHA: 'abc123',
    GITHUB_SERVER_URL: 'https://github.com',
  };
  Object.assign(env, extraEnv);
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [BUNDLE], { cwd: workspace, env, encoding: 'utf8', timeout, maxBuffer: 1 << 28 });
  const outputs: Record<string, string> = {};
  const raw = fs.readFileSync(outputFile, 'utf8');
  for (const m of raw.matchAll(/^([\w-]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]] = m[3];
  return { status: r.status, stdout: r.stdout + r.stderr, outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
}

describe('the GitHub Action, run as the runner runs it', () => {
  it('prints nothing a runner could read as a workflow command, whatever the scanned code says', () => {
    const ws = tempTree({
      'infra/main.tf': `${PROVIDER}module "m" {\n  source = "x\\n::error::pwned\\n::add-mask::x\\r\\n::stop-commands::t"\n}\nresource "terraform_data" "t" {\n  input = file("/etc/x\\n::error::pwned")\n}\n${ROOT_TRUST('r')}`,
    });
    const r = runAction(ws, { path: 'infra', 'fail-on': 'none' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/module "m"/);
    expect(r.stdout).toMatch(/file\("\/etc\/x/);
    // every workflow command line is one of ours, and none starts inside scanned text
    for (const line of r.stdout.split(/\r?\n/)) {
      if (!line.startsWith('::')) continue;
      expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
      expect(line).not.toMatch(/^::(add-mask|stop-commands|error::pwned)/);
    }
    expect(r.stdout).not.toMatch(/^::error::pwned/m);
  });

  it('passes on a clean workspace', () => {
    const ws = tempTree({ 'infra/main.tf': `${PROVIDER}resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n` });
    const r = runAction(ws, { path: 'infra' });
    expect(r.stdout).not.toMatch(/::error/);
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ 'sarif-file': 'tfxacct.sarif', findings: '0', 'new-findings': '0', 'new-access': '0', 'comment-file': 'tfxacct.comment.md' });
    expect(JSON.parse(fs.readFileSync(path.join(ws, 'tfxacct.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.summary).toContain('No cross-account access problems found.');
  });

  it('fails on findings, annotates the lines and writes the summary', () => {
    const ws = tempTree({ 'infra/main.tf': PROVIDER + ROOT_TRUST('deploy') });
    const r = runAction(ws, { path: 'infra', 'sarif-file': 'reports/tfxacct.sarif' });
    expect(r.status).toBe(1);
    expect(r.outputs).toEqual({ 'sarif-file': 'reports/tfxacct.sarif', findings: '2', 'new-findings': '2', 'new-access': '0', 'comment-file': 'reports/tfxacct.comment.md' });
    expect(fs.readFileSync(path.join(ws, 'reports', 'tfxacct.comment.md'), 'utf8')).toContain('`aws_iam_role.deploy`');
    expect(r.stdout).toMatch(/::error title=TFXA001 root-trust-without-conditions,file=infra\/main\.tf,line=9,endLine=9,col=\d+,endColumn=\d+::Role aws_iam_role\.deploy trusts/);
    expect(r.stdout).toMatch(/::error::tfxacct: 2 findings at or above "error"/);
    expect(r.summary).toContain('| [TFXA001 root-trust-without-conditions](https://github.com/tfxacct/tfxacct/blob/main/rules/TFXA001-root-trust-without-conditions/README.md) | error | 1 |');
    expect(r.summary).toContain('(https://github.com/octo/infra/blob/abc123/infra/main.tf#L9)');
    expect(fs.existsSync(path.join(ws, 'reports', 'tfxacct.sarif'))).toBe(true);
  });

  it('honours fail-on, annotations and summary inputs', () => {
    const ws = tempTree({ 'main.tf': PROVIDER + ROOT_TRUST('deploy') });
    const r = runAction(ws, { 'fail-on': 'critical', annotations: 'false', summary: 'false' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/::error/);
    expect(r.summary).toBe('');
  });

  it('limits annotations to 10 errors, most severe first', () => {
    const roles = Array.from({ length: 12 }, (_, i) => ROOT_TRUST(`r${i}`)).join('') + `
resource "aws_iam_role" "anyone" {
  name = "anyone"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = "*" }]
  })
}
`;
    const ws = tempTree({ 'main.tf': PROVIDER + roles });
    const r = runAction(ws, {});
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error title='));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toContain('TFXA003');
  });

  it('counts only new findings against a baseline', () => {
    const ws = tempTree({ 'main.tf': PROVIDER + ROOT_TRUST('old') });
    const first = runAction(ws, { 'sarif-file': 'baseline.sarif' });
    expect(first.status).toBe(1);
    // the code moves down and a new role appears: only the new one counts
    fs.writeFileSync(path.join(ws, 'main.tf'), PROVIDER + '\n\n\n' + ROOT_TRUST('old') + ROOT_TRUST('new', '333333333333'));
    const second = runAction(ws, { baseline: 'baseline.sarif' });
    expect(second.outputs).toMatchObject({ findings: '4', 'new-findings': '2' });
    expect(second.status).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'tfxacct.sarif'), 'utf8'));
    const states = sarif.runs[0].results.map((x: { baselineState: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => `${x.locations[0].logicalLocations[0].fullyQualifiedName}:${x.baselineState}`);
    expect(states.sort()).toEqual(['aws_iam_role.new:new', 'aws_iam_role.new:new', 'aws_iam_role.old:unchanged', 'aws_iam_role.old:unchanged']);
    expect(second.stdout).toMatch(/2 new findings at or above "error"/);
    // nothing new: the step passes
    fs.writeFileSync(path.join(ws, 'main.tf'), PROVIDER + ROOT_TRUST('old'));
    expect(runAction(ws, { baseline: 'baseline.sarif' }).status).toBe(0);
  });

  it('refuses inputs that lead outside the workspace', () => {
    const ws = tempTree({ 'main.tf': PROVIDER });
    const cases: Record<string, string>[] = [{ path: '../..' }, { 'sarif-file': '/tmp/evil.sarif' }, { plan: '../plan.json' }, { config: '/etc/passwd' }];
    for (const inputs of cases) {
      const r = runAction(ws, inputs);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error::tfxacct: input [\w-]+: .* (is|leads) outside the workspace/);
    }
    expect(fs.existsSync('/tmp/evil.sarif')).toBe(false);
  });

  it('reports a bad input value clearly', () => {
    const ws = tempTree({ 'main.tf': PROVIDER });
    const r = runAction(ws, { 'fail-on': 'sometimes' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::tfxacct: input fail-on must be one of/);
  });
});

const NARROWED = (name: string) => ROOT_TRUST(name).replace('Principal = { AWS = "arn:aws:iam::222222222222:root" } }', 'Principal = { AWS = "arn:aws:iam::222222222222:root" }, Condition = { Bool = { "aws:SecureTransport" = "true" } } }');

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-action-pr-')));
}

/**
 * The environment of a pull_request run: the event payload with the base commit, and a PATH whose
 * git and terraform leave a marker, so that a test sees any program the Action would run.
 */
function pullRequestEnv(baseSha: string): { env: Record<string, string>; marker: string } {
  const tmp = tempDir();
  const event = path.join(tmp, 'event.json');
  fs.writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { ref: 'feature', sha: 'f'.repeat(40) } } }));
  const bin = path.join(tmp, 'bin');
  const marker = path.join(tmp, 'ran');
  fs.mkdirSync(bin);
  for (const tool of ['git', 'terraform', 'sh', 'bash']) {
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho ${tool} >> ${marker}\n`, { mode: 0o755 });
  }
  return { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, PATH: bin }, marker };
}

const commandLines = (stdout: string, kind: string) => stdout.split(/\r?\n/).filter((l) => l.startsWith(`::${kind} title=`));

/** The sections (### headings) of a markdown text, in order. */
const sections = (md: string) => [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);

describe('the Action on a pull request', () => {
  let sarifValidate: ReturnType<Ajv['compile']>;
  beforeAll(() => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    sarifValidate = ajv.compile(JSON.parse(fs.readFileSync(path.join(TESTDATA, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
  });

  it('compares with the base commit: annotations only for the new finding, on the lines the pull request changed', () => {
    const dir = tempDir();
    // the head moves the old role down the file and adds a new one at the end
    const [baseSha] = repoWith(dir, { 'main.tf': PROVIDER + ROOT_TRUST('old') }, { 'main.tf': PROVIDER + '\n# the legacy role\n' + ROOT_TRUST('old') + ROOT_TRUST('new', '333333333333') });
    const { env, marker } = pullRequestEnv(baseSha);
    const r = runAction(dir, {}, env);
    expect(r.status).toBe(1);
    expect(r.outputs).toEqual({ 'sarif-file': 'tfxacct.sarif', findings: '4', 'new-findings': '2', 'new-access': '1', 'comment-file': 'tfxacct.comment.md' });
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(2);
    // the new role spans lines 15-21 of the head; its trust statement is line 19
    for (const e of errors) expect(e).toMatch(/^::error title=TFXA00[12] [\w-]+,file=main\.tf,line=19,endLine=19,col=\d+,endColumn=\d+::Role aws_iam_role\.new /);
    expect(commandLines(r.stdout, 'warning')).toEqual([]);
    expect(r.stdout).not.toMatch(/aws_iam_role\.old/);
    expect(r.stdout).toMatch(/^::error::tfxacct: 2 new findings at or above "error"$/m);
    // the summary leads with new access, then new findings, then coverage
    expect(sections(r.summary).slice(0, 3)).toEqual(['New access', 'New findings', 'Coverage']);
    expect(r.summary).toContain('account 333333333333 can now assume aws\\_iam\\_role.new');
    // the comment file: the access diff in markdown
    const comment = fs.readFileSync(path.join(dir, 'tfxacct.comment.md'), 'utf8');
    expect(sections(comment)[0]).toBe('New access');
    expect(comment).toContain('[main.tf:19](https://github.com/octo/infra/blob/abc123/main.tf#L19)');
    // SARIF for code scanning: the head's findings with their baseline state, nothing for what is gone
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'tfxacct.sarif'), 'utf8'));
    const states = sarif.runs[0].results.map((x: { properties: { address: string }; baselineState: string }) => `${x.properties.address}:${x.baselineState}`).sort();
    expect(states).toEqual(['aws_iam_role.new:new', 'aws_iam_role.new:new', 'aws_iam_role.old:unchanged', 'aws_iam_role.old:unchanged']);
    expect(sarifValidate(sarif)).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('an updated finding is not new: it neither fails the step nor is annotated, as with the CLI', async () => {
    const dir = tempDir();
    const [baseSha] = repoWith(dir, { 'main.tf': PROVIDER + ROOT_TRUST('old') }, { 'main.tf': PROVIDER + NARROWED('old') });
    const { env } = pullRequestEnv(baseSha);
    const r = runAction(dir, {}, env);
    expect(r.outputs).toMatchObject({ findings: '2', 'new-findings': '0' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^::error/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'tfxacct.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: { baselineState: string }) => x.baselineState)).toEqual(['updated', 'updated']);
    // the CLI agrees
    const err: string[] = [];
    const code = await run(['scan', '--base', baseSha, '-q'], { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, cwd: dir, env: {} });
    expect({ code, err: err.join('') }).toEqual({ code: 0, err: '' });
  });

  it('takes base, var-files, rules, skip-rules, exclude, category and trust as inputs', () => {
    const dir = tempDir();
    const vars = 'variable "vendor" {\n  type = string\n}\n';
    const vendorRole = `resource "aws_iam_role" "vendor" {\n  name = "vendor"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${var.vendor}:root" } }]\n  })\n}\n`;
    repoWith(
      dir,
      { 'infra/main.tf': PROVIDER + ROOT_TRUST('old'), 'infra/vars.tf': vars, 'ci.tfvars': 'vendor = "888888888888"\n' },
      { 'infra/main.tf': PROVIDER + ROOT_TRUST('old') + vendorRole, 'infra/vars.tf': vars, 'ci.tfvars': 'vendor = "888888888888"\n', 'examples/main.tf': PROVIDER + ROOT_TRUST('example', '444444444444') },
    );
    git(dir, 'branch', 'base', 'HEAD~1');
    const r = runAction(dir, { base: 'base', 'var-files': 'ci.tfvars', rules: 'TFXA001,TFXA002', 'skip-rules': 'TFXA002', exclude: 'examples/**', category: 'infra-iam', trust: 'head' });
    expect(r.outputs).toMatchObject({ 'new-findings': '1', 'new-access': '1' });
    expect(commandLines(r.stdout, 'error')).toEqual([expect.stringMatching(/^::error title=TFXA001 [\w-]+,file=infra\/main\.tf,line=\d+.*account 888888888888/)]);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'tfxacct.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toBe('infra-iam/');
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['TFXA001']);
    // a base that names nothing is an input error
    const bad = runAction(dir, { base: 'no-such-branch' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/::error::tfxacct: .*no-such-branch/);
    const trust = runAction(dir, { trust: 'pr' });
    expect(trust.stdout).toMatch(/::error::tfxacct: input trust must be base or head/);
  });

  it('without the base commit in the checkout (a shallow clone): a warning and a scan of the whole tree', () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': PROVIDER + ROOT_TRUST('old') });
    const { env, marker } = pullRequestEnv('0123456789abcdef0123456789abcdef01234567');
    const r = runAction(dir, {}, env);
    expect(r.stdout).toMatch(/^::warning::tfxacct: the pull request's base commit 0123456789ab cannot be read \(commit 0123456789ab is not in the checkout\), so the whole tree is scanned .*fetch-depth: 0/m);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ findings: '2', 'new-findings': '2', 'new-access': '0' });
    expect(commandLines(r.stdout, 'error')).toHaveLength(2);
    expect(r.summary).toMatch(/cannot be read/);
    // no repository at all: the same
    const plain = tempTree({ 'main.tf': PROVIDER + ROOT_TRUST('old') });
    const p = runAction(plain, {}, env);
    expect(p.stdout).toMatch(/^::warning::tfxacct: the pull request's base commit 0123456789ab cannot be read \(the workspace is not a git checkout\)/m);
    expect(p.outputs).toMatchObject({ 'new-findings': '2' });
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('on an input error (a missing plan) still writes the SARIF file, with the error as a tool execution notification, and sets its outputs', () => {
    const dir = tempDir();
    const [baseSha] = repoWith(dir, { 'main.tf': PROVIDER }, { 'main.tf': PROVIDER + ROOT_TRUST('new') });
    const { env } = pullRequestEnv(baseSha);
    const r = runAction(dir, { plan: 'plans/missing.json', 'sarif-file': 'out/tfxacct.sarif', category: 'iam' }, env);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error::tfxacct: --plan .*missing\.json/m);
    expect(r.outputs).toEqual({ 'sarif-file': 'out/tfxacct.sarif', findings: '0', 'new-findings': '0', 'new-access': '0', 'comment-file': 'out/tfxacct.comment.md' });
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'tfxacct.sarif'), 'utf8'));
    const inv = sarif.runs[0].invocations[0];
    expect(sarifValidate(sarif)).toBe(true);
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'error', message: { text: expect.stringMatching(/missing\.json/) } })]);
    expect(sarif.runs[0].automationDetails.id).toBe('iam/');
    expect(sarif.runs[0].results).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'out', 'tfxacct.comment.md'), 'utf8')).toMatch(/The scan did not run/);
    // a refused sarif-file input: the report goes to the default place
    const refused = runAction(dir, { 'sarif-file': '../elsewhere.sarif' }, env);
    expect(refused.status).toBe(1);
    expect(refused.outputs['sarif-file']).toBe('tfxacct.sarif');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tfxacct.sarif'), 'utf8')).runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/outside the workspace/);
  });
});

/** Two versions of the generated 200-account estate (different seeds: many changes), as base and head commits. */
const GENERATOR = path.join(REPO, 'testdata', 'bench', 'gen-corpus.mjs');
function corpusRepo(accounts: number): { dir: string; baseSha: string } {
  const dir = tempDir();
  const gen = (seed: number) => {
    for (const e of fs.readdirSync(dir)) if (e !== '.git') fs.rmSync(path.join(dir, e), { recursive: true, force: true });
    spawnSync(process.execPath, [GENERATOR, '--out', dir, '--accounts', String(accounts), '--roles', '40', '--buckets', '20', '--seed', String(seed)], { encoding: 'utf8' });
  };
  git(dir, 'init', '-q');
  gen(42);
  const baseSha = commit(dir, {}, 'base');
  gen(7);
  commit(dir, {}, 'head');
  return { dir, baseSha };
}

function expectCommentWithinLimit(accounts: number): void {
  const { dir, baseSha } = corpusRepo(accounts);
  const { env } = pullRequestEnv(baseSha);
  const r = runAction(dir, { 'fail-on': 'none' }, env, 600_000);
  expect(r.status).toBe(0);
  expect(Number(r.outputs['new-access'])).toBeGreaterThan(100);
  expect(Number(r.outputs['new-findings'])).toBeGreaterThan(100);
  const comment = fs.readFileSync(path.join(dir, r.outputs['comment-file']), 'utf8');
  expect(comment.length).toBeLessThan(65_536);
  expect(sections(comment)[0]).toBe('New access');
  expect(comment).toMatch(/_Not shown \(size limit\): .*new access/);
  expect(sections(r.summary)[0]).toBe('New access');
  expect(commandLines(r.stdout, 'error').length).toBeLessThanOrEqual(10);
  expect(commandLines(r.stdout, 'warning').length).toBeLessThanOrEqual(10);
}

describe('the comment file on a large estate with many changes', () => {
  it('stays within 65,536 characters, new access first (20 accounts)', () => expectCommentWithinLimit(20), 180_000);
  // the 200-account estate: about a minute or two on a small machine (TFXACCT_SLOW_TESTS=1, as CI sets it)
  (process.env.TFXACCT_SLOW_TESTS === '1' ? it : it.skip)('stays within 65,536 characters, new access first (200 accounts)', () => expectCommentWithinLimit(200), 900_000);
});

describe('dist/', () => {
  it('is the bundle of the current sources', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-dist-'));
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build-action.mjs'), '--out', out], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const list = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(d, e.name)).map((x) => `${e.name}/${x}`) : [e.name])).sort();
    const committed = path.join(REPO, 'dist');
    expect(list(committed)).toEqual(list(out));
    const stale = list(out).filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(committed, f))));
    expect({ stale, hint: stale.length ? 'run: node scripts/build-action.mjs' : '' }).toEqual({ stale: [], hint: '' });
  });
});
