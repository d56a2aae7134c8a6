/**
 * Linear work on hostile input: for each input shape, twice the input must take at most 2.5 times
 * as long (the best of three runs each, with a small floor for timer noise). Heavy: run when
 * TFXACCT_SLOW_TESTS=1 (CI sets it).
 */

import { parseConfig } from '../src/engine/config';
import { parseDirective } from '../src/engine/suppressions';
import { RULE_IDS } from '../rules';
import { scan } from '../src/scan';
import { tempTree } from './support/tmp';

const slow = process.env.TFXACCT_SLOW_TESTS === '1' ? it : it.skip;

// wall-clock ratios on a shared machine can be thrown by another process: a case that really is
// quadratic fails every attempt (4x at 2x input), one disturbed measurement does not fail the suite
jest.retryTimes(2);

/** Best of five wall-clock times of f() (after a warm-up run, so the JIT has compiled it). */
async function best(f: () => unknown): Promise<number> {
  await f();
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

async function expectLinear(make: (n: number) => () => unknown, n: number): Promise<void> {
  const small = await best(make(n));
  const large = await best(make(2 * n));
  // 2x the input within 2.5x the time (a 50 ms floor keeps timer noise out of small runs)
  expect(large).toBeLessThanOrEqual(2.5 * Math.max(small, 50));
}

function scanOf(files: Record<string, string>) {
  const dir = tempTree(files);
  return () => scan({ paths: [dir], root: dir, cwd: dir });
}

const statement = (i: number) => `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b${i}/*"}`;

describe('linear work (2x input within 2.5x time)', () => {
  slow('the suppression directive of a very long comment', async () => {
    await expectLinear((n) => () => parseDirective('# tfxacct:ignore ' + 'TFXA001 '.repeat(n) + '-- ' + ' '.repeat(n) + '*'), 1_000_000);
  }, 120_000);

  slow('runs of suppression comments', async () => {
    await expectLinear(
      (n) => scanOf({ 'main.tf': '# tfxacct:ignore TFXA003 -- reviewed\n'.repeat(n) + 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n' }),
      20_000,
    );
  }, 120_000);

  slow('positions and line hashes of many findings in one file() JSON policy', async () => {
    await expectLinear(
      (n) =>
        scanOf({
          'p.json': `{"Version":"2012-10-17","Statement":[\n${Array.from({ length: n }, (_, i) => statement(i)).join(',\n')}\n]}`,
          'main.tf': 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = file("${path.module}/p.json")\n}\n',
        }),
      3_000,
    );
  }, 120_000);

  slow('positions of many statements in a heredoc policy', async () => {
    await expectLinear(
      (n) => scanOf({ 'main.tf': `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOT\n{"Version":"2012-10-17","Statement":[\n${Array.from({ length: n }, (_, i) => statement(i)).join(',\n')}\n]}\nEOT\n}\n` }),
      5_000,
    );
  }, 120_000);

  slow('a heredoc policy with many unknown interpolations', async () => {
    await expectLinear(
      (n) =>
        scanOf({
          'main.tf': `variable "x" {}\nresource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOT\n{"Version":"2012-10-17","Statement":[\n${Array.from({ length: n }, () => '{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"${var.x}"}').join(',\n')}\n]}\nEOT\n}\n`,
        }),
      5_000,
    );
  }, 120_000);

  slow('many templates with interpolations', async () => {
    await expectLinear((n) => scanOf({ 'main.tf': `variable "x" {}\nlocals {\n${Array.from({ length: n }, (_, i) => `  l${i} = "a-\${var.x}-\${var.x}-b"`).join('\n')}\n}\nresource "terraform_data" "t" {\n  input = [${Array.from({ length: n }, (_, i) => `local.l${i}`).join(', ')}]\n}\n` }), 5_000);
  }, 120_000);

  slow('configuration parsing', async () => {
    const config = (n: number) => `organization:\n  id: o-abcd1234ef\n  accounts:\n${Array.from({ length: n }, (_, i) => `    "${String(100000000000 + i)}": { name: a${i} }`).join('\n')}\n`;
    await expectLinear((n) => () => parseConfig(config(n), '.tfxacct.yml', RULE_IDS), 10_000);
  }, 120_000);
});


