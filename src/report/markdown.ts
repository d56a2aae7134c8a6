/** Markdown for a pull-request comment or a job summary: a table of findings with links to lines and rule docs. */
import { helpUri } from '../engine/rule';
import type { ScanResult } from '../scan';
import { markdownCode, markdownText } from './escape';
import { coverageGaps, summaryLine } from './text';

export interface MarkdownOptions {
  /** Base URL of file links, e.g. https://github.com/o/r/blob/<sha>/ (none: plain paths). */
  linkBase?: string;
  /** Stop adding rows past this many characters (GitHub's job summary holds 1 MiB). */
  maxChars?: number;
}

/** A rule id linked to its documentation (ids and slugs are the catalog's own, never scanned text). */
function ruleLink(id: string, slug: string, text: string): string {
  return `[${text}](${helpUri({ id, slug })})`;
}

export function toMarkdown(result: ScanResult, opts: MarkdownOptions = {}): string {
  const max = opts.maxChars ?? 900_000;
  const active = result.findings.filter((f) => !f.suppressed);
  const out: string[] = ['## tfxacct: cross-account access findings', '', markdownText(summaryLine(result)), ''];
  if (active.length === 0) {
    // "no findings" never stands alone when part of the input was not analysed
    out.push(coverageGaps(result) ? 'No cross-account access problems found in what could be analysed; the line above says what was not.' : 'No cross-account access problems found.');
  } else {
    const byRule = new Map<string, number>();
    for (const f of active) byRule.set(`${f.ruleId}|${f.slug}|${f.level}`, (byRule.get(`${f.ruleId}|${f.slug}|${f.level}`) ?? 0) + 1);
    out.push('| Rule | Level | Findings |', '| --- | --- | ---: |');
    for (const [k, n] of [...byRule].sort()) {
      const [id, slug, level] = k.split('|');
      out.push(`| ${ruleLink(id, slug, `${id} ${slug}`)} | ${level} | ${n} |`);
    }
    out.push('', '| Level | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |');
    let size = out.join('\n').length;
    let shown = 0;
    for (const f of active) {
      const loc = `${f.file}:${f.startLine}`;
      const link = opts.linkBase ? `[${markdownText(loc)}](${opts.linkBase}${f.file.split('/').map(encodeURIComponent).join('/')}#L${f.startLine})` : markdownCode(loc);
      const witness = f.witness ? `<br>${markdownText(f.witness.summary)}` : '';
      const row = `| ${f.level} | ${ruleLink(f.ruleId, f.slug, f.ruleId)} | ${markdownCode(f.address)} | ${link} | ${markdownText(f.message)}${witness} |`;
      if (size + row.length > max) break;
      out.push(row);
      size += row.length + 1;
      shown++;
    }
    if (shown < active.length) out.push('', `_${active.length - shown} more findings not shown (size limit); see the SARIF or JSON report._`);
  }
  const errors = result.notifications.filter((n) => n.level !== 'note');
  if (errors.length > 0) {
    out.push('', '<details><summary>Notifications</summary>', '');
    for (const n of errors.slice(0, 50)) out.push(`- ${n.level}: ${markdownText(n.message)}`);
    if (errors.length > 50) out.push(`- … and ${errors.length - 50} more`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
