/**
 * Rule documentation (rules/<ID>-<slug>/README.md), read where the package or the bundle keeps it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta } from '../engine/rule';

const cache = new Map<string, string>();

function candidates(folder: string): string[] {
  const out = [path.join(__dirname, 'rules', folder, 'README.md')];
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    dir = path.dirname(dir);
    out.push(path.join(dir, 'rules', folder, 'README.md'));
  }
  return out;
}

/** The rule's markdown documentation (a short fallback when the file is not shipped). */
export function ruleDoc(rule: Pick<RuleMeta, 'id' | 'slug' | 'shortDescription'>): string {
  const folder = `${rule.id}-${rule.slug}`;
  const memo = cache.get(folder);
  if (memo !== undefined) return memo;
  const found = candidates(folder).find((c) => fs.existsSync(c));
  const text = found ? fs.readFileSync(found, 'utf8') : `# ${rule.id} ${rule.slug}\n\n${rule.shortDescription}.\n`;
  cache.set(folder, text);
  return text;
}

/** First paragraph of the "What it finds" section, used as the full description. */
export function ruleSummary(rule: Pick<RuleMeta, 'id' | 'slug' | 'shortDescription'>): string {
  const doc = ruleDoc(rule);
  const m = /##\s+What it finds\s*\n+([\s\S]*?)(\n\n|\n##|$)/.exec(doc);
  return (m ? m[1] : rule.shortDescription).replace(/\s+/g, ' ').trim();
}

/** The markdown as plain text (for SARIF help.text). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n/g, '')
    .replace(/```/g, '')
    .replace(/^#+\s*/gm, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .trim();
}
