/**
 * Whole scans of mutated testdata files and random policy shapes, each beside an intact file
 * whose finding must survive: no crash, no hang, no lost finding. TFXACCT_FUZZ_RUNS sets the
 * number of runs (.ci/run raises it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { scan } from '../src/scan';
import { TESTDATA, listFixtures } from './support/fixtures';
import { mutated } from './support/mutate';
import { tempTree } from './support/tmp';

const RUNS = Number(process.env.TFXACCT_FUZZ_RUNS ?? 25);
const SENTINEL = 'resource "aws_iam_role" "sentinel" {\n  name = "sentinel"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n';
const FILES = [...listFixtures(path.join(TESTDATA, 'rules')), ...listFixtures(path.join(TESTDATA, 'partial'))].map((f) => fs.readFileSync(f, 'utf8'));

async function scanBeside(text: string): Promise<void> {
  const dir = tempTree({ 'mutated.tf': text, 'sentinel.tf': SENTINEL });
  try {
    const t0 = Date.now();
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(result.findings.some((f) => f.address === 'aws_iam_role.sentinel' && f.ruleId === 'TFXA003' && f.file === 'sentinel.tf')).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Policy-like JSON: known keys with random values, random keys, nesting. */
const policyShape = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('*', 'Allow', 'Deny', 'allow', 'sts:AssumeRole', 's3:*', 'arn:aws:iam::111111111111:root', 'arn:aws:s3:::b/*', 'aws:PrincipalOrgID', '${'),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'Condition', 'AWS', 'Service', 'StringEquals', 'StringLike', 'Statement', 'Sid', 'x'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('fuzzed scans keep the intact file\'s finding', () => {
  it('mutated testdata files', async () => {
    await fc.assert(fc.asyncProperty(mutated(FILES), scanBeside), { numRuns: RUNS });
  }, 600_000);

  it('random policy shapes as heredoc and jsonencode() policies', async () => {
    await fc.assert(
      fc.asyncProperty(policyShape, async (doc) => {
        const json = JSON.stringify({ Version: '2012-10-17', Statement: doc });
        const heredoc = `resource "aws_iam_role" "h" {\n  name = "h"\n  assume_role_policy = <<EOT\n${json.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}\nEOT\n}\n`;
        const encoded = `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsondecode(${JSON.stringify(json).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}) == null ? "" : jsonencode(jsondecode(${JSON.stringify(json).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}))\n}\n`;
        await scanBeside(heredoc + encoded);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
