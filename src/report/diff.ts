/**
 * Reports of an access diff: text for terminals, JSON (`newAccess`, `removedAccess`, `findings`
 * new / unchanged / fixed), SARIF with `baselineState` on every result, and markdown for a
 * pull-request comment that stays within GitHub's 65,536 characters, most severe first.
 */
import type * as Sarif from 'sarif';
import type { AccessChange } from '../diff/access';
import type { DiffResult } from '../diff/run';
import { compareFindings, type Finding } from '../engine/finding';
import { scoreOf } from '../engine/fail-on';
import type { Rule } from '../engine/rule';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { markdownCode, markdownText, printable } from './escape';
import { findingJson, notificationJson } from './json';
import { buildSarif } from './sarif';
import { notificationsText } from './text';

/** GitHub's limit for a pull-request comment. */
export const MAX_COMMENT_CHARS = 65_536;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** One line: what changed in access and in findings. */
export function diffSummary(d: DiffResult): string {
  const active = (fs: Finding[]) => fs.filter((f) => !f.suppressed).length;
  return `${plural(d.newAccess.length, 'new access path')}, ${d.removedAccess.length} removed; ${plural(active(d.findings.new), 'new finding')}, ${active(d.findings.unchanged)} unchanged, ${d.findings.fixed.length} fixed`;
}

/** Most severe first, then by place. */
function bySeverity(a: Finding, b: Finding): number {
  return scoreOf(b) - scoreOf(a) || compareFindings(a, b);
}

/** A new-access entry's witness as JSON and SARIF carry it (`witness`, the root module as `rootModule`), or why it has none (`witnessOmitted`). */
function accessWitnessFields(c: AccessChange): { witness?: Record<string, unknown>; witnessOmitted?: string } {
  if (c.witness) {
    const { rootDir, ...w } = c.witness;
    return { witness: { ...w, ...(rootDir !== undefined ? { rootModule: rootDir } : {}) } };
  }
  return c.witnessOmitted !== undefined ? { witnessOmitted: c.witnessOmitted } : {};
}

/** The witness line of a new-access entry for text and markdown (nothing for removed access). */
function witnessLine(c: AccessChange): string | undefined {
  if (c.witness) return c.witness.summary;
  return c.witnessOmitted !== undefined ? `no example request: ${c.witnessOmitted}` : undefined;
}

function accessJson(c: AccessChange) {
  return {
    change: c.change,
    edge: c.edge,
    principal: c.principal,
    target: c.target,
    actions: c.actions,
    conditions: c.conditions,
    ...(c.was !== undefined ? { was: c.was } : {}),
    ...(c.weakened ? { weakened: c.weakened } : {}),
    message: c.message,
    holder: c.holder,
    rootDir: c.rootDir,
    file: c.file,
    startLine: c.startLine,
    startColumn: c.startColumn,
    endLine: c.endLine,
    endColumn: c.endColumn,
    ...accessWitnessFields(c),
  };
}

/** A finding with the suppressions that hide it (a new suppression is listed for review). */
function suppressedJson(f: Finding) {
  return {
    ...findingJson(f),
    suppressions: f.suppressions.map((s) => ({ kind: s.kind, justification: s.justification, ...(s.file ? { file: s.file } : {}), ...(s.line ? { line: s.line } : {}), ...(s.status ? { status: s.status } : {}) })),
  };
}

export function diffToJson(d: DiffResult): string {
  const out = {
    version: '1',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    base: { label: d.base.label },
    head: { label: d.head.label },
    trust: d.trust,
    newAccess: d.newAccess.map(accessJson),
    removedAccess: d.removedAccess.map(accessJson),
    brokenPaths: d.brokenPaths.map(findingJson),
    newSuppressions: d.newSuppressions.map(suppressedJson),
    findings: {
      new: d.findings.new.map(findingJson),
      unchanged: d.findings.unchanged.map(findingJson),
      fixed: d.findings.fixed.map(findingJson),
    },
    notifications: [...d.head.result.notifications, ...d.notifications].map(notificationJson),
    stats: { head: d.head.result.stats, base: d.base.result.stats },
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/**
 * SARIF of the head's findings, each with its baselineState. With `absent`, the base's fixed
 * findings are results too (baselineState "absent", at their place in the base): fit for review
 * tools, not for code scanning, which would open an alert for each.
 */
export function buildDiffSarif(d: DiffResult, opts: { absent: boolean; category?: string }): Sarif.Log {
  const rules = new Map<string, Rule>();
  for (const r of [...d.base.result.rules, ...d.head.result.rules]) rules.set(r.id, r);
  const findings = [...d.findings.new, ...d.findings.unchanged, ...(opts.absent ? d.findings.fixed : [])].sort(compareFindings);
  const log = buildSarif({ ...d.head.result, findings, rules: [...rules.values()], notifications: [...d.head.result.notifications, ...d.notifications] }, opts.category ? { category: opts.category } : {});
  const run = log.runs[0];
  run.properties = {
    ...run.properties,
    base: d.base.label,
    newAccess: d.newAccess.map(accessJson),
    removedAccess: d.removedAccess.map(accessJson),
  };
  return log;
}

export function diffToSarif(d: DiffResult, opts: { absent: boolean; category?: string }): string {
  return JSON.stringify(buildDiffSarif(d, opts), null, 2) + '\n';
}

const codes = { red: 31, yellow: 33, green: 32, cyan: 36, gray: 90, bold: 1 } as const;
const paint = (on: boolean) => (c: keyof typeof codes, s: string) => (on ? `\u001b[${codes[c]}m${s}\u001b[0m` : s);

const at = (x: { file: string; startLine: number; startColumn: number }) => `${x.file}:${x.startLine}:${x.startColumn}`;

export function diffToText(d: DiffResult, opts: { color: boolean }): string {
  const c = paint(opts.color);
  const lines: string[] = [c('bold', `tfxacct diff: ${printable(d.base.label)} -> ${printable(d.head.label)}`), ''];
  const access = (title: string, list: AccessChange[], mark: string, colour: keyof typeof codes) => {
    if (list.length === 0) return;
    lines.push(c('bold', `${title} (${list.length})`));
    for (const a of list) {
      lines.push(`  ${c(colour, mark)} ${printable(a.message)}`, `      ${c('gray', printable(at(a)))}`);
      const w = witnessLine(a);
      if (w) lines.push(`      ${c('gray', printable(w))}`);
    }
    lines.push('');
  };
  const findings = (title: string, list: Finding[]) => {
    if (list.length === 0) return;
    lines.push(c('bold', `${title} (${list.length})`));
    for (const f of list) {
      const lvl = f.level === 'error' ? c('red', 'error  ') : f.level === 'warning' ? c('yellow', 'warning') : c('cyan', 'note   ');
      const sup = f.suppressed ? c('gray', ` (suppressed: ${printable(f.suppressions[0]?.justification || 'no reason')})`) : '';
      lines.push(`  ${printable(at(f))} ${lvl} ${f.ruleId} ${c('gray', printable(f.address))}${sup}`, `      ${printable(f.message)}`);
    }
    lines.push('');
  };
  access('New access', d.newAccess, '+', 'red');
  findings('Access paths that now fail', d.brokenPaths);
  findings('New findings', [...d.findings.new].sort(bySeverity));
  if (d.newSuppressions.length > 0) {
    lines.push(c('bold', `New suppressions to review (${d.newSuppressions.length})`));
    for (const f of d.newSuppressions) {
      const s = f.suppressions[0];
      const where = s?.file ? ` at ${s.file}${s.line ? `:${s.line}` : ''}` : '';
      lines.push(`  ${printable(at(f))} ${f.ruleId} ${c('gray', printable(f.address))}`, `      suppressed${printable(where)}: ${printable(s?.justification || 'no reason given')}${d.trust === 'base' ? ' (still counts toward --fail-on)' : ''}`);
    }
    lines.push('');
  }
  access('Removed access', d.removedAccess, '-', 'green');
  findings('Fixed findings', d.findings.fixed);
  if (d.newAccess.length === 0 && d.removedAccess.length === 0 && d.findings.new.length === 0 && d.findings.fixed.length === 0) lines.push('No change in access and no new or fixed findings.', '');
  lines.push(diffSummary(d));
  return lines.join('\n') + '\n';
}

/** Tool notifications of both sides for stderr. */
export function diffNotificationsText(d: DiffResult, opts: { color: boolean; quiet?: boolean }): string {
  const all = [...d.head.result.notifications, ...d.notifications];
  return notificationsText(opts.quiet ? all.filter((n) => n.level !== 'note') : all, opts);
}

export interface DiffMarkdownOptions {
  /** Base URL of file links, e.g. https://github.com/o/r/blob/<sha>/ (none: plain paths). */
  linkBase?: string;
  /** Most characters (default and at most GitHub's comment limit). */
  maxChars?: number;
  /** New access and new findings are sections even when empty ("None."), and coverage follows them (the Action's job summary). */
  fixedLead?: boolean;
}

/** What the head's scan read, and what it could not analyse. */
export function coverageMarkdown(d: DiffResult): string[] {
  const s = d.head.result.stats;
  const c = s.coverage;
  const n = (k: number, word: string, many = `${word}s`) => `${k} ${k === 1 ? word : many}`;
  const lines = [`${n(s.files, 'file')}, ${n(s.resources, 'resource')} and ${n(s.policies, 'policy', 'policies')} read in the head.`];
  const gaps: string[] = [];
  if (c.policies.partial || c.policies.unknown) gaps.push(`policies: ${c.policies.whole} read whole, ${c.policies.partial} partly known, ${c.policies.unknown} not analysed (unknown values)`);
  if (c.unmodelledResources) gaps.push(`${n(c.unmodelledResources, 'resource')} of policy-bearing types not analysed yet`);
  if (c.modulesNotInstalled) gaps.push(`${n(c.modulesNotInstalled, 'module')} not installed (run \`terraform init -backend=false\` before the scan)`);
  lines.push(gaps.length > 0 ? `Not everything was analysed: ${gaps.join('; ')}.` : 'Every policy was read whole.');
  return lines;
}

/** Markdown for a pull-request comment: new access and new findings first, within the size limit. */
export function diffToMarkdown(d: DiffResult, opts: DiffMarkdownOptions = {}): string {
  const max = Math.min(opts.maxChars ?? MAX_COMMENT_CHARS, MAX_COMMENT_CHARS);
  const link = (x: { file: string; startLine: number }) => {
    const loc = `${x.file}:${x.startLine}`;
    return opts.linkBase ? `[${markdownText(loc)}](${opts.linkBase}${x.file.split('/').map(encodeURIComponent).join('/')}#L${x.startLine})` : markdownCode(loc);
  };
  const head: string[] = ['## tfxacct: access diff', '', `Compared ${markdownCode(d.base.label, false)} with ${markdownCode(d.head.label, false)}: ${markdownText(diffSummary(d))}.`, ''];
  const accessRow = (a: AccessChange) => {
    const w = witnessLine(a);
    return `| ${a.change} | ${markdownText(a.message)}${w ? `<br>${markdownText(w)}` : ''} | ${link(a)} |`;
  };
  const findingRow = (f: Finding) => `| ${f.level} | ${f.ruleId} | ${markdownCode(f.address)} | ${link(f)} | ${markdownText(f.message)}${f.suppressed ? ' (suppressed)' : ''} |`;
  const sections: { title: string; header: string[]; rows: string[]; share: number; always?: boolean; text?: string[] }[] = [
    { title: '### New access', header: ['| Change | Access | Statement |', '| --- | --- | --- |'], rows: d.newAccess.map(accessRow), share: 0.5, always: opts.fixedLead },
    { title: '### New findings', header: ['| Level | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |'], rows: [...d.findings.new].sort(bySeverity).map(findingRow), share: 0.8, always: opts.fixedLead },
    ...(opts.fixedLead ? [{ title: '### Coverage', header: [], rows: [], share: 1, always: true, text: coverageMarkdown(d).map(markdownText) }] : []),
    { title: '### Access paths that now fail', header: ['| Level | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |'], rows: [...d.brokenPaths].sort(bySeverity).map(findingRow), share: 0.5 },
    {
      title: '### New suppressions to review',
      header: ['| Rule | Resource | Location | Suppressed at | Reason |', '| --- | --- | --- | --- | --- |'],
      rows: d.newSuppressions.map((f) => {
        const s = f.suppressions[0];
        return `| ${f.ruleId} | ${markdownCode(f.address)} | ${link(f)} | ${s?.file ? markdownCode(`${s.file}${s.line ? `:${s.line}` : ''}`) : ''} | ${markdownText(s?.justification || 'no reason given')} |`;
      }),
      share: 0.5,
    },
    { title: '### Removed access', header: ['| Change | Access | Statement (base) |', '| --- | --- | --- |'], rows: d.removedAccess.map(accessRow), share: 0.5 },
    { title: '### Fixed findings', header: ['| Level | Rule | Resource | Location (base) | Message |', '| --- | --- | --- | --- | --- |'], rows: [...d.findings.fixed].sort(bySeverity).map(findingRow), share: 1 },
  ];
  // room for the closing line that says what was left out
  const reserve = 600;
  const out = [...head];
  let size = out.join('\n').length;
  const omitted: string[] = [];
  for (const s of sections) {
    if (s.rows.length === 0) {
      if (s.always) {
        const block = [s.title, '', ...(s.text ?? ['None.']), ''];
        out.push(...block);
        size += block.join('\n').length + 1;
      }
      continue;
    }
    const block = [s.title, '', ...s.header];
    const blockSize = block.join('\n').length + 2;
    const quota = Math.floor((max - reserve - size) * s.share);
    let used = blockSize;
    let shown = 0;
    for (const row of s.rows) {
      if (used + row.length + 1 > quota) break;
      used += row.length + 1;
      shown++;
    }
    if (shown > 0) {
      out.push(...block, ...s.rows.slice(0, shown), '');
      size += used;
    }
    if (shown < s.rows.length) omitted.push(`${s.rows.length - shown} ${s.title.replace(/^### /, '').toLowerCase()}`);
  }
  if (d.newAccess.length === 0 && d.findings.new.length === 0 && !opts.fixedLead) out.push('No new access and no new findings.', '');
  if (omitted.length > 0) out.push(`_Not shown (size limit): ${omitted.join(', ')}. The JSON or SARIF report has everything._`, '');
  const notes = [...d.head.result.notifications, ...d.notifications].filter((n) => n.level !== 'note');
  if (notes.length > 0) {
    const lines = ['<details><summary>Notifications</summary>', ''];
    let room = max - out.join('\n').length - 200;
    let shown = 0;
    for (const n of notes) {
      const line = `- ${n.level}: ${markdownText(n.message)}`;
      if (shown >= 50 || line.length + 1 > room) break;
      lines.push(line);
      room -= line.length + 1;
      shown++;
    }
    if (shown < notes.length) lines.push(`- … and ${notes.length - shown} more`);
    lines.push('', '</details>');
    out.push(...lines);
  }
  let text = out.join('\n') + '\n';
  if (text.length > max) text = text.slice(0, max - 1) + '\n';
  return text;
}

export type DiffFormat = 'text' | 'json' | 'sarif' | 'markdown';

export function renderDiff(d: DiffResult, format: DiffFormat, opts: { color: boolean; absent: boolean; category?: string }): string {
  switch (format) {
    case 'json':
      return diffToJson(d);
    case 'sarif':
      return diffToSarif(d, { absent: opts.absent, ...(opts.category ? { category: opts.category } : {}) });
    case 'markdown':
      return diffToMarkdown(d);
    case 'text':
      return diffToText(d, { color: opts.color });
  }
}
