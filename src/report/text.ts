/**
 * Readable output for terminals: findings grouped by file, notifications, a summary line; and the
 * compact form, one finding per line, for editors, problem matchers and reviewdog.
 */
import type { Notification } from '../diagnostics';
import type { Finding } from '../engine/finding';
import type { ScanResult } from '../scan';
import { printable } from './escape';

export interface TextOptions {
  color: boolean;
}

const codes = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;

function paint(on: boolean) {
  return (c: keyof typeof codes, s: string) => (on ? `\u001b[${codes[c]}m${s}\u001b[0m` : s);
}

export function summaryLine(result: ScanResult): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const by = (l: string) => active.filter((f) => f.level === l).length;
  const suppressed = result.findings.length - active.length;
  const parts = [`${active.length} finding${active.length === 1 ? '' : 's'} (${by('error')} error, ${by('warning')} warning, ${by('note')} note)`];
  if (suppressed) parts.push(`${suppressed} suppressed`);
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  parts.push(`${n(result.stats.files, 'file')}, ${n(result.stats.resources, 'resource')}, ${result.stats.policies} ${result.stats.policies === 1 ? 'policy' : 'policies'} scanned in ${(result.stats.durationMs / 1000).toFixed(1)}s`);
  const gaps = coverageGaps(result);
  if (gaps) parts.push(gaps);
  return parts.join('; ');
}

/** What the scan could not analyse, in words; empty when it read everything. */
export function coverageGaps(result: ScanResult): string {
  const c = result.stats.coverage;
  const out: string[] = [];
  if (c.policies.partial || c.policies.unknown) out.push(`policies: ${c.policies.whole} read whole, ${c.policies.partial} partly known, ${c.policies.unknown} not analysed (unknown values; --report-unknown lists them)`);
  if (c.unmodelledResources) out.push(`${c.unmodelledResources} resource${c.unmodelledResources === 1 ? '' : 's'} of policy-bearing types not analysed yet`);
  if (c.modulesNotInstalled) out.push(`${c.modulesNotInstalled} module${c.modulesNotInstalled === 1 ? '' : 's'} not installed (run terraform init to scan them)`);
  return out.length ? `not everything was analysed: ${out.join(', ')}` : '';
}

export function toText(result: ScanResult, opts: TextOptions): string {
  const c = paint(opts.color);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const l = byFile.get(f.file) ?? [];
    l.push(f);
    byFile.set(f.file, l);
  }
  for (const [file, fs] of byFile) {
    lines.push(c('bold', printable(file)));
    for (const f of fs) {
      const lvl = f.level === 'error' ? c('red', 'error  ') : f.level === 'warning' ? c('yellow', 'warning') : c('cyan', 'note   ');
      const sup = f.suppressed ? c('gray', ' (suppressed: ' + printable(f.suppressions[0]?.justification || 'no reason') + ')') : '';
      const base = f.baselineState === 'unchanged' ? c('gray', ' (unchanged)') : '';
      lines.push(`  ${String(f.startLine).padStart(4)}:${String(f.startColumn).padEnd(3)} ${lvl} ${f.ruleId} ${c('gray', printable(f.address + rootsSuffix(f)))}${sup}${base}`);
      lines.push(`           ${printable(f.message)} ${c('gray', `(tfxacct explain ${f.ruleId})`)}`);
      if (f.witness) lines.push(`           ${c('gray', printable(f.witness.summary))}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}

/**
 * Which root modules reached a finding, when that is not plain from its file: module code used by
 * root modules elsewhere, or by several.
 */
function rootsSuffix(f: Finding): string {
  if (f.alsoIn.length > 0) return ` in ${[f.rootDir, ...f.alsoIn.map((a) => a.rootDir)].join(', ')}`;
  return f.rootDir !== '.' && !f.file.startsWith(f.rootDir + '/') ? ` in ${f.rootDir}` : '';
}

/**
 * `file:line:col: level ID message`, one line per finding that counts (not suppressed), for
 * editors, problem matchers and reviewdog's errorformat.
 */
export function toCompact(result: ScanResult): string {
  return result.findings
    .filter((f) => !f.suppressed)
    .map((f) => `${printable(f.file)}:${f.startLine}:${f.startColumn}: ${f.level} ${f.ruleId} ${printable(f.message)}\n`)
    .join('');
}

/** Tool notifications, one per line (the CLI writes them to stderr in text mode). */
export function notificationsText(notifications: Notification[], opts: TextOptions): string {
  const c = paint(opts.color);
  return notifications
    .map((n) => {
      const lvl = n.level === 'error' ? c('red', 'error') : n.level === 'warning' ? c('yellow', 'warning') : c('gray', 'note');
      const where = n.file && !n.message.startsWith(n.file) ? `${n.file}${n.startLine ? ':' + n.startLine : ''}: ` : '';
      return `tfxacct: ${lvl}: ${printable(where + n.message)}\n`;
    })
    .join('');
}
