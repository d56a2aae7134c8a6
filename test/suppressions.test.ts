import { RULES, RULE_IDS } from '../rules';
import { Diagnostics } from '../src/diagnostics';
import { runRules } from '../src/engine/runner';
import { Suppressions, addressMatches, parseDirective } from '../src/engine/suppressions';
import { Graph } from '../src/graph/graph';
import { toJson } from '../src/report/json';
import { scan } from '../src/scan';
import { tempTree } from './support/tmp';

const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\n';

async function findings(files: Record<string, string>) {
  const dir = tempTree(files);
  const r = await scan({ paths: [dir], root: dir, cwd: dir, only: ['TFXA003'] });
  return { findings: r.findings, notifications: r.notifications };
}

const star = (name: string, before = '', inStatement = '') => `
${before}resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      ${inStatement}{ Effect = "Allow", Action = "sts:AssumeRole", Principal = "*" },
    ]
  })
}
`;

describe('inline suppressions', () => {
  it('cover the block, attribute or statement below them', async () => {
    const { findings: f } = await findings({
      'main.tf':
        PROVIDER +
        star('above_block', '# tfxacct:ignore TFXA003 -- demo role, reviewed\n') +
        star('above_statement', '', '# tfxacct:ignore TFXA003 -- sandbox only\n      ') +
        star('other_rule', '# tfxacct:ignore TFXA001 -- not this rule\n') +
        star('plain'),
    });
    const state = Object.fromEntries(f.map((x) => [x.address, x.suppressed ? x.suppressions[0].justification : 'active']));
    expect(state).toEqual({
      'aws_iam_role.above_block': 'demo role, reviewed',
      'aws_iam_role.above_statement': 'sandbox only',
      'aws_iam_role.other_rule': 'active',
      'aws_iam_role.plain': 'active',
    });
  });

  it('covers a policy document statement block and an attribute', async () => {
    const { findings: f } = await findings({
      'main.tf': `${PROVIDER}
data "aws_iam_policy_document" "d" {
  # tfxacct:ignore TFXA003 -- public by design
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_role" "s" {
  name = "s"
  # tfxacct:ignore TFXA003 -- attribute level
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = "*" }] })
}
`,
    });
    expect(f.map((x) => [x.address, x.suppressed])).toEqual([
      ['aws_iam_role.r', true],
      ['aws_iam_role.s', true],
    ]);
  });

  it('warns about comments that suppress nothing or give no reason', async () => {
    const { notifications } = await findings({ 'main.tf': `${PROVIDER}\n# tfxacct:ignore TFXA003\n${star('x')}\nlocals {\n  a = 1\n}\n# tfxacct:ignore TFXA001 -- dangling\n` });
    expect(notifications.map((n) => n.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/gives no reason/), expect.stringMatching(/is not above a block, attribute or statement/)]),
    );
  });
});

describe('suppressions that can be trusted', () => {
  const warnings = (n: { level: string; kind: string; message: string; file?: string; startLine?: number }[]) =>
    n.filter((x) => x.level === 'warning').map((x) => `${x.file}:${x.startLine} ${x.message}`);

  it('warn, with file and line, about a rule id or slug that does not exist', async () => {
    const { findings: f, notifications } = await findings({
      'main.tf': PROVIDER + star('typo', '# tfxacct:ignore TFXA033 -- typo in the id\n') + star('slug', '# tfxacct:ignore wildcard-trust-principle -- typo in the slug\n'),
    });
    expect(f.map((x) => x.suppressed)).toEqual([false, false]);
    expect(warnings(notifications)).toEqual([
      'main.tf:5 main.tf:5: tfxacct:ignore names unknown rule "TFXA033" (see "tfxacct rules" for ids and slugs); it suppresses nothing',
      'main.tf:16 main.tf:16: tfxacct:ignore names unknown rule "wildcard-trust-principle" (see "tfxacct rules" for ids and slugs); it suppresses nothing',
    ]);
  });

  it('accept slugs as well as ids, inline and in the configuration', async () => {
    const { findings: f, notifications } = await findings({
      'main.tf': PROVIDER + star('by_slug', '# tfxacct:ignore wildcard-trust-principal -- sandbox\n') + star('by_config'),
      '.tfxacct.yml': 'ignore:\n  - rule: wildcard-trust-principal\n    address: aws_iam_role.by_config\n    reason: reviewed in SEC-7\n',
    });
    expect(f.map((x) => [x.address, x.suppressions.map((s) => `${s.kind}: ${s.justification}`)])).toEqual([
      ['aws_iam_role.by_slug', ['inSource: sandbox']],
      ['aws_iam_role.by_config', ['external: reviewed in SEC-7']],
    ]);
    expect(warnings(notifications)).toEqual([]);
  });

  it('warn about a malformed directive, and not about comments that only mention tfxacct', async () => {
    const { findings: f, notifications } = await findings({
      'main.tf':
        PROVIDER +
        star('space', '# tfxacct: ignore TFXA003 -- with a space\n') +
        star('upper', '// TFXACCT:IGNORE TFXA003 -- upper case\n') +
        star('no_colon', '#tfxacct ignore TFXA003 -- no colon\n') +
        star('prose', '# tfxacct reports this role; it is reviewed elsewhere\n'),
    });
    expect(f.map((x) => x.suppressed)).toEqual([false, false, false, false]);
    const malformed = warnings(notifications);
    expect(malformed).toHaveLength(3);
    expect(malformed[0]).toBe('main.tf:5 main.tf:5: malformed suppression "# tfxacct: ignore TFXA003 -- with a space": write "# tfxacct:ignore RULE -- reason" (no space around the colon); ignored');
    expect(malformed[1]).toMatch(/^main\.tf:16 main\.tf:16: malformed suppression "\/\/ TFXACCT:IGNORE TFXA003 -- upper case"/);
    expect(malformed[2]).toMatch(/^main\.tf:27 main\.tf:27: malformed suppression "#tfxacct ignore TFXA003 -- no colon"/);
  });

  it('warn about a suppression or a config ignore entry that matched nothing', async () => {
    const dir = tempTree({
      'main.tf': `${PROVIDER}# tfxacct:ignore TFXA003 -- nothing here is public\nlocals {\n  a = 1\n}\n` + star('x', '# tfxacct:ignore TFXA003, TFXA001 -- only one of them applies\n'),
      '.tfxacct.yml': 'ignore:\n  - rule: TFXA003\n    address: aws_iam_role.gone\n    reason: removed last year\n  - rule: TFXA003\n    address: aws_iam_role.x\n    reason: used\n',
    });
    const r = await scan({ paths: [dir], root: dir, cwd: dir, only: ['TFXA003', 'TFXA001'] });
    expect(warnings(r.notifications)).toEqual([
      '.tfxacct.yml:2 .tfxacct.yml:2: ignore entry for TFXA003 (address aws_iam_role.gone) matched no finding',
      'main.tf:4 main.tf:4: tfxacct:ignore TFXA003 matched no finding; it must be on the line above the block, attribute or statement the finding points at, or above the resource the finding names',
      'main.tf:9 main.tf:9: tfxacct:ignore TFXA001 matched no finding; it must be on the line above the block, attribute or statement the finding points at, or above the resource the finding names',
    ]);
    // a rule that did not run cannot have matched: no warning for it
    const only = await scan({ paths: [dir], root: dir, cwd: dir, only: ['TFXA003'] });
    expect(warnings(only.notifications).filter((w) => w.includes('TFXA001'))).toEqual([]);
  });

  it('above the resource a finding names, cover findings in its policy document wherever it is written', async () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*" }]\n}\n';
    const { findings: f, notifications } = await findings({
      'trust.json': policy,
      'main.tf': `${PROVIDER}
data "aws_iam_policy_document" "open" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
# tfxacct:ignore TFXA003 -- demo account, reviewed
resource "aws_iam_role" "from_document" {
  name               = "from_document"
  assume_role_policy = data.aws_iam_policy_document.open.json
}
# tfxacct:ignore wildcard-trust-principal -- demo account, reviewed
resource "aws_iam_role" "from_file" {
  name               = "from_file"
  assume_role_policy = file("\${path.module}/trust.json")
}
resource "aws_iam_role" "not_suppressed" {
  name               = "not_suppressed"
  assume_role_policy = data.aws_iam_policy_document.open.json
}
`,
    });
    expect(f.map((x) => [x.address, x.file, x.suppressed])).toEqual([
      ['aws_iam_role.from_document', 'main.tf', true],
      ['aws_iam_role.not_suppressed', 'main.tf', false],
      ['aws_iam_role.from_file', 'trust.json', true],
    ]);
    expect(f[0].startLine).toBeLessThan(12);
    expect(warnings(notifications)).toEqual([]);
  });

  it('keep their reasons in the JSON output', async () => {
    const dir = tempTree({
      'main.tf': PROVIDER + star('x', '# tfxacct:ignore TFXA003 -- demo account, reviewed in SEC-9\n'),
      '.tfxacct.yml': 'ignore:\n  - rule: TFXA003\n    address: aws_iam_role.x\n    reason: also listed centrally\n',
    });
    const out = JSON.parse(toJson(await scan({ paths: [dir], root: dir, cwd: dir, only: ['TFXA003'] })));
    expect(out.findings[0].suppressions).toEqual([
      { kind: 'inSource', reason: 'demo account, reviewed in SEC-9', file: 'main.tf', line: 5 },
      { kind: 'external', reason: 'also listed centrally', file: '.tfxacct.yml' },
    ]);
  });
});

describe('directives and address patterns', () => {
  it('parses rule lists and reasons', () => {
    expect(parseDirective('# tfxacct:ignore TFXA001 -- reason here')).toEqual({ rules: ['TFXA001'], reason: 'reason here' });
    expect(parseDirective('// tfxacct:ignore TFXA001, TFXA002 -- a -- b')).toEqual({ rules: ['TFXA001', 'TFXA002'], reason: 'a -- b' });
    expect(parseDirective('# tfxacct:ignore TFXA003')).toEqual({ rules: ['TFXA003'], reason: '' });
    expect(parseDirective('# just a comment')).toBeUndefined();
  });

  it('matches instances, prefixes and exact addresses', () => {
    expect(addressMatches('aws_iam_role.x', 'aws_iam_role.x["a"]')).toBe(true);
    expect(addressMatches('aws_iam_role.x', 'aws_iam_role.x[0]')).toBe(true);
    expect(addressMatches('aws_iam_role.x', 'aws_iam_role.xy')).toBe(false);
    expect(addressMatches('module.legacy.*', 'module.legacy.aws_iam_role.r')).toBe(true);
    expect(addressMatches('module.a.aws_iam_role.r', 'module.a["k"].aws_iam_role.r')).toBe(true);
    expect(addressMatches('module.a["k"].aws_iam_role.r', 'module.a["j"].aws_iam_role.r')).toBe(false);
  });
});

describe('rule failures', () => {
  it('become a notification and the other rules still run', async () => {
    const diags = new Diagnostics();
    const broken = { ...RULES[0], id: 'TFXA999', check: () => { throw new Error('boom'); } };
    const ran: string[] = [];
    const probe = { ...RULES[1], id: 'TFXA998', check: () => { ran.push('probe'); } };
    const out = runRules(new Graph([]), [broken, probe], new Suppressions([], [], undefined, diags, RULE_IDS), diags);
    expect(out.findings).toEqual([]);
    expect(ran).toEqual(['probe']);
    expect(diags.list()).toEqual([expect.objectContaining({ level: 'error', kind: 'rule-failure', message: 'rule TFXA999 failed and was skipped: boom' })]);
  });
});
