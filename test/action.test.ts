import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './support/fixtures';
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
function runAction(workspace: string, inputs: Record<string, string>): Run {
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
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [BUNDLE], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
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
    expect(r.outputs).toEqual({ 'sarif-file': 'tfxacct.sarif', findings: '0', 'new-findings': '0' });
    expect(JSON.parse(fs.readFileSync(path.join(ws, 'tfxacct.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.summary).toContain('No cross-account access problems found.');
  });

  it('fails on findings, annotates the lines and writes the summary', () => {
    const ws = tempTree({ 'infra/main.tf': PROVIDER + ROOT_TRUST('deploy') });
    const r = runAction(ws, { path: 'infra', 'sarif-file': 'reports/tfxacct.sarif' });
    expect(r.status).toBe(1);
    expect(r.outputs).toEqual({ 'sarif-file': 'reports/tfxacct.sarif', findings: '2', 'new-findings': '2' });
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
