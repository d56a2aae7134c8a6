import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules';
import { rulesListing } from '../src/cli/main';
import { ruleDoc } from '../src/report/rule-docs';
import { scan } from '../src/scan';
import { REPO } from './support/fixtures';
import { tempTree } from './support/tmp';

const RULES_DIR = path.join(REPO, 'rules');

/** The ```hcl blocks of one `## Section` of a rule doc, with the ```yaml configuration shown there. */
function examples(doc: string, section: string): { hcl: string; config?: string }[] {
  const m = new RegExp(`^## ${section}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(doc);
  if (!m) return [];
  const config = /```yaml\n([\s\S]*?)```/.exec(m[1])?.[1];
  return [...m[1].matchAll(/```hcl\n([\s\S]*?)```/g)].map((x) => ({ hcl: x[1], ...(config ? { config } : {}) }));
}

async function findingsOf({ hcl, config }: { hcl: string; config?: string }) {
  const dir = tempTree({ 'main.tf': hcl, ...(config ? { '.tfxacct.yml': config } : {}) });
  const result = await scan({ paths: [dir], root: dir, cwd: dir });
  expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
  return result.findings.map((f) => f.ruleId);
}

describe('rule catalog', () => {
  it('has unique ids and slugs, each in a folder named ID-slug', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(RULES.map((r) => r.slug)).size).toBe(RULES.length);
    const folders = fs.readdirSync(RULES_DIR).filter((f) => fs.statSync(path.join(RULES_DIR, f)).isDirectory());
    expect(folders.sort()).toEqual(RULES.map((r) => `${r.id}-${r.slug}`).sort());
  });

  it.each(RULES.map((r) => [r.id, r]))('%s has well-formed metadata', (_id, rule) => {
    expect(rule.id).toMatch(/^TFXA\d{3}$/);
    expect(rule.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.shortDescription.length).toBeGreaterThan(20);
    if (rule.category === 'security') expect(rule.securitySeverity).toBeGreaterThan(0);
    else expect(rule.securitySeverity).toBeUndefined();
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
  });
});

describe('rule docs', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      const doc = ruleDoc(rule);

      it('has the required sections and matches the metadata', () => {
        expect(doc.startsWith(`# ${rule.id} ${rule.slug}\n`)).toBe(true);
        for (const s of ['What it finds', 'Why it matters', 'Bad example', 'Good example', 'Unknown values', 'References']) {
          expect(doc).toMatch(new RegExp(`^## ${s}$`, 'm'));
        }
        expect(doc).toContain(`**Level:** ${rule.level}`);
        if (rule.securitySeverity !== undefined) expect(doc).toContain(`**security-severity:** ${rule.securitySeverity.toFixed(1)}`);
      });

      it('bad examples are found', async () => {
        const bad = examples(doc, 'Bad example');
        expect(bad.length).toBeGreaterThan(0);
        for (const hcl of bad) expect(await findingsOf(hcl)).toContain(rule.id);
      });

      it('good examples are clean', async () => {
        const good = examples(doc, 'Good example');
        expect(good.length).toBeGreaterThan(0);
        for (const hcl of good) expect(await findingsOf(hcl)).toEqual([]);
      });
    });
  }
});

describe('README', () => {
  it('lists the catalog as `tfxacct rules --format markdown` prints it', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(rulesListing('markdown'));
  });
});
