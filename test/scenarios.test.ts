import * as fs from 'node:fs';
import * as path from 'node:path';
import { scan } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';

const PROJECTS = path.join(TESTDATA, 'projects');

/** Multi-file scenarios: expected.json maps root module folder -> address -> rule ids, checked both ways. */
describe('multi-file scenarios', () => {
  const projects = fs.readdirSync(PROJECTS).filter((p) => fs.existsSync(path.join(PROJECTS, p, 'expected.json')));

  it('exist', () => expect(projects.length).toBeGreaterThan(0));

  for (const name of projects) {
    it(name, async () => {
      const dir = path.join(PROJECTS, name);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Record<string, string[]>>;
      const result = await scan({ paths: [dir], root: REPO, cwd: REPO });
      expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
      const prefix = path.relative(REPO, dir).split(path.sep).join('/') + '/';
      const got: Record<string, Record<string, string[]>> = {};
      for (const f of result.findings.filter((x) => !x.suppressed)) {
        const root = f.rootDir + '/' === prefix ? '.' : f.rootDir.startsWith(prefix) ? f.rootDir.slice(prefix.length) : f.rootDir;
        got[root] ??= {};
        got[root][f.address] = [...(got[root][f.address] ?? []), f.ruleId].sort();
      }
      expect(got).toEqual(expected);
    });
  }
});
