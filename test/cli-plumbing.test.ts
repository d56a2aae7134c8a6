/**
 * The command line's plumbing: which report goes where (-f/-o pairing), the compact format,
 * --quiet, --exclude, closed pipes, SARIF categories, findings of shared modules, and the one-line
 * exit-2 message of every user mistake.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeSafe, run } from '../src/cli/main';
import { cli, noStackTrace, type Ran } from './support/cli';
import { tempTree } from './support/tmp';

const PROVIDER = `provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n`;
const trust = (name: string, account = '222222222222') => `resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${account}:root" } }]
  })
}
`;
const ROOT_TRUST = PROVIDER + trust('r');

/** A user mistake: exit 2, one line on stderr matching `message`, nothing on stdout, no stack trace. */
function mistake(r: Ran, message: RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(/^tfxacct: [^\n]+\n$/);
  expect(r.stderr).toMatch(message);
  noStackTrace(r);
}

describe('-f and -o: each -o belongs to the -f just before it', () => {
  it('-o before any -f is the default text report only when no -f is given', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.', '-o', 'report.txt'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8')).toMatch(/^main\.tf\n\s+8:85\s+error\s+TFXA001/);
  });

  it('-o before the -f it was meant for is a usage error, and nothing is written', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    mistake(await cli(['scan', '.', '-o', 'out.sarif', '-f', 'sarif'], dir), /-o out\.sarif comes before any -f: give it after the -f it belongs to \(e\.g\. -f sarif -o out\.sarif\)/);
    expect(fs.existsSync(path.join(dir, 'out.sarif'))).toBe(false);
  });

  it('an -o that cannot belong to a format, two formats on stdout, or two formats in one file: usage errors', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    mistake(await cli(['scan', '.', '-f', 'json', '-o', 'a.json', '-o', 'b.json'], dir), /-o b\.json: -f json already writes to a\.json/);
    mistake(await cli(['scan', '.', '-f', 'json', '-f', 'sarif'], dir), /json and sarif would both be written to stdout/);
    mistake(await cli(['scan', '.', '-f', 'sarif', '-o', 'x', '-f', 'json', '-f', 'text'], dir), /json and text would both be written to stdout/);
    mistake(await cli(['scan', '.', '-f', 'json', '-o', 'same', '-f', 'sarif', '-o', 'same'], dir), /-f json and -f sarif both write to same/);
    expect(fs.readdirSync(dir).sort()).toEqual(['main.tf']);
  });

  it('accepts --format=X and --output=Y spelled out, in pairs', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.', '--format=json', '--output=r.json', '--format', 'compact'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).findings).toHaveLength(2);
    expect(r.stdout).toMatch(/^main\.tf:8:85: error TFXA001 /);
  });
});

describe('report formats', () => {
  it('compact: one line per finding that counts, file:line:col: level ID message', async () => {
    const dir = tempTree({ 'main.tf': PROVIDER + trust('r') + '# tfxacct:ignore TFXA001, TFXA002 -- reviewed\n' + trust('quiet', '333333333333') });
    const r = await cli(['scan', '.', '-f', 'compact'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^main\.tf:8:85: error TFXA001 Role aws_iam_role\.r trusts every principal of account 222222222222 with no narrowing condition\. [^\n]+$/);
    expect(lines[1]).toMatch(/^main\.tf:8:85: error TFXA002 Role aws_iam_role\.r can be assumed/);
    expect(r.stdout).not.toContain('aws_iam_role.quiet');
  });

  it('text: each finding ends with the command that explains its rule', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.'], dir);
    expect(r.stdout).toMatch(/narrowing condition\.[^\n]* \(tfxacct explain TFXA001\)\n/);
    expect(r.stdout).toMatch(/\(tfxacct explain TFXA002\)\n/);
  });

  it('markdown: rule ids link to their documentation', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.', '-f', 'markdown'], dir);
    expect(r.stdout).toContain('| [TFXA001 root-trust-without-conditions](https://github.com/tfxacct/tfxacct/blob/main/rules/TFXA001-root-trust-without-conditions/README.md) | error | 1 |');
    expect(r.stdout).toMatch(/\| error \| \[TFXA002\]\(https:\/\/github\.com\/tfxacct\/tfxacct\/blob\/main\/rules\/TFXA002-missing-external-id\/README\.md\) \| `aws_iam_role\.r` \|/);
  });
});

describe('SARIF runAutomationDetails.id', () => {
  it('does not depend on the order of the paths, and --category sets it', async () => {
    const dir = tempTree({ 'b/main.tf': ROOT_TRUST, 'a/main.tf': ROOT_TRUST });
    const id = async (args: string[]) => JSON.parse((await cli(['scan', ...args, '-f', 'sarif'], dir)).stdout).runs[0].automationDetails.id;
    expect(await id(['b', 'a'])).toBe('tfxacct/a+b/');
    expect(await id(['a', 'b'])).toBe('tfxacct/a+b/');
    expect(await id(['a/', 'b'])).toBe('tfxacct/a+b/');
    expect(await id(['.'])).toBe('tfxacct/');
    expect(await id(['b', 'a', '--category', 'infra-prod'])).toBe('infra-prod/');
    expect(await id(['b', '--category', 'tfxacct/b/'])).toBe('tfxacct/b/');
  });
});

describe('a module several root modules use', () => {
  const tree = () =>
    tempTree({
      'modules/role/main.tf': `variable "trusted" {\n  type = string\n}\n${trust('this', '${var.trusted}')}`,
      'examples/a/main.tf': `${PROVIDER}module "first" {\n  source  = "../../modules/role"\n  trusted = "222222222222"\n}\n`,
      'examples/b/main.tf': `${PROVIDER}module "second" {\n  source  = "../../modules/role"\n  trusted = "222222222222"\n}\n`,
    });

  it('gives one result per location, listing the root modules and their addresses', async () => {
    const dir = tree();
    const out = JSON.parse((await cli(['scan', '.', '-f', 'json', '--rule', 'TFXA001'], dir)).stdout);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({
      file: 'modules/role/main.tf',
      startLine: 8,
      address: 'module.first.aws_iam_role.this',
      roots: [
        { rootModule: 'examples/a', address: 'module.first.aws_iam_role.this' },
        { rootModule: 'examples/b', address: 'module.second.aws_iam_role.this' },
      ],
    });
    const sarif = JSON.parse((await cli(['scan', '.', '-f', 'sarif', '--rule', 'TFXA001'], dir)).stdout);
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(sarif.runs[0].results[0].properties.roots).toEqual(out.findings[0].roots);
    const text = (await cli(['scan', '.', '--rule', 'TFXA001'], dir)).stdout;
    expect(text).toContain('TFXA001 module.first.aws_iam_role.this in examples/a, examples/b');
  });

  it('stays unchanged against a baseline that holds any root module copy', async () => {
    const dir = tree();
    fs.rmSync(path.join(dir, 'examples/a'), { recursive: true });
    expect((await cli(['scan', '.', '-f', 'json', '-o', 'base.json', '--rule', 'TFXA001'], dir)).code).toBe(1);
    fs.mkdirSync(path.join(dir, 'examples/a'));
    fs.writeFileSync(path.join(dir, 'examples/a/main.tf'), `${PROVIDER}module "first" {\n  source  = "../../modules/role"\n  trusted = "222222222222"\n}\n`);
    const r = await cli(['scan', '.', '-f', 'json', '--rule', 'TFXA001', '--baseline', 'base.json'], dir);
    expect(JSON.parse(r.stdout).findings.map((f: { baselineState: string }) => f.baselineState)).toEqual(['unchanged']);
    expect(r.code).toBe(0);
  });

  it('keeps two instances of a module in one root module apart', async () => {
    const dir = tempTree({
      'modules/role/main.tf': `variable "trusted" {\n  type = string\n}\n${trust('this', '${var.trusted}')}`,
      'main.tf': `${PROVIDER}module "one" {\n  source  = "./modules/role"\n  trusted = "222222222222"\n}\nmodule "two" {\n  source  = "./modules/role"\n  trusted = "222222222222"\n}\n`,
    });
    const out = JSON.parse((await cli(['scan', '.', '-f', 'json', '--rule', 'TFXA001'], dir)).stdout);
    expect(out.findings.map((f: { address: string }) => f.address)).toEqual(['module.one.aws_iam_role.this', 'module.two.aws_iam_role.this']);
  });
});

describe('--exclude and config exclude', () => {
  const tree = (extra: Record<string, string> = {}) =>
    tempTree({
      'infra/main.tf': PROVIDER + trust('infra'),
      'examples/a/main.tf': PROVIDER + trust('example'),
      'examples/b/nested/main.tf': PROVIDER + trust('nested'),
      ...extra,
    });
  const addresses = async (dir: string, args: string[]) => JSON.parse((await cli(['scan', '.', '-f', 'json', '--rule', 'TFXA001', ...args], dir)).stdout).findings.map((f: { address: string; file: string }) => `${f.file} ${f.address}`);

  it('leaves out paths relative to the root, repeatable', async () => {
    const dir = tree();
    expect(await addresses(dir, [])).toEqual(['examples/a/main.tf aws_iam_role.example', 'examples/b/nested/main.tf aws_iam_role.nested', 'infra/main.tf aws_iam_role.infra']);
    expect(await addresses(dir, ['--exclude', 'examples/**'])).toEqual(['infra/main.tf aws_iam_role.infra']);
    expect(await addresses(dir, ['--exclude', 'examples'])).toEqual(['infra/main.tf aws_iam_role.infra']);
    expect(await addresses(dir, ['--exclude', 'examples/a', '--exclude', '**/nested/*.tf'])).toEqual(['infra/main.tf aws_iam_role.infra']);
    // relative to the root, not to the path scanned
    const fromInfra = await cli(['scan', 'examples', '-f', 'json', '--rule', 'TFXA001', '--exclude', 'examples/a/**'], dir);
    expect(JSON.parse(fromInfra.stdout).findings.map((f: { address: string }) => f.address)).toEqual(['aws_iam_role.nested']);
  });

  it('reads exclude: from .tfxacct.yml, with the command line adding to it', async () => {
    const dir = tree({ '.tfxacct.yml': 'exclude:\n  - "examples/a/**"\n' });
    expect(await addresses(dir, [])).toEqual(['examples/b/nested/main.tf aws_iam_role.nested', 'infra/main.tf aws_iam_role.infra']);
    expect(await addresses(dir, ['--exclude', 'examples/b/**'])).toEqual(['infra/main.tf aws_iam_role.infra']);
  });

  it('still reads a module a scanned root module calls from an excluded folder', async () => {
    const dir = tempTree({
      'modules/role/main.tf': `variable "trusted" {\n  type = string\n}\n${trust('this', '${var.trusted}')}`,
      'live/main.tf': `${PROVIDER}module "role" {\n  source  = "../modules/role"\n  trusted = "222222222222"\n}\n`,
    });
    expect(await addresses(dir, ['--exclude', 'modules/**'])).toEqual(['modules/role/main.tf module.role.aws_iam_role.this']);
    // with its caller left out, the module is a root module of its own (scanned with unknown inputs)
    const alone = JSON.parse((await cli(['scan', '.', '-f', 'json', '--exclude', 'live/**'], dir)).stdout);
    expect(alone.findings.map((f: { address: string }) => f.address)).not.toContain('module.role.aws_iam_role.this');
    expect(alone.stats.files).toBe(1);
  });

  it('a pattern that is not a glob: exit 2, one line (command line and config, with its line)', async () => {
    const dir = tree();
    mistake(await cli(['scan', '.', '--exclude', 'examples/[a'], dir), /^tfxacct: --exclude "examples\/\[a": unclosed \[ in pattern\n$/);
    fs.writeFileSync(path.join(dir, '.tfxacct.yml'), 'exclude:\n  - "ok/**"\n  - "{a,b"\n');
    mistake(await cli(['scan', '.'], dir), /^tfxacct: config error: \.tfxacct\.yml:3: exclude "\{a,b": unclosed \{ in pattern\n$/);
  });
});

describe('--quiet', () => {
  it('drops the notes on stderr and keeps warnings and errors', async () => {
    const dir = tempTree({
      'main.tf': `variable "account" {\n  type = string\n}\n${PROVIDER}# tfxacct:ignore TFXA002\n${trust('r', '${var.account}')}`,
      'broken.tf': 'resource "x" "y" {\n  a = \n}\n',
    });
    const loud = await cli(['scan', '.'], dir);
    expect(loud.stderr).toMatch(/tfxacct: note: main\.tf:1: variable "account" has no value/);
    const quiet = await cli(['scan', '.', '-q'], dir);
    expect(quiet.stderr).not.toMatch(/note:/);
    expect(quiet.stderr).toMatch(/tfxacct: warning: main\.tf:\d+: suppression of TFXA002 gives no reason/);
    expect(quiet.stderr).toMatch(/tfxacct: error: broken\.tf:2: syntax error/);
    const untimed = (t: string) => t.replace(/scanned in [\d.]+s/, 'scanned');
    expect(untimed(quiet.stdout)).toBe(untimed(loud.stdout));
    expect(quiet.code).toBe(loud.code);
    // a usage error still prints
    mistake(await cli(['scan', 'nope', '--quiet'], dir), /path not found: .*nope/);
  });

  it('shows no progress line, even on a terminal', async () => {
    const dir = tempTree(Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`r${i}/main.tf`, ROOT_TRUST])));
    let stderr = '';
    const realNow = Date.now;
    let t = realNow();
    // every reading of the clock is two seconds later: the progress line is due at once
    Date.now = () => (t += 2000);
    try {
      const io = (tty: boolean) => ({ stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY: tty }, cwd: dir, env: {} });
      await run(['scan', '.'], io(true));
      expect(stderr).toContain('scanning…');
      stderr = '';
      await run(['scan', '.', '--quiet'], io(true));
      expect(stderr).not.toContain('scanning');
    } finally {
      Date.now = realNow;
    }
  });
});

describe('a closed pipe (tfxacct scan | head)', () => {
  it('ends the run quietly with its own exit code', async () => {
    // a reader that goes away after one byte: writing more to its stdin fails with EPIPE
    const reader = spawn('head', ['-c', '1'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = once(reader, 'exit');
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    let stderr = '';
    const unhandled: unknown[] = [];
    const onError = (e: unknown) => unhandled.push(e);
    process.on('uncaughtException', onError);
    try {
      const stdout = pipeSafe(reader.stdin!);
      const code = await run(['scan', '.', '-f', 'sarif'], { stdout, stderr: { write: (s: string) => (stderr += s) }, cwd: dir, env: {} });
      expect(code).toBe(1);
      await exited;
      // the EPIPE arrives after a write; what is written after it is dropped
      stdout.write('x'.repeat(1_000_000));
      await new Promise((r) => setTimeout(r, 200));
      expect(stdout.write('more')).toBe(true);
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(unhandled).toEqual([]);
    expect(stderr).toBe('');
  });
});

describe('every user mistake is one line and exit 2, never a stack trace', () => {
  it('an output that cannot be written', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, 'file.txt': 'x' });
    mistake(await cli(['scan', '.', '-f', 'sarif', '-o', '.'], dir), /cannot write .*: is a directory/);
    mistake(await cli(['scan', '.', '-f', 'sarif', '-o', 'file.txt/out.sarif'], dir), /cannot write .*file\.txt\/out\.sarif: .*file\.txt is not a directory/);
    mistake(await cli(['graph', '.', '-o', 'file.txt/g.json'], dir), /cannot write .*file\.txt is not a directory/);
    mistake(await cli(['check-access', '.', '--principal', 'arn:aws:iam::222222222222:root', '--action', 'sts:AssumeRole', '--resource', 'arn:aws:iam::111111111111:role/r', '-o', '.'], dir), /cannot write .*: is a directory/);
  });

  it('a configuration of the wrong shape', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    for (const [text, message] of [
      ['- a\n- b\n', /config error: cfg\.yml:1: the configuration must be a mapping/],
      ['just words\n', /config error: cfg\.yml:1: the configuration must be a mapping/],
      ['ignore:\n  rule: TFXA001\n', /config error: cfg\.yml:2: \/ignore must be array/],
      ['rules: [TFXA001]\n', /config error: cfg\.yml:1: \/rules must be object/],
      ['exclude: "examples/**"\n', /config error: cfg\.yml:1: \/exclude must be array/],
      ['ignore:\n  - rule: TFXA001\n', /config error: cfg\.yml:2: \/ignore\/0 is missing "reason"/],
    ] as const) {
      fs.writeFileSync(path.join(dir, 'cfg.yml'), text);
      mistake(await cli(['scan', '.', '--config', 'cfg.yml'], dir), message);
    }
  });

  it('a named --plan, --var-file, --baseline or --config that cannot be read', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, 'folder/x': '' });
    fs.writeFileSync(path.join(dir, 'truncated.json'), '{"format_version": "1.2", "planned_values": {"root_module": {');
    mistake(await cli(['scan', '.', '--plan', 'missing.json'], dir), /^tfxacct: --plan missing\.json: no such file or directory\n$/);
    mistake(await cli(['scan', '.', '--plan', 'truncated.json'], dir), /^tfxacct: --plan truncated\.json:1:\d+: not valid JSON \(\w+\); the file looks truncated\n$/);
    mistake(await cli(['scan', '.', '--plan', 'folder'], dir), /^tfxacct: --plan folder: not a regular file\n$/);
    mistake(await cli(['scan', '.', '--var-file', 'missing.tfvars'], dir), /^tfxacct: --var-file missing\.tfvars: no such file or directory\n$/);
    mistake(await cli(['scan', '.', '--var-file', 'folder'], dir), /^tfxacct: --var-file folder: not a regular file\n$/);
    mistake(await cli(['scan', '.', '--baseline', 'missing.sarif'], dir), /^tfxacct: baseline missing\.sarif: no such file or directory\n$/);
    mistake(await cli(['scan', '.', '--baseline', 'truncated.json'], dir), /^tfxacct: baseline truncated\.json: not valid JSON/);
    mistake(await cli(['scan', '.', '--config', 'missing.yml'], dir), /^tfxacct: config file not found: missing\.yml\n$/);
    mistake(await cli(['scan', '.', '--config', 'folder'], dir), /^tfxacct: config error: folder: not a regular file\n$/);
    // the same inputs behind graph and check-access
    mistake(await cli(['graph', '.', '--plan', 'missing.json'], dir), /^tfxacct: --plan missing\.json: no such file or directory\n$/);
  });

  it('an unknown option or command is one line, with where to read more', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    mistake(await cli(['scan', '.', '--frobnicate'], dir), /^tfxacct: unknown option '--frobnicate' \(see "tfxacct --help"\)\n$/);
    mistake(await cli(['scna', '.'], dir), /^tfxacct: unknown command 'scna' \(Did you mean scan\?\) \(see "tfxacct --help"\)\n$/);
    mistake(await cli(['scan', '.', '-f', 'xml'], dir), /^tfxacct: option '-f, --format <format>' argument 'xml' is invalid\. must be one of text, compact, json, sarif, markdown/);
  });
});

describe('check-access', () => {
  it('warns about an action AWS does not define, and still answers', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const base = ['check-access', '.', '--principal', 'arn:aws:iam::222222222222:role/x', '--resource', 'arn:aws:iam::111111111111:role/r'];
    const typo = await cli([...base, '--action', 'sts:AssumeRoel'], dir);
    expect(typo.stderr).toContain('tfxacct: warning: --action sts:AssumeRoel: "sts:AssumeRoel" is not an action of sts; the answer is about an action AWS does not define');
    expect(typo.code).toBe(1);
    const service = await cli([...base, '--action', 'stz:AssumeRole'], dir);
    expect(service.stderr).toContain('service prefix "stz" is not defined by AWS');
    const real = await cli([...base, '--action', 'sts:AssumeRole'], dir);
    expect(real.stderr).not.toContain('warning');
  });
});
