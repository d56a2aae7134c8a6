/**
 * HCL native syntax -> typed syntax tree, through tree-sitter's Terraform grammar. Reading
 * (`readTree`: tree-sitter's parse, exported as a flat array) and conversion (`convertHcl`) are
 * apart, so that files can be read on other threads and converted on this one.
 */
import type { Parser } from 'web-tree-sitter';
import type {
  Attribute,
  BinaryOp,
  Block,
  Body,
  Comment,
  Expr,
  ObjectItem,
  ParsedFile,
  Range,
  SplatStep,
  SyntaxError,
  TemplateExpr,
  TemplateLiteral,
  TemplatePart,
} from './ast';
import { exportTree, subtreeEnd, TreeView, typeAt, WORDS_PER_NODE, type FlatTree } from './flat-tree';
import { compact } from '../collections';
import { SourceText } from './source-text';
import {
  decodeLiteral,
  flushHeredoc,
  makeLiteral,
  meldLiterals,
  splitLines,
  trimLiteralEnd,
  trimLiteralStart,
} from './template-text';

/** Deepest nesting we convert; deeper input is reported instead of overflowing the stack. */
export const MAX_NESTING = 500;

class NestingError extends Error {
  constructor(readonly offset: number) {
    super('nesting too deep');
  }
}

const BINARY_OPS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

export interface ParseOptions {
  /** Maps every produced range; used when a template is embedded in another file format. */
  mapRange?: (r: Range) => Range;
}

/** A syntax node: its number in the file's flat tree (see TreeView). */
type N = number;

export class HclConverter {
  readonly comments: Comment[] = [];
  readonly errors: SyntaxError[] = [];
  private depth = 0;

  constructor(
    readonly src: SourceText,
    private readonly t: TreeView,
    private readonly opts: ParseOptions = {},
  ) {}

  private text(n: N): string {
    return this.src.text.slice(this.t.start(n), this.t.end(n));
  }

  range(start: number, end: number): Range {
    const r = this.src.range(start, end);
    return this.opts.mapRange ? this.opts.mapRange(r) : r;
  }

  private nrange(n: N): Range {
    return this.range(this.t.start(n), this.t.end(n));
  }

  private is(n: N | undefined, type: string): boolean {
    return n !== undefined && this.t.type(n) === type;
  }

  /** Children without comments (which are recorded on the side). */
  private kids(n: N): N[] {
    const children = this.t.children(n);
    let out: N[] | undefined;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (this.t.type(c) !== 'comment') out?.push(c);
      else {
        // mostly there is no comment: the children as they are
        out ??= children.slice(0, i);
        this.comments.push({ text: this.text(c), range: this.nrange(c) });
      }
    }
    return out ?? children;
  }

  /** The first child (comments left out) of the given type. */
  private kid(n: N, type: string): N | undefined {
    return this.kids(n).find((c) => this.is(c, type));
  }

  /** ERROR and MISSING nodes, in source order (iterative: deep input must not overflow the stack). */
  collectErrors(root: N, limit = 5): void {
    const stack: N[] = [root];
    while (stack.length > 0 && this.errors.length < limit) {
      const n = stack.pop()!;
      if (this.is(n, 'ERROR')) {
        const snippet = this.text(n).split('\n')[0].slice(0, 40);
        this.errors.push({ message: `syntax error: unexpected ${JSON.stringify(snippet)}`, range: this.nrange(n) });
        continue;
      }
      if (this.t.missing(n)) {
        this.errors.push({ message: `syntax error: missing ${JSON.stringify(this.t.type(n))}`, range: this.nrange(n) });
        continue;
      }
      const children = this.t.children(n);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  private fail(message: string, at: number): void {
    if (this.errors.length < 5) this.errors.push({ message: `syntax error: ${message}`, range: this.range(at, at) });
  }

  private hasNewline(from: number, to: number): boolean {
    const text = this.src.text;
    for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
    return false;
  }

  /**
   * A body. HCL's layout rules that the grammar does not enforce are checked here: every
   * attribute and block ends with a newline, except the single attribute of a one-line block,
   * and an attribute is defined once.
   */
  body(n: N | undefined, start: number, end: number, oneLine = false): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    if (n !== undefined) {
      const t = this.t;
      const items = this.kids(n).filter((c) => this.is(c, 'attribute') || this.is(c, 'block'));
      if (oneLine && (items.length > 1 || items.some((c) => this.is(c, 'block')))) {
        this.fail('a single-line block holds at most one argument and no nested block', t.start(items[Math.min(1, items.length - 1)]));
      }
      const seen = new Set<string>();
      items.forEach((c, i) => {
        const isBlock = this.is(c, 'block');
        const next = i + 1 < items.length ? t.start(items[i + 1]) : end;
        if (!oneLine && !this.hasNewline(t.end(c), next) && next < this.src.text.length) this.fail(`${isBlock ? 'block' : 'argument'} definition must end with a newline`, t.end(c));
        if (!isBlock) {
          const a = this.attribute(c);
          if (seen.has(a.name)) this.fail(`attribute "${a.name}" redefined`, t.start(c));
          seen.add(a.name);
          attributes.push(a);
        } else blocks.push(this.block(c));
      });
    }
    return { attributes: compact(attributes), blocks: compact(blocks), range: this.range(start, end) };
  }

  private attribute(n: N): Attribute {
    const k = this.kids(n);
    const name = k[0];
    const exprNode = k.find((c) => this.is(c, 'expression'));
    if (exprNode === undefined) throw new Error('attribute without expression');
    return { name: this.text(name), nameRange: this.nrange(name), expr: this.expression(exprNode), range: this.nrange(n) };
  }

  private block(n: N): Block {
    const t = this.t;
    const k = this.kids(n);
    const typeNode = k[0];
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    let bodyNode: N | undefined;
    let bodyStart = t.start(n);
    let bodyEnd = t.end(n);
    let openAt = -1;
    let closeAt = -1;
    for (let i = 1; i < k.length; i++) {
      if (this.is(k[i], 'block_start')) openAt = t.end(k[i]);
      if (this.is(k[i], 'block_end')) closeAt = t.start(k[i]);
    }
    const oneLine = openAt !== -1 && closeAt !== -1 && !this.hasNewline(openAt, closeAt);
    if (!oneLine && openAt !== -1 && closeAt !== -1) {
      const firstItem = k.find((c) => this.is(c, 'body'));
      if (firstItem !== undefined && !this.hasNewline(openAt, t.start(firstItem))) this.fail('a block with its content on the opening line must close on that line', t.start(firstItem));
    }
    for (let i = 1; i < k.length; i++) {
      const c = k[i];
      switch (t.type(c)) {
        case 'string_lit':
          labels.push(this.stringLit(c).value);
          labelRanges.push(this.nrange(c));
          break;
        case 'identifier':
          labels.push(this.text(c));
          labelRanges.push(this.nrange(c));
          break;
        case 'block_start':
          bodyStart = t.end(c);
          break;
        case 'body':
          bodyNode = c;
          break;
        case 'block_end':
          bodyEnd = t.start(c);
          break;
      }
    }
    return {
      type: this.text(typeNode),
      typeRange: this.nrange(typeNode),
      labels: compact(labels),
      labelRanges: compact(labelRanges),
      body: this.body(bodyNode, bodyStart, bodyEnd, oneLine),
      range: this.nrange(n),
    };
  }

  /** A `string_lit` node: quoted text without interpolation. */
  private stringLit(n: N): TemplateLiteral {
    const k = this.kids(n);
    const from = this.t.end(k[0]);
    const to = this.t.start(k[k.length - 1]);
    const raw = this.src.text.slice(from, to);
    const { value, pieces } = decodeLiteral(raw, this.range(from, from).start, true);
    return makeLiteral(value, pieces, this.range(from, to));
  }

  expression(n: N): Expr {
    if (++this.depth > MAX_NESTING) throw new NestingError(this.t.start(n));
    try {
      return this.termSeq(this.kids(n), n);
    } finally {
      this.depth--;
    }
  }

  /** Folds a sequence of term nodes (a base term followed by index/attr/splat steps). */
  private termSeq(k: N[], whole: N): Expr {
    const t = this.t;
    if (k.length === 1 && this.is(k[0], 'conditional')) {
      const parts = this.kids(k[0]).filter((c) => this.is(c, 'expression'));
      return {
        kind: 'conditional',
        cond: this.expression(parts[0]),
        then: this.expression(parts[1]),
        else: this.expression(parts[2]),
        range: this.nrange(k[0]),
      };
    }
    let i = 0;
    let expr: Expr;
    const first = k[0];
    if (this.is(first, '(')) {
      const inner = k[1];
      const close = k[2];
      expr = { kind: 'paren', inner: this.expression(inner), range: this.range(t.start(first), t.end(close)) };
      i = 3;
    } else {
      expr = this.base(first);
      i = 1;
    }
    for (; i < k.length; i++) {
      const step = k[i];
      const range = this.range(t.start(first), t.end(step));
      const type = t.type(step);
      if (type === 'get_attr') {
        expr = { kind: 'getattr', target: expr, name: this.text(this.kid(step, 'identifier')!), range };
      } else if (type === 'index') {
        expr = this.index(expr, step, range);
      } else if (type === 'splat') {
        const s = this.kids(step)[0];
        const steps: SplatStep[] = [];
        for (const c of this.kids(s)) {
          if (this.is(c, 'get_attr')) {
            steps.push({ kind: 'attr', name: this.text(this.kid(c, 'identifier')!), range: this.nrange(c) });
          } else if (this.is(c, 'index')) {
            const ix = this.index(expr, c, this.nrange(c));
            if (ix.kind === 'index') steps.push({ kind: 'index', key: ix.key, range: this.nrange(c) });
          }
        }
        expr = { kind: 'splat', target: expr, full: this.is(s, 'full_splat'), steps, range };
      } else {
        throw new Error(`unexpected ${type} in expression at ${t.start(whole)}`);
      }
    }
    return expr;
  }

  private index(target: Expr, step: N, range: Range): Expr {
    const inner = this.kids(step)[0];
    if (this.is(inner, 'legacy_index')) {
      const digits = this.kids(inner).find((c) => !this.is(c, '.'));
      const num = digits !== undefined ? Number(this.text(digits)) : 0;
      return {
        kind: 'index',
        target,
        key: { kind: 'literal', value: num, range: this.nrange(inner) },
        legacy: true,
        range,
      };
    }
    return { kind: 'index', target, key: this.expression(this.kid(inner, 'expression')!), legacy: false, range };
  }

  private base(n: N): Expr {
    const range = this.nrange(n);
    const type = this.t.type(n);
    switch (type) {
      case 'literal_value': {
        const v = this.kids(n)[0];
        const vt = this.t.type(v);
        switch (vt) {
          case 'numeric_lit': {
            const t = this.text(v);
            if (!/^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(t)) this.fail(`invalid number ${JSON.stringify(t)}`, this.t.start(v));
            return { kind: 'literal', value: Number(t), range };
          }
          case 'bool_lit':
            return { kind: 'literal', value: this.text(v) === 'true', range };
          case 'null_lit':
            return { kind: 'literal', value: null, range };
          case 'string_lit': {
            const lit = this.stringLit(v);
            return { kind: 'template', parts: lit.value === '' ? [] : [lit], heredoc: false, range };
          }
        }
        throw new Error(`unknown literal ${vt}`);
      }
      case 'template_expr':
        return this.template(this.kids(n)[0]);
      case 'collection_value':
        return this.collection(this.kids(n)[0]);
      case 'variable_expr':
        return { kind: 'variable', name: this.text(n), range };
      case 'function_call':
        return this.call(n);
      case 'for_expr':
        return this.forExpr(this.kids(n)[0]);
      case 'operation':
        return this.operation(this.kids(n)[0]);
    }
    throw new Error(`unexpected ${type} in expression`);
  }

  private operation(n: N): Expr {
    const k = this.kids(n);
    const range = this.nrange(n);
    if (this.is(n, 'unary_operation')) {
      const op = this.t.type(k[0]) as '-' | '!';
      return { kind: 'unary', op, operand: this.nested(k.slice(1), n), range };
    }
    const at = k.findIndex((c) => !this.t.named(c) && BINARY_OPS.has(this.t.type(c)));
    return {
      kind: 'binary',
      op: this.t.type(k[at]) as BinaryOp,
      left: this.nested(k.slice(0, at), n),
      right: this.nested(k.slice(at + 1), n),
      range,
    };
  }

  private nested(k: N[], whole: N): Expr {
    if (++this.depth > MAX_NESTING) throw new NestingError(this.t.start(whole));
    try {
      return this.termSeq(k, whole);
    } finally {
      this.depth--;
    }
  }

  private call(n: N): Expr {
    const k = this.kids(n);
    const nameNode = k[0];
    const argsNode = k.find((c) => this.is(c, 'function_arguments'));
    const args: Expr[] = [];
    let expandFinal = false;
    if (argsNode !== undefined) {
      for (const c of this.kids(argsNode)) {
        if (this.is(c, 'expression')) args.push(this.expression(c));
        else if (this.is(c, 'ellipsis')) expandFinal = true;
      }
    }
    return { kind: 'call', name: this.text(nameNode), nameRange: this.nrange(nameNode), args: compact(args), expandFinal, range: this.nrange(n) };
  }

  private collection(n: N): Expr {
    const t = this.t;
    const range = this.nrange(n);
    const k = this.kids(n);
    if (this.is(n, 'tuple')) {
      return { kind: 'tuple', items: k.filter((c) => this.is(c, 'expression')).map((c) => this.expression(c)), range };
    }
    const items: ObjectItem[] = [];
    let prevElem: N | undefined;
    for (const c of k) {
      const type = t.type(c);
      if (type === ',') prevElem = undefined;
      if (type !== 'object_elem') continue;
      if (prevElem !== undefined && !this.hasNewline(t.end(prevElem), t.start(c))) this.fail('missing "," or newline between object attributes', t.start(c));
      prevElem = c;
      const exprs = this.kids(c).filter((x) => this.is(x, 'expression'));
      const key = this.expression(exprs[0]);
      const value = this.expression(exprs[1]);
      items.push({ key, keyIsName: isTraversal(key), value });
    }
    return { kind: 'object', items: compact(items), range };
  }

  private forExpr(n: N): Expr {
    const k = this.kids(n);
    const intro = k.find((c) => this.is(c, 'for_intro'))!;
    const ik = this.kids(intro);
    const ids = ik.filter((c) => this.is(c, 'identifier')).map((c) => this.text(c));
    const coll = this.expression(ik.find((c) => this.is(c, 'expression'))!);
    const exprs = k.filter((c) => this.is(c, 'expression'));
    const condNode = k.find((c) => this.is(c, 'for_cond'));
    const cond = condNode !== undefined ? this.expression(this.kid(condNode, 'expression')!) : null;
    const isObject = this.is(n, 'for_object_expr');
    return {
      kind: 'for',
      keyVar: ids.length === 2 ? ids[0] : null,
      valVar: ids.length === 2 ? ids[1] : ids[0],
      coll,
      keyExpr: isObject ? this.expression(exprs[0]) : null,
      valExpr: this.expression(isObject ? exprs[1] : exprs[0]),
      cond,
      grouping: k.some((c) => this.is(c, 'ellipsis')),
      range: this.nrange(n),
    };
  }

  private template(n: N): TemplateExpr {
    const t = this.t;
    const k = this.kids(n);
    const range = this.nrange(n);
    if (this.is(n, 'quoted_template')) {
      const open = k[0];
      const close = k[k.length - 1];
      const parts = this.templateParts(k.slice(1, -1), t.end(open), t.start(close), true);
      return { kind: 'template', parts: meldLiterals(parts), heredoc: false, range };
    }
    // heredoc: <<ID or <<-ID, newline, lines..., closing ID on its own line
    const flush = this.text(k[0]) === '<<-';
    const openId = k[1];
    const closeId = k[k.length - 1];
    const nl = this.src.text.indexOf('\n', t.end(openId));
    const contentStart = nl === -1 ? t.end(openId) : nl + 1;
    const contentEnd = Math.max(contentStart, this.src.lineStart(t.start(closeId)));
    let parts = this.templateParts(k.slice(2, -1), contentStart, contentEnd, false);
    if (flush) {
      const perLine: TemplatePart[] = [];
      for (const p of parts) {
        if (p.kind === 'lit') perLine.push(...splitLines(p));
        else perLine.push(p);
      }
      parts = flushHeredoc(perLine);
    }
    return { kind: 'template', parts: meldLiterals(parts.filter((p) => p.kind !== 'lit' || p.value !== '')), heredoc: true, range };
  }

  /**
   * Template parts from the non-literal children inside [start, end): literal text is taken
   * from the source between them (tree-sitter leaves whitespace out of heredoc literal nodes).
   */
  private templateParts(children: N[], start: number, end: number, quoted: boolean, stripFirst = false, stripLast = false): TemplatePart[] {
    const t = this.t;
    const parts: TemplatePart[] = [];
    let pos = start;
    let stripNext = stripFirst;
    const pushLit = (from: number, to: number) => {
      if (to <= from) return;
      const raw = this.src.text.slice(from, to);
      const { value, pieces } = decodeLiteral(raw, this.range(from, from).start, quoted);
      let lit = makeLiteral(value, pieces, this.range(from, to));
      if (stripNext) lit = trimLiteralStart(lit);
      stripNext = false;
      parts.push(lit);
    };
    const stripPrev = () => {
      const last = parts[parts.length - 1];
      if (last && last.kind === 'lit') parts[parts.length - 1] = trimLiteralEnd(last);
    };
    for (const c of children) {
      const isInterp = this.is(c, 'template_interpolation');
      if (!isInterp && !this.is(c, 'template_directive')) continue;
      pushLit(pos, t.start(c));
      stripNext = false;
      if (isInterp) {
        const ck = this.kids(c);
        const exprAt = ck.findIndex((x) => this.is(x, 'expression'));
        const isStrip = (x: N) => this.is(x, 'strip_marker');
        const leftStrip = ck.slice(1, exprAt === -1 ? ck.length - 1 : exprAt).some(isStrip);
        const rightStrip = exprAt !== -1 && ck.slice(exprAt + 1).some(isStrip);
        if (leftStrip) stripPrev();
        if (exprAt === -1) this.fail('empty interpolation', t.start(c));
        if (exprAt !== -1) parts.push({ kind: 'interp', expr: this.expression(ck[exprAt]), range: this.nrange(c) });
        stripNext = rightStrip;
      } else {
        const d = this.kids(c)[0];
        const k = this.kids(d);
        if (this.strips(k[0]).left) stripPrev();
        parts.push(this.is(d, 'template_if') ? this.templateIf(d, k, quoted) : this.templateFor(d, k, quoted));
        stripNext = this.strips(k[k.length - 1]).right;
      }
      pos = t.end(c);
    }
    pushLit(pos, end);
    if (stripLast) stripPrev();
    return parts;
  }

  /** Strip markers of a directive tag (`%{~ if x ~}`). */
  private strips(tag: N): { left: boolean; right: boolean } {
    const k = this.kids(tag);
    return { left: this.is(k[1], 'strip_marker'), right: k.length > 2 && this.is(k[k.length - 2], 'strip_marker') };
  }

  private directiveExpr(n: N): Expr | null {
    const e = this.kid(n, 'expression');
    return e !== undefined ? this.expression(e) : null;
  }

  /** Parts between two directive tags, honouring the tags' inner strip markers. */
  private between(k: N[], open: N, close: N, quoted: boolean): TemplatePart[] {
    const inner = k.slice(k.indexOf(open) + 1, k.indexOf(close));
    return meldLiterals(
      this.templateParts(inner, this.t.end(open), this.t.start(close), quoted, this.strips(open).right, this.strips(close).left),
    );
  }

  private templateIf(n: N, k: N[], quoted: boolean): TemplatePart {
    const intro = k[0];
    const elseNode = k.find((c) => this.is(c, 'template_else_intro'));
    const endNode = k[k.length - 1];
    return {
      kind: 'if',
      cond: this.directiveExpr(intro) ?? { kind: 'literal', value: false, range: this.nrange(intro) },
      then: this.between(k, intro, elseNode ?? endNode, quoted),
      else: elseNode !== undefined ? this.between(k, elseNode, endNode, quoted) : null,
      range: this.nrange(n),
    };
  }

  private templateFor(n: N, k: N[], quoted: boolean): TemplatePart {
    const intro = k[0];
    const endNode = k[k.length - 1];
    const ids = this.kids(intro).filter((c) => this.is(c, 'identifier')).map((c) => this.text(c));
    return {
      kind: 'for',
      keyVar: ids.length === 2 ? ids[0] : null,
      valVar: ids.length === 2 ? ids[1] : ids[0],
      coll: this.directiveExpr(intro) ?? { kind: 'tuple', items: [], range: this.nrange(intro) },
      body: this.between(k, intro, endNode, quoted),
      range: this.nrange(n),
    };
  }

  static nestingOffset(e: unknown): number | null {
    return e instanceof NestingError ? e.offset : null;
  }
}

function isTraversal(e: Expr): boolean {
  if (e.kind === 'variable') return true;
  if (e.kind === 'getattr') return isTraversal(e.target);
  return false;
}

/** A number with an exponent and no fraction (`1e3`, `36E+2`), which HCL accepts and the grammar does not. */
const EXPONENT_NUMBER = /(?<![\w.$])\d+[eE][-+]?\d+(?![\w.])/g;

/** Spans of literal text and comments, in source order: where `1e3` is text, not a number. */
function textSpans(tree: FlatTree, types: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  const nodes = tree.nodes;
  for (let at = 0; at < nodes.length; ) {
    const type = typeAt(nodes, at, types);
    if (type === 'template_literal' || type === 'comment' || type === 'heredoc_identifier') {
      out.push([nodes[at + 1], nodes[at + 2]]);
      at = subtreeEnd(nodes, at);
    } else at += WORDS_PER_NODE;
  }
  return out;
}

/**
 * The grammar rejects numbers like `1e3`: when a file does not parse, every such number outside
 * literal text and comments is replaced by digits of the same length for the grammar (so every
 * position stays) and the text is parsed again; the converter reads the original number from the
 * source text.
 */
function patchExponents(text: string, tree: FlatTree, types: readonly string[]): string | undefined {
  if (!tree.hasError) return undefined;
  const spans = textSpans(tree, types);
  const pieces: string[] = [];
  let last = 0;
  let k = 0;
  EXPONENT_NUMBER.lastIndex = 0;
  for (let m = EXPONENT_NUMBER.exec(text); m; m = EXPONENT_NUMBER.exec(text)) {
    const at = m.index;
    // matches come in order: skip the text spans that end before this number
    while (k < spans.length && spans[k][1] <= at) k++;
    if (k < spans.length && spans[k][0] <= at) continue;
    pieces.push(text.slice(last, at), '1'.repeat(m[0].length));
    last = at + m[0].length;
  }
  if (pieces.length === 0) return undefined;
  pieces.push(text.slice(last));
  return pieces.join('');
}

function parseOnce(parser: Parser, text: string): FlatTree | string {
  let tree: ReturnType<Parser['parse']> = null;
  try {
    tree = parser.parse(text);
    if (!tree) return 'parser returned no tree';
    return exportTree(tree);
  } catch (e) {
    return `parser failure: ${String(e)}`;
  } finally {
    tree?.delete();
  }
}

/**
 * tree-sitter's reading of an HCL text, as a flat tree; a string says why there is none. Never
 * throws. The same on every thread: what is converted does not depend on where it was read.
 */
export function readTree(parser: Parser, text: string): FlatTree | string {
  const tree = parseOnce(parser, text);
  if (typeof tree === 'string' || !tree.hasError) return tree;
  const patched = patchExponents(text, tree, parser.language!.types);
  if (!patched) return tree;
  const again = parseOnce(parser, patched);
  return typeof again !== 'string' && !again.hasError ? again : tree;
}

/** Parses one HCL file. Never throws: problems are returned in `errors`. */
export function parseHcl(parser: Parser, text: string, file: string, opts: ParseOptions = {}): ParsedFile {
  return convertHcl(text, file, readTree(parser, text), parser.language!.types, opts);
}

/** Converts tree-sitter's reading of an HCL file (see `readTree`). Never throws: problems are returned in `errors`. */
export function convertHcl(text: string, file: string, tree: FlatTree | string, types: readonly string[], opts: ParseOptions = {}): ParsedFile {
  const src = new SourceText(text, file);
  // a failed parse has no tree: an empty view, which the empty body does not read
  const view = new TreeView(typeof tree === 'string' ? { nodes: new Int32Array(0), hasError: false } : tree, types);
  const conv = new HclConverter(src, view, opts);
  const empty = conv.body(undefined, 0, text.length);
  if (typeof tree === 'string') return { path: file, body: empty, comments: [], errors: [{ message: tree, range: conv.range(0, 0) }], format: 'hcl' };
  // the root is the tree's first node
  const root = 0;
  try {
    if (tree.hasError) conv.collectErrors(root);
    if (conv.errors.length > 0) return { path: file, body: empty, comments: [], errors: conv.errors, format: 'hcl' };
    const top = view.children(root).find((c) => view.type(c) !== 'comment');
    if (top !== undefined && view.type(top) !== 'body') {
      return {
        path: file,
        body: empty,
        comments: [],
        errors: [{ message: 'syntax error: expected attributes or blocks at the top level', range: conv.range(view.start(top), view.start(top)) }],
        format: 'hcl',
      };
    }
    const body = conv.body(top, 0, text.length);
    if (conv.errors.length > 0) return { path: file, body: empty, comments: [], errors: conv.errors, format: 'hcl' };
    // comments directly under the root (a file holding only comments, or trailing ones)
    for (const c of view.children(root)) {
      if (view.type(c) === 'comment') conv.comments.push({ text: text.slice(view.start(c), view.end(c)), range: conv.range(view.start(c), view.end(c)) });
    }
    conv.comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    return { path: file, body, comments: conv.comments, errors: [], format: 'hcl' };
  } catch (e) {
    const at = HclConverter.nestingOffset(e);
    if (at !== null) {
      return {
        path: file,
        body: empty,
        comments: [],
        errors: [{ message: `expression nesting deeper than ${MAX_NESTING} levels`, range: conv.range(at, at) }],
        format: 'hcl',
      };
    }
    return { path: file, body: empty, comments: [], errors: [{ message: `could not read syntax: ${(e as Error).message}`, range: conv.range(0, 0) }], format: 'hcl' };
  }
}
