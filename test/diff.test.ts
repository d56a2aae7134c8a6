/**
 * The access diff (`tfxacct diff BASE HEAD`, `scan --base`) on fixture repositories made in the
 * test: new, weakened and removed access, findings new / unchanged / fixed by meaning, every
 * format, and a base read from git without running anything the repository configures.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runDiff } from '../src/diff/run';
import { diffToMarkdown, MAX_COMMENT_CHARS } from '../src/report/diff';
import { cli, noStackTrace } from './support/cli';
import { ACCOUNT_READS_LOGS, ACCOUNT_WRITES_LOGS, BASE_TF, bucketTf, FIXED_TF, manyRolesTf, NARROWED_TF, PROVIDER, REFORMATTED_TF, TWO_PRINCIPALS_TF, VENDOR_TF, WEAKENED_TF } from './support/diff-fixtures';
import { TESTDATA } from './support/fixtures';
import { commit, git, repoWith } from './support/git';
import { tempTree } from './support/tmp';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-diff-test-')));
}

async function json(args: string[], cwd: string) {
  const r = await cli([...args, '-f', 'json'], cwd);
  return { ...r, out: JSON.parse(r.stdout) };
}

let sarifValidate: ReturnType<Ajv['compile']>;
beforeAll(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  sarifValidate = ajv.compile(JSON.parse(fs.readFileSync(path.join(TESTDATA, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
});

describe('access diff on a two-commit repository', () => {
  it('a new vendor trust without ExternalId is new access and a new finding (exit 1)', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.code).toBe(1);
    expect(r.out.newAccess).toHaveLength(1);
    expect(r.out.newAccess[0]).toMatchObject({
      change: 'new',
      edge: 'can-assume',
      principal: { id: 'account:888888888888', account: '888888888888' },
      target: { address: 'aws_iam_role.vendor' },
      file: 'vendor.tf',
      startLine: 6,
      message: 'account 888888888888 can now assume aws_iam_role.vendor (was: not in the base)',
      // a request the head allows and the base could not: the role is new
      witness: {
        expect: 'allowed',
        principal: 'arn:aws:iam::888888888888:role/any',
        principalType: 'AWS',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::111111111111:role/vendor',
        address: 'aws_iam_role.vendor',
        rootModule: '.',
        context: {},
        absent: [],
        baseDecision: 'not-in-base',
        summary: 'e.g. arn:aws:iam::888888888888:role/any can sts:AssumeRole on arn:aws:iam::111111111111:role/vendor (the base has no aws_iam_role.vendor)',
      },
    });
    expect(r.out.findings.new.map((f: { ruleId: string; address: string }) => `${f.ruleId} ${f.address}`)).toEqual(['TFXA001 aws_iam_role.vendor', 'TFXA002 aws_iam_role.vendor']);
    expect(r.out.findings.unchanged.map((f: { ruleId: string; address: string }) => `${f.ruleId} ${f.address}`)).toEqual(['TFXA001 aws_iam_role.legacy', 'TFXA002 aws_iam_role.legacy']);
    expect(r.out.findings.fixed).toEqual([]);
    expect(r.out.removedAccess).toEqual([]);
    // the same from the working tree
    const s = await json(['scan', '.', '--base', 'HEAD~1'], dir);
    expect(s.code).toBe(1);
    expect(s.out.newAccess.map((a: { message: string }) => a.message)).toEqual([r.out.newAccess[0].message]);
  });

  it('a reformatted policy (heredoc to jsonencode, reordered statements, a policy document) is no change', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': REFORMATTED_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.newAccess).toEqual([]);
    expect(r.out.removedAccess).toEqual([]);
    expect(r.out.findings.new).toEqual([]);
    expect(r.out.findings.fixed).toEqual([]);
    expect(r.out.findings.unchanged.map((f: { baselineState: string }) => f.baselineState)).toEqual(['unchanged', 'unchanged']);
    // the legacy trust's finding is unchanged though it points at another line now (the policy document's identifiers)
    expect(r.out.findings.unchanged[0]).toMatchObject({ file: 'main.tf', startLine: 12 });
    // unchanged findings do not fail the gate
    expect(r.code).toBe(0);
    const text = await cli(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(text.stdout).toContain('No change in access and no new or fixed findings.');
  });

  it('a weakened condition (ExternalId removed) is weakened access, with what it was', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': WEAKENED_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.newAccess).toHaveLength(1);
    expect(r.out.newAccess[0]).toMatchObject({
      change: 'weakened',
      principal: { id: 'account:999999999999' },
      target: { address: 'aws_iam_role.backup' },
      weakened: ['ExternalId removed'],
      was: 'if ExternalId',
      file: 'main.tf',
      startLine: 14,
    });
    expect(r.out.newAccess[0].message).toBe('account 999999999999 can now assume aws_iam_role.backup without ExternalId (was: if ExternalId)');
    // the request leaves out the external id the base asked for
    expect(r.out.newAccess[0].witness).toMatchObject({ principal: 'arn:aws:iam::999999999999:role/any', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/backup', context: {}, absent: ['sts:ExternalId'], baseDecision: 'implicit-deny' });
    expect(r.out.newAccess[0].witness.summary).toBe('e.g. arn:aws:iam::999999999999:role/any can sts:AssumeRole on arn:aws:iam::111111111111:role/backup with no external id (the base does not allow it)');
    expect(r.out.findings.new.map((f: { ruleId: string }) => f.ruleId)).toEqual(['TFXA001', 'TFXA002']);
  });

  it('an organization-only bucket that now admits an account says what it was', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': bucketTf('') }, { 'main.tf': bucketTf(ACCOUNT_READS_LOGS) });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.newAccess.map((a: { message: string }) => a.message)).toEqual(['account 999999999999 can now s3:GetObject on aws_s3_bucket.logs (was: organization only)']);
    // a principal of that account in no organization: the base's organization-only grant does not let it through
    expect(r.out.newAccess[0].witness).toMatchObject({ principal: 'arn:aws:iam::999999999999:role/any', action: 's3:GetObject', resource: 'arn:aws:s3:::logs/any', absent: ['aws:PrincipalOrgID'], baseDecision: 'implicit-deny' });
  });

  it('more actions for the same account: the witness is an action the base did not grant', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': bucketTf(ACCOUNT_READS_LOGS) }, { 'main.tf': bucketTf(ACCOUNT_WRITES_LOGS) });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.newAccess).toHaveLength(1);
    expect(r.out.newAccess[0]).toMatchObject({ change: 'widened', actions: ['s3:PutObject'], witness: { action: 's3:PutObject', resource: 'arn:aws:s3:::logs/any', baseDecision: 'implicit-deny' } });
  });

  it('a new-access entry without a witness says why', async () => {
    // the head trusts a variable's account: no request can name it
    const unknown = `${PROVIDER}variable "partner" {\n  type = string\n}\n${VENDOR_TF.replace('"arn:aws:iam::888888888888:root"', 'var.partner')}`;
    const r = await json(['diff', tempTree({ 'main.tf': PROVIDER }), tempTree({ 'main.tf': unknown })], os.tmpdir());
    expect(r.out.newAccess).toHaveLength(1);
    expect(r.out.newAccess[0].witness).toBeUndefined();
    expect(r.out.newAccess[0].witnessOmitted).toMatch(/not known statically/);
    const text = (await cli(['diff', tempTree({ 'main.tf': PROVIDER }), tempTree({ 'main.tf': unknown })], os.tmpdir())).stdout;
    expect(text).toContain(`      no example request: ${r.out.newAccess[0].witnessOmitted}\n`);
  });

  it('a fixed finding is fixed (absent in SARIF), and the access it gave is removed', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': FIXED_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.code).toBe(0);
    expect(r.out.findings.fixed.map((f: { ruleId: string; address: string; baselineState: string }) => `${f.ruleId} ${f.address} ${f.baselineState}`)).toEqual(['TFXA001 aws_iam_role.legacy absent']);
    expect(r.out.removedAccess.map((a: { message: string }) => a.message)).toEqual(['account 222222222222 can no longer assume aws_iam_role.legacy']);
    const sarif = JSON.parse((await cli(['diff', 'HEAD~1', 'HEAD', '-f', 'sarif'], dir)).stdout);
    expect(sarifValidate(sarif)).toBe(true);
    const states = sarif.runs[0].results.map((x: { ruleId: string; baselineState: string }) => `${x.ruleId} ${x.baselineState}`).sort();
    expect(states).toContain('TFXA001 absent');
    expect(states).toContain('TFXA002 updated');
    // scan --base is for upload to code scanning: no result for what is gone
    const upload = JSON.parse((await cli(['scan', '--base', 'HEAD~1', '-f', 'sarif'], dir)).stdout);
    expect(sarifValidate(upload)).toBe(true);
    expect(upload.runs[0].results.map((x: { baselineState: string }) => x.baselineState)).not.toContain('absent');
  });

  it('SARIF results carry baselineState (new, unchanged) and validate against the SARIF schema', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF });
    const r = await cli(['scan', '.', '--base', 'HEAD~1', '-f', 'sarif'], dir);
    const log = JSON.parse(r.stdout);
    expect(sarifValidate(log)).toBe(true);
    expect(sarifValidate.errors ?? []).toEqual([]);
    const states = log.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; baselineState: string }) => `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId} ${x.baselineState}`);
    expect(states).toEqual(['main.tf TFXA001 unchanged', 'main.tf TFXA002 unchanged', 'vendor.tf TFXA001 new', 'vendor.tf TFXA002 new']);
    expect(log.runs[0].properties.newAccess).toHaveLength(1);
    expect(log.runs[0].properties.newAccess[0].witness).toMatchObject({ principal: 'arn:aws:iam::888888888888:role/any', action: 'sts:AssumeRole', baseDecision: 'not-in-base' });
    expect(log.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(`file://${dir}/`);
  });

  it('exit code 1 counts new findings only', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF });
    // the head has the base's findings (errors) and nothing new
    expect((await cli(['scan', '.', '--base', 'HEAD'], dir)).code).toBe(0);
    expect((await cli(['scan', '.'], dir)).code).toBe(1);
    fs.writeFileSync(path.join(dir, 'vendor.tf'), VENDOR_TF);
    expect((await cli(['scan', '.', '--base', 'HEAD'], dir)).code).toBe(1);
    expect((await cli(['scan', '.', '--base', 'HEAD', '--fail-on', 'critical'], dir)).code).toBe(0);
  });

  it('the JSON report has newAccess, removedAccess and findings new / unchanged / fixed', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF });
    const { out } = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'base', 'head', 'trust', 'newAccess', 'removedAccess', 'brokenPaths', 'newSuppressions', 'findings', 'notifications', 'stats']);
    expect(Object.keys(out.findings)).toEqual(['new', 'unchanged', 'fixed']);
    expect(Object.keys(out.newAccess[0])).toEqual(['change', 'edge', 'principal', 'target', 'actions', 'conditions', 'was', 'message', 'holder', 'rootDir', 'file', 'startLine', 'startColumn', 'endLine', 'endColumn', 'witness']);
    expect(Object.keys(out.newAccess[0].witness)).toEqual(['expect', 'principal', 'principalType', 'action', 'resource', 'address', 'context', 'absent', 'baseDecision', 'summary', 'rootModule']);
    expect(out.base.label).toMatch(/^HEAD~1 \([0-9a-f]{12}\)$/);
    expect(out.findings.new[0]).toMatchObject({ ruleId: 'TFXA001', baselineState: 'new', file: 'vendor.tf' });
    expect(out.stats.head.files).toBe(2);
    expect(out.stats.base.files).toBe(1);
  });

  it('text and markdown lead with new access and new findings', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF });
    const text = (await cli(['diff', 'HEAD~1', 'HEAD'], dir)).stdout;
    expect(text.indexOf('New access (1)')).toBeLessThan(text.indexOf('New findings (2)'));
    expect(text).toContain('+ account 888888888888 can now assume aws_iam_role.vendor (was: not in the base)\n      vendor.tf:6:85\n      e.g. arn:aws:iam::888888888888:role/any can sts:AssumeRole on arn:aws:iam::111111111111:role/vendor (the base has no aws_iam_role.vendor)\n');
    expect(text.trim().split('\n').pop()).toBe('1 new access path, 0 removed; 2 new findings, 2 unchanged, 0 fixed');
    const md = (await cli(['diff', 'HEAD~1', 'HEAD', '-f', 'markdown'], dir)).stdout;
    expect(md.indexOf('### New access')).toBeLessThan(md.indexOf('### New findings'));
    expect(md).toContain('`vendor.tf:6`');
    expect(md).toContain('| new | account 888888888888 can now assume aws\\_iam\\_role.vendor \\(was: not in the base\\)<br>e.g. arn:aws:iam::888888888888:role/any can sts:AssumeRole on arn:aws:iam::111111111111:role/vendor \\(the base has no aws\\_iam\\_role.vendor\\) | `vendor.tf:6` |');
  });
});

describe('trees given as directories', () => {
  it('compares two directories (each its own root)', async () => {
    const base = tempTree({ 'main.tf': BASE_TF });
    const head = tempTree({ 'main.tf': REFORMATTED_TF, 'vendor.tf': VENDOR_TF });
    const r = await json(['diff', base, head], os.tmpdir());
    expect(r.code).toBe(1);
    expect(r.out.newAccess.map((a: { message: string }) => a.message)).toEqual(['account 888888888888 can now assume aws_iam_role.vendor (was: not in the base)']);
    expect(r.out.findings.new.map((f: { file: string }) => f.file)).toEqual(['vendor.tf', 'vendor.tf']);
    expect(r.out.findings.unchanged).toHaveLength(2);
  });

  it('scan --base DIR: the directory stands for the repository root', async () => {
    const base = tempTree({ 'infra/main.tf': BASE_TF });
    const head = tempTree({ 'infra/main.tf': BASE_TF, 'infra/vendor.tf': VENDOR_TF });
    const r = await json(['scan', 'infra', '--base', base, '--root', head], head);
    expect(r.out.findings.new.map((f: { file: string }) => f.file)).toEqual(['infra/vendor.tf', 'infra/vendor.tf']);
    expect(r.out.findings.unchanged.map((f: { file: string }) => f.file)).toEqual(['infra/main.tf', 'infra/main.tf']);
  });

  it('a folder the base does not have yet: everything in it is new', async () => {
    const dir = tempDir();
    repoWith(dir, { 'README.md': 'x\n' }, { 'README.md': 'x\n', 'infra/vendor.tf': VENDOR_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD', 'infra'], dir);
    expect(r.out.findings.new).toHaveLength(2);
    expect(r.out.newAccess).toHaveLength(1);
  });

  it('a subfolder of the repository compared with a revision is that part of the repository', async () => {
    const dir = tempDir();
    repoWith(dir, { 'infra/main.tf': BASE_TF, 'other/main.tf': VENDOR_TF });
    fs.writeFileSync(path.join(dir, 'infra', 'vendor.tf'), VENDOR_TF);
    const r = await json(['diff', 'HEAD', '.'], path.join(dir, 'infra'));
    expect(r.out.findings.new.map((f: { file: string }) => f.file)).toEqual(['infra/vendor.tf', 'infra/vendor.tf']);
    expect(r.out.findings.unchanged.map((f: { file: string }) => f.file)).toEqual(['infra/main.tf', 'infra/main.tf']);
  });
});

describe('mistakes are one line and exit 2', () => {
  it('an unknown revision', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF });
    for (const args of [['diff', 'no-such-branch', 'HEAD'], ['scan', '--base', 'origin/mian'], ['diff', 'HEAD~5', 'HEAD'], ['diff', 'HEAD', '../../etc/passwd']]) {
      const r = await cli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^tfxacct: /);
      expect(r.stdout).toBe('');
      noStackTrace(r);
    }
    expect((await cli(['scan', '--base', 'origin/mian'], dir)).stderr).toBe(`tfxacct: --base origin/mian: not a directory, and "origin/mian" is not a branch, tag or commit of the repository at ${dir}\n`);
  });

  it('a path that is not a repository', async () => {
    const dir = tempTree({ 'main.tf': BASE_TF });
    const r = await cli(['scan', '--base', 'main'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tfxacct: --base main: not a directory, and ${dir} is not a git repository\n`);
    noStackTrace(r);
  });

  it('a name that is both a folder and a revision is ambiguous', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF, 'main/copy.tf': BASE_TF });
    const r = await cli(['scan', '.', '--base', 'main'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tfxacct: --base main is both a directory and a git revision/);
    expect((await cli(['scan', '.', '--base', './main'], dir)).code).not.toBe(2);
  });

  it('--trust without --base', async () => {
    const dir = tempTree({ 'main.tf': BASE_TF });
    const r = await cli(['scan', '.', '--trust', 'head'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tfxacct: --trust needs --base (it says whose configuration sets the gate when comparing with a base)\n');
  });

  it('--plan and --baseline do not combine with a base', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF });
    const plan = await cli(['scan', '--base', 'HEAD', '--plan', 'plan.json'], dir);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/--plan cannot be combined with --base/);
    const baseline = await cli(['diff', 'HEAD', '.', '--baseline', 'x.json'], dir);
    expect(baseline.code).toBe(2);
    noStackTrace(baseline);
  });
});

describe('markdown for a pull-request comment', () => {
  it('stays within 65,536 characters, most severe first, and says how many more', async () => {
    const base = tempTree({ 'main.tf': PROVIDER });
    const head = tempTree({ 'main.tf': manyRolesTf(600) });
    const d = await runDiff({ base, head, paths: [], cwd: os.tmpdir() });
    expect(d.newAccess.length).toBe(601);
    const md = diffToMarkdown(d);
    expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(md).toMatch(/Not shown \(size limit\): \d+ new access, \d+ new findings/);
    // the public trust (the most exposed, and the most severe finding) comes first
    const firstAccess = md.split('\n').find((l) => l.startsWith('| new |'))!;
    expect(firstAccess).toContain('anyone can now assume aws\\_iam\\_role.public');
    const firstFinding = md.split('### New findings')[1].split('\n').find((l) => l.startsWith('| error |'))!;
    expect(firstFinding).toContain('TFXA003');
  });
});

describe('a base read from git runs nothing from the repository', () => {
  it('hooks, clean/smudge filters and core.fsmonitor never run, nor any program', async () => {
    const dir = tempDir();
    const marker = path.join(tempDir(), 'ran');
    repoWith(dir, { 'main.tf': BASE_TF, '.gitattributes': '*.tf filter=evil diff=evil\n' }, { 'main.tf': BASE_TF, '.gitattributes': '*.tf filter=evil diff=evil\n', 'vendor.tf': VENDOR_TF });
    const hooks = path.join(dir, '.git', 'evil-hooks');
    fs.mkdirSync(hooks);
    const script = `#!/bin/sh\necho "$0" >> ${marker}\ncat\n`;
    for (const h of ['post-checkout', 'pre-commit', 'post-merge', 'reference-transaction', 'pre-auto-gc', 'fsmonitor-watchman']) {
      fs.writeFileSync(path.join(hooks, h), script, { mode: 0o755 });
    }
    const evil = path.join(hooks, 'evil');
    fs.writeFileSync(evil, script, { mode: 0o755 });
    // configured after the commits, so that making the fixture ran none of it
    fs.appendFileSync(
      path.join(dir, '.git', 'config'),
      `[core]\n\thooksPath = ${hooks}\n\tfsmonitor = ${evil}\n\tpager = ${evil}\n\tsshCommand = ${evil}\n[filter "evil"]\n\tclean = ${evil}\n\tsmudge = ${evil}\n\tprocess = ${evil}\n\trequired = true\n[diff "evil"]\n\tcommand = ${evil}\n\ttextconv = ${evil}\n`,
    );
    // a git of the repository's own, first on PATH
    fs.writeFileSync(path.join(hooks, 'git'), script, { mode: 0o755 });
    const env = { PATH: `${hooks}:${process.env.PATH}` };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const childProcess = require('node:child_process');
    const spawned: string[] = [];
    const spies = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'].map((m) =>
      jest.spyOn(childProcess, m).mockImplementation((...a: unknown[]) => {
        spawned.push(String(a[0]));
        throw new Error('no program may be run');
      }),
    );
    try {
      const d = await cli(['diff', 'HEAD~1', 'HEAD', '-f', 'json'], dir, env);
      expect(d.code).toBe(1);
      expect(JSON.parse(d.stdout).findings.new).toHaveLength(2);
      const s = await cli(['scan', '--base', 'HEAD~1', '-f', 'json'], dir, env);
      expect(s.code).toBe(1);
      expect(JSON.parse(s.stdout).newAccess).toHaveLength(1);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(spawned).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    // the traps are live: git itself, run in this repository, sets them off
    for (const args of [['status', '--short'], ['checkout', '-q', 'HEAD~1', '--', 'main.tf']]) {
      try {
        execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }, stdio: 'ignore' });
      } catch {
        // the filter fails the protocol git expects of it; what matters is that it ran
      }
    }
    expect(fs.readFileSync(marker, 'utf8')).toMatch(/evil/);
    // the base was written to a private folder that is gone afterwards
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('tfxacct-base-') && fs.statSync(path.join(os.tmpdir(), n)).mtimeMs > Date.now() - 60_000)).toEqual([]);
  });

  it('reads packed objects and delta chains as git wrote them', async () => {
    const dir = tempDir();
    const big = (n: number) => Array.from({ length: 200 }, (_, i) => `# line ${i} of version ${i === 100 ? n : 0}`).join('\n') + '\n';
    repoWith(dir, { 'main.tf': BASE_TF, 'notes.tf': big(1) }, { 'main.tf': BASE_TF, 'notes.tf': big(2) }, { 'main.tf': BASE_TF, 'notes.tf': big(3), 'vendor.tf': VENDOR_TF });
    git(dir, 'repack', '-a', '-d', '-q', '--depth=50', '--window=10');
    git(dir, 'prune-packed');
    expect(fs.readdirSync(path.join(dir, '.git', 'objects', 'pack')).some((n) => n.endsWith('.pack'))).toBe(true);
    git(dir, 'pack-refs', '--all');
    commit(dir, { 'vendor.tf': null }, 'loose commit on top of the pack');
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.removedAccess.map((a: { message: string }) => a.message)).toEqual(['account 888888888888 can no longer assume aws_iam_role.vendor']);
    const tag = await json(['diff', 'main~3', 'main~1'], dir);
    expect(tag.out.findings.new).toHaveLength(2);
  });
});

describe('the pull request does not set its own gate', () => {
  const SUPPRESSED_VENDOR = VENDOR_TF.replace('resource "aws_iam_role" "vendor" {', '# tfxacct:ignore TFXA001 TFXA002 -- the vendor is fine, trust me\nresource "aws_iam_role" "vendor" {');

  it('a suppression the head adds still suppresses, is listed for review, and counts toward --fail-on', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': BASE_TF, 'vendor.tf': SUPPRESSED_VENDOR });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.code).toBe(1);
    expect(r.out.findings.new.map((f: { suppressed: boolean }) => f.suppressed)).toEqual([true, true]);
    expect(r.out.newSuppressions.map((f: { ruleId: string; suppressions: { kind: string; status: string; line: number }[] }) => `${f.ruleId} ${f.suppressions[0].kind} ${f.suppressions[0].status} ${f.suppressions[0].line}`)).toEqual(['TFXA001 inSource underReview 2', 'TFXA002 inSource underReview 2']);
    const sarif = JSON.parse((await cli(['scan', '--base', 'HEAD~1', '-f', 'sarif'], dir)).stdout);
    expect(sarifValidate(sarif)).toBe(true);
    const vendor = sarif.runs[0].results.filter((x: { properties: { address: string } }) => x.properties.address === 'aws_iam_role.vendor');
    expect(vendor.map((x: { suppressions: { status: string }[] }) => x.suppressions[0].status)).toEqual(['underReview', 'underReview']);
    const text = (await cli(['scan', '--base', 'HEAD~1'], dir)).stdout;
    expect(text).toContain('New suppressions to review (2)');
    const md = (await cli(['scan', '--base', 'HEAD~1', '-f', 'markdown'], dir)).stdout;
    expect(md).toContain('### New suppressions to review');
    // trusting the head, its suppressions are its own business
    expect((await cli(['diff', 'HEAD~1', 'HEAD', '--trust', 'head'], dir)).code).toBe(0);
  });

  it("the base's configuration holds: a head that turns rules off or declares the vendor internal still fails", async () => {
    const dir = tempDir();
    const config = 'organization:\n  id: o-abcd123456\n  accounts:\n    "111111111111": { name: tooling }\n';
    const loosened = config + '    "888888888888": { name: "not really ours" }\nrules:\n  TFXA001: off\n';
    repoWith(dir, { 'main.tf': BASE_TF, '.tfxacct.yml': config }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF, '.tfxacct.yml': loosened });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.code).toBe(1);
    expect(r.out.findings.new.map((f: { ruleId: string }) => f.ruleId)).toEqual(['TFXA001', 'TFXA002']);
    expect(r.out.notifications.map((n: { message: string }) => n.message)).toContain(".tfxacct.yml is changed in the head; the base's configuration is used for both trees (its new ignore entries still suppress, listed for review; --trust head uses the head's)");
    const trusted = await json(['diff', 'HEAD~1', 'HEAD', '--trust', 'head'], dir);
    expect(trusted.code).toBe(0);
    // under the head's configuration the vendor is internal: only the organization-boundary note remains
    expect(trusted.out.findings.new.map((f: { ruleId: string }) => f.ruleId)).toEqual(['TFXA007']);
  });

  it('an ignore entry the head adds to the configuration suppresses, for review', async () => {
    const dir = tempDir();
    const config = 'organization:\n  id: o-abcd123456\n';
    const withIgnore = config + 'ignore:\n  - rule: TFXA001\n    address: aws_iam_role.vendor\n    reason: reviewed\n';
    repoWith(dir, { 'main.tf': BASE_TF, '.tfxacct.yml': config }, { 'main.tf': BASE_TF, 'vendor.tf': VENDOR_TF, '.tfxacct.yml': withIgnore });
    const r = await json(['scan', '.', '--base', 'HEAD~1'], dir);
    expect(r.code).toBe(1);
    expect(r.out.newSuppressions.map((f: { ruleId: string; suppressions: { kind: string; status: string }[] }) => `${f.ruleId} ${f.suppressions[0].kind} ${f.suppressions[0].status}`)).toEqual(['TFXA001 external underReview']);
  });

  it('a suppression the base already had is not new', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF, 'vendor.tf': SUPPRESSED_VENDOR }, { 'main.tf': REFORMATTED_TF, 'vendor.tf': SUPPRESSED_VENDOR });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.code).toBe(0);
    expect(r.out.newSuppressions).toEqual([]);
    expect(r.out.findings.unchanged.filter((f: { suppressed: boolean }) => f.suppressed)).toHaveLength(2);
  });
});

describe('modules installed in the working tree', () => {
  it('are used for a base read from git, so module findings are not new', async () => {
    const dir = tempDir();
    const root = `${PROVIDER}module "logs" {\n  source = "example/logs/aws"\n}\n`;
    repoWith(dir, { '.gitignore': '.terraform/\n', 'main.tf': root }, { '.gitignore': '.terraform/\n', 'main.tf': root, 'vendor.tf': VENDOR_TF });
    // what terraform init would have installed (never committed)
    fs.mkdirSync(path.join(dir, '.terraform', 'modules', 'logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'logs', Source: 'registry.terraform.io/example/logs/aws', Dir: '.terraform/modules/logs' }] }));
    fs.writeFileSync(
      path.join(dir, '.terraform', 'modules', 'logs', 'main.tf'),
      'resource "aws_s3_bucket" "this" {\n  bucket = "logs"\n}\nresource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::999999999999:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::logs/*" }] })\n}\n',
    );
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.findings.unchanged.map((f: { ruleId: string; address: string }) => `${f.ruleId} ${f.address}`)).toContain('TFXA103 module.logs.aws_s3_bucket_policy.this');
    expect(r.out.findings.new.map((f: { address: string }) => f.address)).toEqual(['aws_iam_role.vendor', 'aws_iam_role.vendor']);
    expect(r.out.newAccess.map((a: { message: string }) => a.message)).toEqual(['account 888888888888 can now assume aws_iam_role.vendor (was: not in the base)']);
  });
});

describe('one finding per statement', () => {
  it('a principal added beside one already reported makes the finding new, not updated', async () => {
    const dir = tempDir();
    repoWith(dir, { 'main.tf': BASE_TF }, { 'main.tf': TWO_PRINCIPALS_TF });
    const r = await json(['diff', 'HEAD~1', 'HEAD'], dir);
    expect(r.out.newAccess.map((a: { message: string }) => a.message)).toEqual(['account 777777777777 can now assume aws_iam_role.legacy (was: account 222222222222)']);
    expect(r.out.findings.new.length).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    // an edit that only narrows (an added condition) stays updated
    commit(dir, { 'main.tf': NARROWED_TF });
    const n = await json(['diff', 'HEAD~2', 'HEAD'], dir);
    expect(n.out.findings.new).toEqual([]);
    expect(n.out.findings.unchanged.map((f: { baselineState: string }) => f.baselineState)).toEqual(['updated', 'updated']);
    expect(n.code).toBe(0);
  });
});
