import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, noStackTrace } from './support/cli';
import { tempTree } from './support/tmp';

const PROVIDER = `provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n`;
const ROOT_TRUST = `${PROVIDER}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}
`;

describe('tfxacct scan: results and exit codes', () => {
  it('exits 1 on findings at or above --fail-on (default error) and prints text', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TFXA001');
    expect(r.stdout).toMatch(/main\.tf\n\s+9:85\s+error\s+TFXA001 aws_iam_role\.r/);
    expect(r.stdout).toMatch(/2 findings \(2 error, 0 warning, 0 note\)/);
  });

  it('honours --fail-on', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    expect((await cli(['scan', '.', '--fail-on', 'none'], dir)).code).toBe(0);
    expect((await cli(['scan', '.', '--fail-on', 'critical'], dir)).code).toBe(0);
    expect((await cli(['scan', '.', '--fail-on', 'high'], dir)).code).toBe(1);
    expect((await cli(['scan', '.', '--fail-on', 'warning'], dir)).code).toBe(1);
  });

  it('filters rules with --rule and --skip-rule', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const only = JSON.parse((await cli(['scan', '.', '--rule', 'TFXA002', '-f', 'json'], dir)).stdout);
    expect(only.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['TFXA002']);
    const skip = JSON.parse((await cli(['scan', '.', '--skip-rule', 'TFXA001,TFXA002', '-f', 'json'], dir)).stdout);
    expect(skip.findings).toEqual([]);
  });

  it('writes several formats, pairing each -o with the -f before it', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.', '-f', 'sarif', '-o', 'out/result.sarif', '-f', 'json', '-o', 'out/result.json', '-f', 'text'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/result.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/result.json'), 'utf8')).findings).toHaveLength(2);
    expect(r.stdout).toContain('TFXA001');
  });

  it('keeps suppressed findings out of the exit code, and warns about a suppression without a reason', async () => {
    const dir = tempTree({
      'main.tf': ROOT_TRUST.replace('resource "aws_iam_role" "r" {', '# tfxacct:ignore TFXA001 -- reviewed in SEC-1\n# tfxacct:ignore TFXA002\nresource "aws_iam_role" "r" {'),
    });
    const r = await cli(['scan', '.', '-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { suppressed: boolean }) => f.suppressed)).toEqual([true, true]);
    expect(r.code).toBe(0);
    expect(out.notifications.some((n: { message: string }) => /gives no reason/.test(n.message))).toBe(true);
  });

  it('reports unknowns with --report-unknown without changing the exit code', async () => {
    const dir = tempTree({
      'main.tf': `${PROVIDER}
variable "org" {
  type = string
}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org } } }]
  })
}
`,
    });
    const plain = await cli(['scan', '.', '-f', 'json'], dir);
    const withUnknown = await cli(['scan', '.', '-f', 'json', '--report-unknown'], dir);
    expect(plain.code).toBe(withUnknown.code);
    const notes = JSON.parse(withUnknown.stdout).notifications.filter((n: { level: string }) => n.level === 'note');
    expect(notes.some((n: { message: string }) => /aws:PrincipalOrgID/.test(n.message) && /variable "org" has no value/.test(n.message))).toBe(true);
  });
});

describe('tfxacct scan: bad input gives a clear message and the documented exit code', () => {
  it('empty directory: exit 2', async () => {
    const dir = tempTree({});
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Terraform files \(\.tf, \.tf\.json\) found/);
    noStackTrace(r);
  });

  it('a directory without .tf files: exit 2', async () => {
    const dir = tempTree({ 'README.md': '# nothing here\n', 'main.py': 'print(1)\n' });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Terraform files/);
  });

  it('a path that does not exist: exit 2', async () => {
    const dir = tempTree({});
    const r = await cli(['scan', 'missing-dir'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/path not found: .*missing-dir/);
    noStackTrace(r);
  });

  it('a syntax error in one file is a notification with file and line; the rest is scanned', async () => {
    const dir = tempTree({ 'broken.tf': 'resource "aws_iam_role" "x" {\n  name = \n}\n', 'main.tf': ROOT_TRUST });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tfxacct: error: broken\.tf:\d+: syntax error/);
    expect(r.stdout).toContain('TFXA001');
    noStackTrace(r);
  });

  it('unreadable and binary files are skipped with a notification', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, 'blob.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]) });
    fs.symlinkSync(path.join(dir, 'does-not-exist'), path.join(dir, 'dangling.tf'));
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/blob\.tf: binary file \(contains NUL bytes\); file skipped/);
    expect(r.stderr).toMatch(/dangling\.tf: no such file or directory; file skipped/);
    noStackTrace(r);
  });

  it('invalid UTF-8 is refused with a notification', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, 'latin1.tf': Buffer.from('locals {\n  x = "caf\xe9"\n}\n', 'latin1') });
    const r = await cli(['scan', '.'], dir);
    expect(r.stderr).toMatch(/latin1\.tf: not valid UTF-8; file skipped/);
    expect(r.code).toBe(1);
  });

  it('a file that is only broken: nothing scanned, exit 2', async () => {
    const dir = tempTree({ 'main.tf': 'resource "x" {\n' });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/main\.tf:\d+: syntax error/);
    expect(r.stderr).toMatch(/nothing was scanned/);
  });

  it('a variable with no value is a note; values depending on it are unknown', async () => {
    const dir = tempTree({ 'main.tf': `variable "account" {\n  type = string\n}\n${ROOT_TRUST.replace('222222222222', '${var.account}')}` });
    const r = await cli(['scan', '.', '-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.notifications).toContainEqual(expect.objectContaining({ level: 'note', file: 'main.tf', startLine: 1, message: expect.stringMatching(/variable "account" has no value/) }));
    expect(out.findings[0].message).toMatch(/account whose id is unknown \(variable "account" has no value\)/);
  });

  it('--var and --var-file give variables their values', async () => {
    const dir = tempTree({ 'main.tf': `variable "account" {\n  type = string\n}\n${ROOT_TRUST.replace('222222222222', '${var.account}')}`, 'vars/prod.tfvars': 'account = "333333333333"\n' });
    const byVar = JSON.parse((await cli(['scan', '.', '-f', 'json', '--var', 'account=444444444444'], dir)).stdout);
    expect(byVar.findings[0].accounts.principal).toBe('444444444444');
    const byFile = JSON.parse((await cli(['scan', '.', '-f', 'json', '--var-file', 'vars/prod.tfvars'], dir)).stdout);
    expect(byFile.findings[0].accounts.principal).toBe('333333333333');
  });

  it('a module source outside the scanned tree is refused with a notification', async () => {
    const outside = tempTree({ 'mod/main.tf': ROOT_TRUST });
    const dir = tempTree({ 'main.tf': `module "m" {\n  source = "${path.relative(tempTree({}), path.join(outside, 'mod'))}"\n}\nmodule "up" {\n  source = "../../../../../etc"\n}\n` });
    const r = await cli(['scan', '.', '-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([]);
    expect(out.notifications.filter((n: { message: string }) => /outside the scanned tree; refused/.test(n.message))).toHaveLength(2);
    expect(r.code).toBe(0);
  });

  it('file() outside the scanned tree is refused with a notification', async () => {
    const dir = tempTree({ 'main.tf': `${PROVIDER}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = file("/etc/passwd")\n}\n` });
    const out = JSON.parse((await cli(['scan', '.', '-f', 'json'], dir)).stdout);
    expect(out.notifications.some((n: { message: string; file?: string }) => /file\("\/etc\/passwd"\): path "\/etc\/passwd" is outside the scanned tree; refused/.test(n.message) && n.file === 'main.tf')).toBe(true);
  });

  it('a config file with a typo: exit 2 with the line', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, '.tfxacct.yml': 'organization:\n  id: o-abcdefghij\nthird_partys:\n  "999999999999": { name: x }\n' });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tfxacct: config error: .tfxacct.yml:3: unknown key "third_partys" in (top level)');
    noStackTrace(r);
  });

  it('a config file with a bad value and an unknown rule: every problem with its line', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, 'cfg.yml': 'rules:\n  TFXA001: loud\n  TFXA999: off\n' });
    const r = await cli(['scan', '.', '--config', 'cfg.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cfg\.yml:2: \/rules\/TFXA001 must be one of/);
    expect(r.stderr).toMatch(/cfg\.yml:3: unknown rule TFXA999/);
  });

  it('config turns rules off and changes levels', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST, '.tfxacct.yml': 'rules:\n  TFXA001: off\n  TFXA002: { level: note }\n' });
    const r = await cli(['scan', '.', '-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { ruleId: string; level: string }) => `${f.ruleId}:${f.level}`)).toEqual(['TFXA002:note']);
    expect(r.code).toBe(0);
  });

  it('usage errors: unknown rule, bad format, missing config: exit 2', async () => {
    const dir = tempTree({ 'main.tf': ROOT_TRUST });
    for (const args of [
      ['scan', '.', '--rule', 'TFXA999'],
      ['scan', '.', '-f', 'xml'],
      ['scan', '.', '--config', 'nope.yml'],
      ['scan', '.', '--fail-on', 'sometimes'],
      ['frobnicate'],
    ]) {
      const r = await cli(args, dir);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.length).toBeGreaterThan(0);
      noStackTrace(r);
    }
  });
});

describe('tfxacct rules and explain', () => {
  it('lists the catalog as JSON', async () => {
    const r = await cli(['rules', '--format', 'json'], process.cwd());
    const rules = JSON.parse(r.stdout);
    expect(rules[0]).toEqual(expect.objectContaining({ id: 'TFXA001', slug: 'root-trust-without-conditions', level: 'error', securitySeverity: 8, shortDescription: expect.any(String) }));
    expect(Object.keys(rules[0])).toEqual(['id', 'slug', 'level', 'securitySeverity', 'tags', 'shortDescription']);
    expect(r.code).toBe(0);
  });

  it('explains a rule with its examples', async () => {
    const r = await cli(['explain', 'TFXA003'], process.cwd());
    expect(r.stdout).toContain('# TFXA003 wildcard-trust-principal');
    expect(r.stdout).toContain('## Bad example');
    expect((await cli(['explain', 'TFXA999'], process.cwd())).code).toBe(2);
  });
});
