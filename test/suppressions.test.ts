import { RULES } from '../rules';
import { Diagnostics } from '../src/diagnostics';
import { runRules } from '../src/engine/runner';
import { Suppressions, addressMatches, parseDirective } from '../src/engine/suppressions';
import { Graph } from '../src/graph/graph';
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
    const out = runRules(new Graph([]), [broken, probe], new Suppressions([], [], undefined, diags), diags);
    expect(out.findings).toEqual([]);
    expect(ran).toEqual(['probe']);
    expect(diags.list()).toEqual([expect.objectContaining({ level: 'error', kind: 'rule-failure', message: 'rule TFXA999 failed and was skipped: boom' })]);
  });
});
