/**
 * Suppressions: `# tfxacct:ignore TFXA001 -- reason` on the line above a block, attribute or
 * statement covers findings inside it; config `ignore` entries match a rule and an address.
 * Suppressed findings are kept (SARIF `suppressions[]`), they only stop counting.
 */
import type { Diagnostics } from '../diagnostics';
import type { Body, Comment, Expr, ParsedFile, Range } from '../hcl/ast';
import type { Finding } from './finding';
import { appendTo } from '../collections';

export interface IgnoreEntry {
  rule: string;
  address?: string;
  file?: string;
  reason: string;
}

interface InlineSuppression {
  rules: Set<string>;
  reason: string;
  file: string;
  line: number;
  /** Ranges the suppression covers. */
  covers: Range[];
}

const MARKER = 'tfxacct:ignore';

/** The text after `tfxacct:ignore` in a comment, or undefined; linear in the comment's length. */
function directiveText(comment: string): string | undefined {
  let t = comment.trim();
  if (t.startsWith('#')) t = t.slice(1);
  else if (t.startsWith('//') || t.startsWith('/*')) t = t.slice(2);
  else return undefined;
  t = t.trimStart();
  if (!t.startsWith(MARKER)) return undefined;
  t = t.slice(MARKER.length);
  if (t !== '' && /[\w]/.test(t[0])) return undefined; // tfxacct:ignored is not the directive
  if (t.endsWith('*/')) t = t.slice(0, -2);
  // a block comment ends at its first "*/": what follows is not part of the directive
  const close = t.indexOf('*/');
  if (close !== -1) t = t.slice(0, close);
  return t.trim();
}

/** Syntax elements a suppression comment can sit above. */
function anchors(body: Body, out: Range[]): void {
  for (const a of body.attributes) {
    out.push(a.range);
    exprAnchors(a.expr, out, 0);
  }
  for (const b of body.blocks) {
    out.push(b.range);
    anchors(b.body, out);
  }
}

function exprAnchors(e: Expr, out: Range[], depth: number): void {
  if (depth > 100) return;
  switch (e.kind) {
    case 'tuple':
      for (const i of e.items) {
        out.push(i.range);
        exprAnchors(i, out, depth + 1);
      }
      break;
    case 'object':
      for (const i of e.items) {
        out.push({ ...i.key.range, end: i.value.range.end });
        exprAnchors(i.value, out, depth + 1);
      }
      break;
    case 'call':
      for (const a of e.args) exprAnchors(a, out, depth + 1);
      break;
    case 'conditional':
      exprAnchors(e.then, out, depth + 1);
      exprAnchors(e.else, out, depth + 1);
      break;
    case 'paren':
      exprAnchors(e.inner, out, depth + 1);
      break;
    case 'template':
      // heredoc JSON: a comment cannot sit inside; the attribute above covers it
      break;
  }
}

export function parseDirective(text: string): { rules: string[]; reason: string } | undefined {
  const body = directiveText(text);
  if (body === undefined) return undefined;
  const [ids, ...reasonParts] = body.split(/\s--\s?|^--\s?/);
  const reason = reasonParts.join(' -- ').trim();
  const rules = ids
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { rules, reason };
}

export class Suppressions {
  /** Inline suppressions by file. */
  private readonly inline = new Map<string, InlineSuppression[]>();

  constructor(
    files: ParsedFile[],
    private readonly ignores: IgnoreEntry[],
    private readonly configFile: string | undefined,
    diags: Diagnostics,
  ) {
    for (const f of files) this.readFile(f, diags);
  }

  private readFile(f: ParsedFile, diags: Diagnostics): void {
    const directives = f.comments
      .map((c) => ({ c, d: parseDirective(c.text) }))
      .filter((x): x is { c: Comment; d: { rules: string[]; reason: string } } => x.d !== undefined);
    if (directives.length === 0) return;
    const all: Range[] = [];
    anchors(f.body, all);
    // anchors by start line, and for each comment line the next line that is not a comment
    // (computed once, so runs of comments stay linear)
    const byLine = new Map<number, Range[]>();
    for (const r of all) {
      const l = byLine.get(r.start.line);
      if (l) l.push(r);
      else byLine.set(r.start.line, [r]);
    }
    const commentLines = new Set(f.comments.map((c) => c.range.start.line));
    const nextCode = new Map<number, number>();
    const after = (line: number): number => {
      let l = line;
      const seen: number[] = [];
      while (commentLines.has(l) && !nextCode.has(l)) {
        seen.push(l);
        l++;
      }
      const target = commentLines.has(l) ? nextCode.get(l)! : l;
      for (const x of seen) nextCode.set(x, target);
      return target;
    };
    const list: InlineSuppression[] = [];
    for (const { c, d } of directives) {
      if (d.rules.length === 0) {
        diags.warning('bad-suppression', `${f.path}:${c.range.start.line}: tfxacct:ignore names no rule; ignored`, c.range);
        continue;
      }
      if (!d.reason) diags.warning('suppression-without-reason', `${f.path}:${c.range.start.line}: suppression of ${d.rules.join(', ')} gives no reason (write "-- reason")`, c.range);
      // the element on the next line that is not itself a comment
      const line = after(c.range.end.line + 1);
      const starting = byLine.get(line) ?? [];
      // a trailing comment on the same line as an element also covers it
      const sameLine = (byLine.get(c.range.start.line) ?? []).filter((r) => r.start.column < c.range.start.column);
      const targets = starting.length > 0 ? starting : sameLine;
      if (targets.length === 0) {
        diags.warning('bad-suppression', `${f.path}:${c.range.start.line}: tfxacct:ignore is not above a block, attribute or statement; ignored`, c.range);
        continue;
      }
      list.push({ rules: new Set(d.rules.map((r) => r.toUpperCase())), reason: d.reason, file: f.path, line: c.range.start.line, covers: targets });
    }
    if (list.length > 0) appendTo(this.inline, f.path, ...list);
  }

  apply(f: Finding): void {
    for (const s of this.inline.get(f.file) ?? []) {
      if (!s.rules.has(f.ruleId) && !s.rules.has('ALL')) continue;
      if (s.covers.some((r) => contains(r, f.startLine, f.startColumn))) {
        f.suppressions.push({ kind: 'inSource', justification: s.reason, file: s.file, line: s.line });
      }
    }
    for (const i of this.ignores) {
      if (i.rule.toUpperCase() !== f.ruleId && i.rule !== '*') continue;
      if (i.address && !addressMatches(i.address, f.address)) continue;
      if (i.file && i.file !== f.file) continue;
      f.suppressions.push({ kind: 'external', justification: i.reason, ...(this.configFile ? { file: this.configFile } : {}) });
    }
    f.suppressed = f.suppressions.length > 0;
  }
}

function contains(r: Range, line: number, column: number): boolean {
  if (line < r.start.line || line > r.end.line) return false;
  if (line === r.start.line && column < r.start.column) return false;
  if (line === r.end.line && column > r.end.column) return false;
  return true;
}

/**
 * `aws_iam_role.x` matches every instance (`aws_iam_role.x["a"]`), a trailing `*` matches a
 * prefix (`module.legacy.*`).
 */
export function addressMatches(pattern: string, address: string): boolean {
  if (pattern === address) return true;
  if (pattern.endsWith('*')) return address.startsWith(pattern.slice(0, -1));
  if (address.startsWith(pattern + '[')) return !address.slice(pattern.length).includes('.');
  const stripped = address.replace(/\[[^\]]*\]/g, '');
  return stripped === pattern.replace(/\[[^\]]*\]/g, '') && !pattern.includes('[');
}
