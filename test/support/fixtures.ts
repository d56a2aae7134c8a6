/**
 * The fixture harness: `# expect: TFXA001, TFXA002` above a line says which findings start on
 * the next non-comment line; `# expect+N: ID` says N lines below the comment (for heredoc JSON,
 * where comments cannot go); `# expect-at: templates/x.tpl:7 ID` says a finding starts on line 7 of
 * another file, relative to the fixture (a templatefile() or file() policy). Checked in both
 * directions: a missing finding and an unexpected finding both fail.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scan, type ScanOptions, type ScanResult } from '../../src/scan';

export const REPO = path.resolve(__dirname, '..', '..');
export const TESTDATA = path.join(REPO, 'testdata');

const EXPECT = /^\s*(?:#|\/\/)\s*expect(?:\+(\d+))?:\s*(.+?)\s*$/;

/** `line:ruleId` strings a fixture file announces. */
export function expectations(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  const isComment = (l: string) => /^\s*(#|\/\/)/.test(l);
  lines.forEach((l, i) => {
    const m = EXPECT.exec(l);
    if (!m) return;
    let target: number;
    if (m[1]) target = i + 1 + Number(m[1]);
    else {
      let j = i + 1;
      while (j < lines.length && isComment(lines[j])) j++;
      target = j + 1;
    }
    for (const id of m[2].split(/[\s,]+/).filter(Boolean)) out.push(`${target}:${id}`);
  });
  return out.sort();
}

const EXPECT_AT = /^\s*(?:#|\/\/)\s*expect-at:\s*(\S+):(\d+)\s+(.+?)\s*$/;

/** `file:line:ruleId` strings a fixture announces for other files (paths relative to the repository). */
export function expectationsElsewhere(text: string, relFile: string): string[] {
  const dir = path.posix.dirname(relFile);
  const out: string[] = [];
  for (const l of text.split('\n')) {
    const m = EXPECT_AT.exec(l);
    if (!m) continue;
    for (const id of m[3].split(/[\s,]+/).filter(Boolean)) out.push(`${path.posix.join(dir, m[1])}:${m[2]}:${id}`);
  }
  return out.sort();
}

/** `file:line:ruleId` of the unsuppressed findings outside the fixture file itself. */
export function actualElsewhere(result: ScanResult, relFile: string): string[] {
  return result.findings.filter((f) => f.file !== relFile && !f.suppressed).map((f) => `${f.file}:${f.startLine}:${f.ruleId}`).sort();
}

export async function scanFixture(file: string, extra: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return scan({ paths: [file], root: REPO, cwd: REPO, ...extra });
}

/** `line:ruleId` of the unsuppressed findings in one file. */
export function actual(result: ScanResult, relFile: string): string[] {
  return result.findings.filter((f) => f.file === relFile && !f.suppressed).map((f) => `${f.startLine}:${f.ruleId}`).sort();
}

export function listFixtures(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.tf')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
