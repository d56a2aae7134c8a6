/**
 * Start-up: a plain scan (text report) does not load the code or data only other commands and
 * reports need — the html graph's layout library, the rule docs, the SARIF and diff reports, the
 * configuration reader's YAML and JSON-schema libraries, the regular expression engine — nor the
 * AWS managed policy documents when it meets no AWS managed policy. Each is
 * replaced by a stand-in that records its loading; the same runs with the report or command that
 * needs it show that the stand-ins do see a load. The IAM action catalog is read only when a rule
 * that checks action names runs (TFXA301 on any policy) or a wildcard action is expanded. The
 * shipped bin runs the bundle the build makes (lib/cli.js) and resolves no package for a scan.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSmallInput } from '../src/cli/quick-start';
import { TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

// the module object itself (a namespace import's properties cannot be replaced)
const fsModule = require('node:fs') as typeof fs;

// (the simulator, src/graph/access, is part of every scan: findings' witnesses are built from its request context)
const WATCHED = ['../src/report/rule-docs', '../src/report/graph-html', '../src/report/sarif', '../src/report/markdown', '../src/diff/run', 'yaml', 'ajv', 're2js', '@cdktf/hcl2json'];

interface Loads {
  modules: string[];
  /** Files read that are the layout library, a rule's documentation or the AWS managed policies. */
  files: string[];
  /** Whether the IAM action catalog was read. */
  catalog: boolean;
  code: number;
  stdout: string;
}

async function loadsOf(args: (dir: string) => string[], dir: string): Promise<Loads> {
  const modules: string[] = [];
  const files: string[] = [];
  let catalog = false;
  let out: Loads | undefined;
  jest.resetModules();
  for (const m of WATCHED) {
    jest.doMock(m, () => {
      modules.push(m);
      return jest.requireActual(m);
    });
  }
  const realRead = fsModule.readFileSync;
  const spy = jest.spyOn(fsModule, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
    const name = String(file);
    if (/cytoscape/.test(name) || /[\\/]rules[\\/]TFXA\d+[^\\/]*[\\/][^\\/]+\.md$/.test(name) || name.endsWith('aws-managed-policies.json.gz')) files.push(name);
    if (/[\\/]iam-actions\.json$/.test(name)) catalog = true;
    return (realRead as (f: fs.PathOrFileDescriptor, o?: unknown) => string | Buffer)(file, options);
  }) as typeof fs.readFileSync);
  try {
    await jest.isolateModulesAsync(async () => {
      const { cli } = require('./support/cli') as typeof import('./support/cli');
      const r = await cli(args(dir), dir);
      out = { modules: [...modules], files: [...files], catalog, code: r.code, stdout: r.stdout };
    });
  } finally {
    spy.mockRestore();
    for (const m of WATCHED) jest.dontMock(m);
  }
  return out!;
}

const fixture = tempTree({ 'main.tf': fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf')) });
const withManaged = tempTree({
  'main.tf': `${fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf'), 'utf8')}
resource "aws_iam_role_policy_attachment" "read_only" {
  role       = aws_iam_role.jsonencode_root_arn.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
});

describe('start-up', () => {
  test('a plain scan loads none of the code and data other commands and reports need', async () => {
    const r = await loadsOf((d) => ['scan', d], fixture);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TFXA001');
    expect(r.modules).toEqual([]);
    expect(r.files).toEqual([]);
  });

  test('the stand-ins see the loads: SARIF reads the rule docs, the html graph the layout library, explain the docs', async () => {
    const sarif = await loadsOf((d) => ['scan', d, '-f', 'sarif'], fixture);
    expect(sarif.modules).toEqual(expect.arrayContaining(['../src/report/sarif', '../src/report/rule-docs']));
    expect(sarif.files.some((f) => f.endsWith('.md'))).toBe(true);
    const html = await loadsOf((d) => ['graph', d, '-f', 'html'], fixture);
    expect(html.modules).toContain('../src/report/graph-html');
    expect(html.files.some((f) => /cytoscape/.test(f))).toBe(true);
    const explain = await loadsOf(() => ['explain', 'TFXA001'], fixture);
    expect(explain.modules).toContain('../src/report/rule-docs');
  });

  test('the AWS managed policy documents are read once a scan meets an AWS managed policy, once', async () => {
    const r = await loadsOf((d) => ['scan', d], withManaged);
    expect(r.code).toBe(1);
    expect(r.files.map((f) => path.basename(f))).toEqual(['aws-managed-policies.json.gz']);
  });

  test('the action catalog is read only when a rule checks or expands action names', async () => {
    const skipped = await loadsOf((d) => ['scan', d, '--skip-rule', 'TFXA301'], fixture);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain('TFXA001');
    expect(skipped.catalog).toBe(false);
    const plain = await loadsOf((d) => ['scan', d], fixture);
    expect(plain.catalog).toBe(true);
  });

  // the bundle is made by the build: CI builds first (.ci/run), a fresh clone's `npm test` has no lib/ yet
  (fs.existsSync(path.resolve(__dirname, '..', 'lib', 'cli.js')) || process.env.TFXACCT_SLOW_TESTS === '1' ? test : test.skip)('the shipped bin loads two files of JavaScript for a scan: itself and the bundled lib/cli.js', () => {
    const repo = path.resolve(__dirname, '..');
    const hook = path.join(
      tempTree({
        'loaded.cjs': [
          "process.on('exit', () => {",
          "  process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n');",
          "  process.stderr.write('BUILTINS ' + JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule '))) + '\\n');",
          '});',
          '',
        ].join('\n'),
      }),
      'loaded.cjs',
    );
    const r = spawnSync(process.execPath, ['-r', hook, path.join(repo, 'bin', 'tfxacct.js'), 'scan', '-q', fixture], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const loaded = (JSON.parse(/^LOADED (.*)$/m.exec(r.stderr)![1]) as string[]).filter((f) => f !== hook);
    expect(loaded.map((f) => path.relative(repo, f).split(path.sep).join('/'))).toEqual(['bin/tfxacct.js', 'lib/cli.js']);
    // a small scan starts no thread and meets no AWS managed policy: neither module is loaded
    const builtins = JSON.parse(/^BUILTINS (.*)$/m.exec(r.stderr)![1]) as string[];
    expect(builtins.length).toBeGreaterThan(10);
    expect(builtins).not.toContain('NativeModule zlib');
    expect(builtins).not.toContain('NativeModule worker_threads');
    // the same bin on a scan that meets one does load zlib: the check above can see a load
    const managed = spawnSync(process.execPath, ['-r', hook, path.join(repo, 'bin', 'tfxacct.js'), 'scan', '-q', withManaged], { encoding: 'utf8' });
    expect(managed.status).toBe(1);
    expect(JSON.parse(/^BUILTINS (.*)$/m.exec(managed.stderr)![1]) as string[]).toContain('NativeModule zlib');
  });

  // the code cache the build makes is for this Node: V8 takes it (a cache it rejects only costs time)
  (fs.existsSync(path.resolve(__dirname, '..', 'lib', 'cli.js')) || process.env.TFXACCT_SLOW_TESTS === '1' ? test : test.skip)('the bundle\'s code cache fits the bundle and this Node', () => {
    const repo = path.resolve(__dirname, '..');
    const check = [
      "const fs = require('node:fs'), vm = require('node:vm'), { wrap } = require('node:module');",
      `const entry = ${JSON.stringify(path.join(repo, 'lib', 'cli.js'))};`,
      // after the two SHA-256 sums (of the bundle and of the rest) the bin checks before using it
      "const script = new vm.Script(wrap(fs.readFileSync(entry, 'utf8')), { filename: entry, cachedData: fs.readFileSync(entry + '.cache').subarray(64) });",
      "process.stdout.write(String(script.cachedDataRejected));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });
});

describe('quick start for small scans', () => {
  it('counts the Terraform bytes of files and folders, and stops looking past its budgets', () => {
    const dir = tempTree({ 'main.tf': 'x = 1\n', 'sub/vars.tfvars': 'y = 2\n', 'README.md': 'z'.repeat(100_000) });
    expect(isSmallInput([dir])).toBe(true);
    expect(isSmallInput([path.join(dir, 'main.tf')])).toBe(true);
    // other files do not count; Terraform files do
    expect(isSmallInput([dir], 10)).toBe(false);
    const big = tempTree({ 'main.tf': '#'.repeat(70_000) });
    expect(isSmallInput([big])).toBe(false);
    // more directory entries than it looks at: not small, whatever their size
    const many = tempTree(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}.tf`, ''])));
    expect(isSmallInput([many])).toBe(false);
    expect(isSmallInput([path.join(dir, 'missing')])).toBe(false);
  });

  it('a symlink is not looked through: not small', () => {
    const dir = tempTree({ 'main.tf': 'x = 1\n' });
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    expect(isSmallInput([dir])).toBe(false);
  });

  it('the baseline compiler tier changes no result', () => {
    // large enough not to be a quick start by itself: the default tier against the baseline one
    const dir = path.join(TESTDATA, 'rules');
    expect(isSmallInput([dir])).toBe(false);
    const bin = path.join(__dirname, '..', 'bin', 'tfxacct.js');
    const run = (extra: string[]) => spawnSync(process.execPath, [...extra, bin, 'scan', dir, '-f', 'json', '-q'], { encoding: 'utf8' });
    const quick = run(['--liftoff-only']);
    const full = run([]);
    expect(quick.status).toBe(1);
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '');
    expect(strip(quick.stdout)).toContain('"ruleId"');
    expect(strip(quick.stdout)).toBe(strip(full.stdout));
  }, 60_000);
});
