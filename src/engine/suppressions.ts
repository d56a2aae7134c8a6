/**
 * Suppressions: `# tfxacct:ignore TFXA001 -- reason` on the line above a block, attribute or
 * statement covers findings inside it, and above a resource block also the findings that name the
 * resource wherever its policy document is; config `ignore` entries match a rule and an address.
 * Rules are named by id or slug. Suppressed findings are kept (SARIF `suppressions[]`), they only
 * stop counting. A directive that is malformed, names an unknown rule or matches nothing is
 * reported, so a suppression that does nothing never passes silently.
 */
import type { Diagnostics } from '../diagnostics';
import type { Body, Comment, Expr, ParsedFile, Range } from '../hcl/ast';
import type { Finding } from './finding';
import { appendTo } from '../collections';

export interface IgnoreEntry {
  /** A rule id (slugs are read as their id), or `*`. */
  rule: string;
  address?: string;
  file?: string;
  reason: string;
  /** Line of the entry in the configuration file. */
  line?: number;
}

interface InlineSuppression {
  /** Rule ids, or ALL. */
  rules: Set<string>;
  reason: string;
  file: string;
  line: number;
  range: Range;
  /** Ranges the suppression covers. */
  covers: Range[];
  /** The rules it suppressed a finding of. */
  used: Set<string>;
}

const MARKER = 'tfxacct:ignore';

/** What a mistyped directive starts with (`tfxacct: ignore`, `tfxacct ignore`, `TFXACCT:IGNORE`, `tfxacct:ignored`). */
const LOOKS_LIKE_DIRECTIVE = /^tfxacct[\s:_-]*ignore/i;

/** A comment's text without its `#`, `//` or `/*` and leading space; undefined for anything else. */
function commentBody(comment: string): string | undefined {
  const t = comment.trim();
  if (t.startsWith('#')) return t.slice(1).trimStart();
  if (t.startsWith('//') || t.startsWith('/*')) return t.slice(2).trimStart();
  return undefined;
}

/** The text after `tfxacct:ignore` in a comment, or undefined; linear in the comment's length. */
function directiveText(comment: string): string | undefined {
  let t = commentBody(comment);
  if (t === undefined || !t.startsWith(MARKER)) return undefined;
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
  /** Config `ignore` entries that suppressed a finding. */
  private readonly usedIgnores = new Set<IgnoreEntry>();

  /** `ruleIds` maps every rule id and slug to its id. */
  constructor(
    files: ParsedFile[],
    private readonly ignores: IgnoreEntry[],
    private readonly configFile: string | undefined,
    diags: Diagnostics,
    private readonly ruleIds: ReadonlyMap<string, string>,
  ) {
    this.addFiles(files, diags);
  }

  /** Reads the inline suppressions of more files (a scan gives each file once). */
  addFiles(files: ParsedFile[], diags: Diagnostics): void {
    for (const f of files) this.readFile(f, diags);
  }

  private readFile(f: ParsedFile, diags: Diagnostics): void {
    const directives: { c: Comment; d: { rules: string[]; reason: string } }[] = [];
    for (const c of f.comments) {
      const d = parseDirective(c.text);
      if (d) directives.push({ c, d });
      else if (LOOKS_LIKE_DIRECTIVE.test(commentBody(c.text)?.slice(0, 40) ?? '')) {
        diags.warning('bad-suppression', `${f.path}:${c.range.start.line}: malformed suppression "${c.text.trim().slice(0, 60)}": write "# tfxacct:ignore RULE -- reason" (no space around the colon); ignored`, c.range);
      }
    }
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
      const where = `${f.path}:${c.range.start.line}`;
      if (d.rules.length === 0) {
        diags.warning('bad-suppression', `${where}: tfxacct:ignore names no rule; ignored`, c.range);
        continue;
      }
      const rules = new Set<string>();
      for (const name of d.rules) {
        const id = name.toUpperCase() === 'ALL' ? 'ALL' : this.ruleIds.get(name) ?? this.ruleIds.get(name.toUpperCase());
        if (id) rules.add(id);
        else diags.warning('bad-suppression', `${where}: tfxacct:ignore names unknown rule "${name.slice(0, 60)}" (see "tfxacct rules" for ids and slugs); it suppresses nothing`, c.range);
      }
      if (rules.size === 0) continue;
      if (!d.reason) diags.warning('suppression-without-reason', `${where}: suppression of ${[...rules].join(', ')} gives no reason (write "-- reason")`, c.range);
      // the element on the next line that is not itself a comment
      const line = after(c.range.end.line + 1);
      const starting = byLine.get(line) ?? [];
      // a trailing comment on the same line as an element also covers it
      const sameLine = (byLine.get(c.range.start.line) ?? []).filter((r) => r.start.column < c.range.start.column);
      const targets = starting.length > 0 ? starting : sameLine;
      if (targets.length === 0) {
        diags.warning('bad-suppression', `${where}: tfxacct:ignore is not above a block, attribute or statement; ignored (put it on the line above the resource, or the statement, the finding points at)`, c.range);
        continue;
      }
      list.push({ rules, reason: d.reason, file: f.path, line: c.range.start.line, range: c.range, covers: targets, used: new Set() });
    }
    if (list.length > 0) appendTo(this.inline, f.path, ...list);
  }

  apply(f: Finding): void {
    const applied = new Set<InlineSuppression>();
    const take = (s: InlineSuppression, id: string) => {
      if (applied.has(s)) return;
      applied.add(s);
      s.used.add(id);
      f.suppressions.push({ kind: 'inSource', justification: s.reason, file: s.file, line: s.line });
    };
    const ruleOf = (s: InlineSuppression) => (s.rules.has(f.ruleId) ? f.ruleId : s.rules.has('ALL') ? 'ALL' : undefined);
    // above the element the finding points at
    for (const s of this.inline.get(f.file) ?? []) {
      const id = ruleOf(s);
      if (id && s.covers.some((r) => contains(r, f.startLine, f.startColumn))) take(s, id);
    }
    // above the resource the finding names, wherever its policy document is written
    const decl = f.declaration;
    if (decl) {
      for (const s of this.inline.get(decl.file) ?? []) {
        const id = ruleOf(s);
        if (id && s.covers.some((r) => r.start.line === decl.start.line && r.start.column === decl.start.column)) take(s, id);
      }
    }
    for (const i of this.ignores) {
      if (i.rule !== f.ruleId && i.rule !== '*') continue;
      if (i.address && !addressMatches(i.address, f.address)) continue;
      if (i.file && i.file !== f.file) continue;
      this.usedIgnores.add(i);
      f.suppressions.push({ kind: 'external', justification: i.reason, ...(this.configFile ? { file: this.configFile } : {}) });
    }
    f.suppressed = f.suppressions.length > 0;
  }

  /** Warns about suppressions (inline or config `ignore`) that matched no finding of a rule that ran. */
  reportUnused(rulesRun: ReadonlySet<string>, diags: Diagnostics): void {
    for (const list of this.inline.values()) {
      for (const s of list) {
        const unused = [...s.rules].filter((id) => !s.used.has(id) && (id === 'ALL' || rulesRun.has(id)));
        if (unused.length === 0) continue;
        diags.warning(
          'unused-suppression',
          `${s.file}:${s.line}: tfxacct:ignore ${unused.join(', ')} matched no finding; it must be on the line above the block, attribute or statement the finding points at, or above the resource the finding names`,
          s.range,
        );
      }
    }
    for (const i of this.ignores) {
      if (this.usedIgnores.has(i) || (i.rule !== '*' && !rulesRun.has(i.rule))) continue;
      const what = [i.address ? `address ${i.address}` : '', i.file ? `file ${i.file}` : ''].filter(Boolean).join(', ');
      const at = this.configFile ? { file: this.configFile, ...(i.line ? { line: i.line } : {}) } : undefined;
      diags.warning('unused-suppression', `${this.configFile ? `${this.configFile}:${i.line ?? 1}: ` : ''}ignore entry for ${i.rule}${what ? ` (${what})` : ''} matched no finding`, at);
    }
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
