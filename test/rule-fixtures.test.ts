import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules';
import { TESTDATA, actual, actualElsewhere, expectations, expectationsElsewhere, listFixtures, scanFixture, REPO } from './support/fixtures';

const RULE_DIR = path.join(TESTDATA, 'rules');
/** Fixtures of how Terraform values are read (partial evaluation, functions, instances), checked like rule fixtures. */
const READING_DIR = path.join(TESTDATA, 'partial');

describe('rule fixtures (# expect: annotations, both directions)', () => {
  for (const file of [...listFixtures(RULE_DIR), ...listFixtures(READING_DIR)]) {
    const rel = path.relative(REPO, file).split(path.sep).join('/');
    it(rel, async () => {
      const result = await scanFixture(file);
      const errors = result.notifications.filter((n) => n.level === 'error');
      expect(errors).toEqual([]);
      const text = fs.readFileSync(file, 'utf8');
      expect(actual(result, rel)).toEqual(expectations(text));
      expect(actualElsewhere(result, rel)).toEqual(expectationsElsewhere(text, rel));
    });
  }
});

describe('every rule has positive, negative and unknown-value fixtures', () => {
  for (const rule of RULES) {
    it(rule.id, () => {
      const dir = path.join(RULE_DIR, rule.id);
      for (const kind of ['positive.tf', 'negative.tf', 'unknowns.tf']) expect(fs.existsSync(path.join(dir, kind))).toBe(true);
      const pos = expectations(fs.readFileSync(path.join(dir, 'positive.tf'), 'utf8'));
      expect(pos.some((e) => e.endsWith(':' + rule.id))).toBe(true);
      const neg = expectations(fs.readFileSync(path.join(dir, 'negative.tf'), 'utf8'));
      expect(neg.some((e) => e.endsWith(':' + rule.id))).toBe(false);
    });
  }
});
