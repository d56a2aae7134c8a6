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
import { exportTree, lazyTree, subtreeEnd, typeAt, WORDS_PER_NODE, type FlatTree, type TNode } from './flat-tree';
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

export class HclConverter {
  readonly comments: Comment[] = [];
  readonly errors: SyntaxError[] = [];
  private depth = 0;

  constructor(
    readonly src: SourceText,
    private readonly opts: ParseOptions = {},
  ) {}

  private text(n: TNode): string {
    return this.src.text.slice(n.start, n.end);
  }

  range(start: number, end: number): Range {
    const r = this.src.range(start, end);
    return this.opts.mapRange ? this.opts.mapRange(r) : r;
  }

  private nrange(n: TNode): Range {
    return this.range(n.start, n.end);
  }

  /** Children without comments (which are recorded on the side). */
  private kids(n: TNode): TNode[] {
    const children = n.children;
    // mostly there is no comment: the children as they are
    if (!children.some((c) => c.type === 'comment')) return children;
    const out: TNode[] = [];
    for (const c of children) {
      if (c.type === 'comment') this.comments.push({ text: this.text(c), range: this.nrange(c) });
      else out.push(c);
    }
    return out;
  }

  /** ERROR and MISSING nodes, in source order (iterative: deep input must not overflow the stack). */
  collectErrors(root: TNode, limit = 5): void {
    const stack: TNode[] = [root];
    while (stack.length > 0 && this.errors.length < limit) {
      const n = stack.pop()!;
      if (n.type === 'ERROR') {
        const snippet = this.text(n).split('\n')[0].slice(0, 40);
        this.errors.push({ message: `syntax error: unexpected ${JSON.stringify(snippet)}`, range: this.nrange(n) });
        continue;
      }
      if (n.missing) {
        this.errors.push({ message: `syntax error: missing ${JSON.stringify(n.type)}`, range: this.nrange(n) });
        continue;
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }

  private fail(message: string, at: number): void {
    if (this.errors.length < 5) this.errors.push({ message: `syntax error: ${message}`, range: this.range(at, at) });
  }

  private hasNewline(from: number, to: number): boolean {
    return this.src.text.slice(from, to).includes('\n');
  }

  /**
   * A body. HCL's layout rules that the grammar does not enforce are checked here: every
   * attribute and block ends with a newline, except the single attribute of a one-line block,
   * and an attribute is defined once.
   */
  body(n: TNode | undefined, start: number, end: number, oneLine = false): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    if (n) {
      const items = this.kids(n).filter((c) => c.type === 'attribute' || c.type === 'block');
      if (oneLine && (items.length > 1 || items.some((c) => c.type === 'block'))) {
        this.fail('a single-line block holds at most one argument and no nested block', items[Math.min(1, items.length - 1)].start);
      }
      const seen = new Set<string>();
      items.forEach((c, i) => {
        const next = i + 1 < items.length ? items[i + 1].start : end;
        if (!oneLine && !this.hasNewline(c.end, next) && next < this.src.text.length) this.fail(`${c.type === 'block' ? 'block' : 'argument'} definition must end with a newline`, c.end);
        if (c.type === 'attribute') {
          const a = this.attribute(c);
          if (seen.has(a.name)) this.fail(`attribute "${a.name}" redefined`, c.start);
          seen.add(a.name);
          attributes.push(a);
        } else blocks.push(this.block(c));
      });
    }
    return { attributes: compact(attributes), blocks: compact(blocks), range: this.range(start, end) };
  }

  private attribute(n: TNode): Attribute {
    const k = this.kids(n);
    const name = k[0];
    const exprNode = k.find((c) => c.type === 'expression');
    if (!exprNode) throw new Error('attribute without expression');
    return { name: this.text(name), nameRange: this.nrange(name), expr: this.expression(exprNode), range: this.nrange(n) };
  }

  private block(n: TNode): Block {
    const k = this.kids(n);
    const typeNode = k[0];
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    let bodyNode: TNode | undefined;
    let bodyStart = n.start;
    let bodyEnd = n.end;
    let openAt = -1;
    let closeAt = -1;
    for (const c of k.slice(1)) {
      if (c.type === 'block_start') openAt = c.end;
      if (c.type === 'block_end') closeAt = c.start;
    }
    const oneLine = openAt !== -1 && closeAt !== -1 && !this.hasNewline(openAt, closeAt);
    if (!oneLine && openAt !== -1 && closeAt !== -1) {
      const firstItem = k.find((c) => c.type === 'body');
      if (firstItem && !this.hasNewline(openAt, firstItem.start)) this.fail('a block with its content on the opening line must close on that line', firstItem.start);
    }
    for (const c of k.slice(1)) {
      if (c.type === 'string_lit') {
        labels.push(this.stringLit(c).value);
        labelRanges.push(this.nrange(c));
      } else if (c.type === 'identifier') {
        labels.push(this.text(c));
        labelRanges.push(this.nrange(c));
      } else if (c.type === 'block_start') bodyStart = c.end;
      else if (c.type === 'body') bodyNode = c;
      else if (c.type === 'block_end') bodyEnd = c.start;
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
  private stringLit(n: TNode): TemplateLiteral {
    const k = this.kids(n);
    const open = k[0];
    const close = k[k.length - 1];
    const raw = this.src.text.slice(open.end, close.start);
    const { value, pieces } = decodeLiteral(raw, this.range(open.end, open.end).start, true);
    return makeLiteral(value, pieces, this.range(open.end, close.start));
  }

  expression(n: TNode): Expr {
    if (++this.depth > MAX_NESTING) throw new NestingError(n.start);
    try {
      return this.termSeq(this.kids(n), n);
    } finally {
      this.depth--;
    }
  }

  /** Folds a sequence of term nodes (a base term followed by index/attr/splat steps). */
  private termSeq(k: TNode[], whole: TNode): Expr {
    if (k.length === 1 && k[0].type === 'conditional') {
      const parts = this.kids(k[0]).filter((c) => c.type === 'expression');
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
    if (first.type === '(') {
      const inner = k[1];
      const close = k[2];
      expr = { kind: 'paren', inner: this.expression(inner), range: this.range(first.start, close.end) };
      i = 3;
    } else {
      expr = this.base(first);
      i = 1;
    }
    for (; i < k.length; i++) {
      const step = k[i];
      const range = this.range(first.start, step.end);
      if (step.type === 'get_attr') {
        const id = this.kids(step).find((c) => c.type === 'identifier')!;
        expr = { kind: 'getattr', target: expr, name: this.text(id), range };
      } else if (step.type === 'index') {
        expr = this.index(expr, step, range);
      } else if (step.type === 'splat') {
        const s = this.kids(step)[0];
        const steps: SplatStep[] = [];
        for (const c of this.kids(s)) {
          if (c.type === 'get_attr') {
            const id = this.kids(c).find((x) => x.type === 'identifier')!;
            steps.push({ kind: 'attr', name: this.text(id), range: this.nrange(c) });
          } else if (c.type === 'index') {
            const ix = this.index(expr, c, this.nrange(c));
            if (ix.kind === 'index') steps.push({ kind: 'index', key: ix.key, range: this.nrange(c) });
          }
        }
        expr = { kind: 'splat', target: expr, full: s.type === 'full_splat', steps, range };
      } else {
        throw new Error(`unexpected ${step.type} in expression at ${whole.start}`);
      }
    }
    return expr;
  }

  private index(target: Expr, step: TNode, range: Range): Expr {
    const inner = this.kids(step)[0];
    if (inner.type === 'legacy_index') {
      const digits = this.kids(inner).find((c) => c.type !== '.');
      const num = digits ? Number(this.text(digits)) : 0;
      return {
        kind: 'index',
        target,
        key: { kind: 'literal', value: num, range: this.nrange(inner) },
        legacy: true,
        range,
      };
    }
    const keyNode = this.kids(inner).find((c) => c.type === 'expression')!;
    return { kind: 'index', target, key: this.expression(keyNode), legacy: false, range };
  }

  private base(n: TNode): Expr {
    const range = this.nrange(n);
    switch (n.type) {
      case 'literal_value': {
        const v = this.kids(n)[0];
        switch (v.type) {
          case 'numeric_lit': {
            const t = this.text(v);
            if (!/^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(t)) this.fail(`invalid number ${JSON.stringify(t)}`, v.start);
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
        throw new Error(`unknown literal ${v.type}`);
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
    throw new Error(`unexpected ${n.type} in expression`);
  }

  private operation(n: TNode): Expr {
    const k = this.kids(n);
    const range = this.nrange(n);
    if (n.type === 'unary_operation') {
      const op = k[0].type as '-' | '!';
      return { kind: 'unary', op, operand: this.nested(k.slice(1), n), range };
    }
    const at = k.findIndex((c) => !c.named && BINARY_OPS.has(c.type));
    return {
      kind: 'binary',
      op: k[at].type as BinaryOp,
      left: this.nested(k.slice(0, at), n),
      right: this.nested(k.slice(at + 1), n),
      range,
    };
  }

  private nested(k: TNode[], whole: TNode): Expr {
    if (++this.depth > MAX_NESTING) throw new NestingError(whole.start);
    try {
      return this.termSeq(k, whole);
    } finally {
      this.depth--;
    }
  }

  private call(n: TNode): Expr {
    const k = this.kids(n);
    const nameNode = k[0];
    const argsNode = k.find((c) => c.type === 'function_arguments');
    const args: Expr[] = [];
    let expandFinal = false;
    if (argsNode) {
      for (const c of this.kids(argsNode)) {
        if (c.type === 'expression') args.push(this.expression(c));
        else if (c.type === 'ellipsis') expandFinal = true;
      }
    }
    return { kind: 'call', name: this.text(nameNode), nameRange: this.nrange(nameNode), args: compact(args), expandFinal, range: this.nrange(n) };
  }

  private collection(n: TNode): Expr {
    const range = this.nrange(n);
    const k = this.kids(n);
    if (n.type === 'tuple') {
      return { kind: 'tuple', items: k.filter((c) => c.type === 'expression').map((c) => this.expression(c)), range };
    }
    const items: ObjectItem[] = [];
    let prevElem: TNode | undefined;
    for (const c of k) {
      if (c.type === ',') prevElem = undefined;
      if (c.type !== 'object_elem') continue;
      if (prevElem && !this.hasNewline(prevElem.end, c.start)) this.fail('missing "," or newline between object attributes', c.start);
      prevElem = c;
      const ek = this.kids(c);
      const exprs = ek.filter((x) => x.type === 'expression');
      const key = this.expression(exprs[0]);
      const value = this.expression(exprs[1]);
      items.push({ key, keyIsName: isTraversal(key), value });
    }
    return { kind: 'object', items: compact(items), range };
  }

  private forExpr(n: TNode): Expr {
    const k = this.kids(n);
    const intro = k.find((c) => c.type === 'for_intro')!;
    const ik = this.kids(intro);
    const ids = ik.filter((c) => c.type === 'identifier').map((c) => this.text(c));
    const coll = this.expression(ik.find((c) => c.type === 'expression')!);
    const exprs = k.filter((c) => c.type === 'expression');
    const condNode = k.find((c) => c.type === 'for_cond');
    const cond = condNode ? this.expression(this.kids(condNode).find((c) => c.type === 'expression')!) : null;
    const isObject = n.type === 'for_object_expr';
    return {
      kind: 'for',
      keyVar: ids.length === 2 ? ids[0] : null,
      valVar: ids.length === 2 ? ids[1] : ids[0],
      coll,
      keyExpr: isObject ? this.expression(exprs[0]) : null,
      valExpr: this.expression(isObject ? exprs[1] : exprs[0]),
      cond,
      grouping: k.some((c) => c.type === 'ellipsis'),
      range: this.nrange(n),
    };
  }

  private template(n: TNode): TemplateExpr {
    const k = this.kids(n);
    const range = this.nrange(n);
    if (n.type === 'quoted_template') {
      const open = k[0];
      const close = k[k.length - 1];
      const parts = this.templateParts(k.slice(1, -1), open.end, close.start, true);
      return { kind: 'template', parts: meldLiterals(parts), heredoc: false, range };
    }
    // heredoc: <<ID or <<-ID, newline, lines..., closing ID on its own line
    const flush = this.text(k[0]) === '<<-';
    const openId = k[1];
    const closeId = k[k.length - 1];
    const nl = this.src.text.indexOf('\n', openId.end);
    const contentStart = nl === -1 ? openId.end : nl + 1;
    const contentEnd = Math.max(contentStart, this.src.lineStart(closeId.start));
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
  private templateParts(children: TNode[], start: number, end: number, quoted: boolean, stripFirst = false, stripLast = false): TemplatePart[] {
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
    const nodes = children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    for (const c of nodes) {
      pushLit(pos, c.start);
      stripNext = false;
      if (c.type === 'template_interpolation') {
        const ck = this.kids(c);
        const exprAt = ck.findIndex((x) => x.type === 'expression');
        const isStrip = (x: TNode) => x.type === 'strip_marker';
        const leftStrip = ck.slice(1, exprAt === -1 ? ck.length - 1 : exprAt).some(isStrip);
        const rightStrip = exprAt !== -1 && ck.slice(exprAt + 1).some(isStrip);
        if (leftStrip) stripPrev();
        if (exprAt === -1) this.fail('empty interpolation', c.start);
        if (exprAt !== -1) parts.push({ kind: 'interp', expr: this.expression(ck[exprAt]), range: this.nrange(c) });
        stripNext = rightStrip;
      } else {
        const d = this.kids(c)[0];
        const k = this.kids(d);
        if (this.strips(k[0]).left) stripPrev();
        parts.push(d.type === 'template_if' ? this.templateIf(d, k, quoted) : this.templateFor(d, k, quoted));
        stripNext = this.strips(k[k.length - 1]).right;
      }
      pos = c.end;
    }
    pushLit(pos, end);
    if (stripLast) stripPrev();
    return parts;
  }

  /** Strip markers of a directive tag (`%{~ if x ~}`). */
  private strips(tag: TNode): { left: boolean; right: boolean } {
    const k = this.kids(tag);
    return { left: k[1]?.type === 'strip_marker', right: k.length > 2 && k[k.length - 2].type === 'strip_marker' };
  }

  private directiveExpr(n: TNode): Expr | null {
    const e = this.kids(n).find((c) => c.type === 'expression');
    return e ? this.expression(e) : null;
  }

  /** Parts between two directive tags, honouring the tags' inner strip markers. */
  private between(k: TNode[], open: TNode, close: TNode, quoted: boolean): TemplatePart[] {
    const inner = k.slice(k.indexOf(open) + 1, k.indexOf(close));
    return meldLiterals(
      this.templateParts(inner, open.end, close.start, quoted, this.strips(open).right, this.strips(close).left),
    );
  }

  private templateIf(n: TNode, k: TNode[], quoted: boolean): TemplatePart {
    const intro = k[0];
    const elseNode = k.find((c) => c.type === 'template_else_intro');
    const endNode = k[k.length - 1];
    return {
      kind: 'if',
      cond: this.directiveExpr(intro) ?? { kind: 'literal', value: false, range: this.nrange(intro) },
      then: this.between(k, intro, elseNode ?? endNode, quoted),
      else: elseNode ? this.between(k, elseNode, endNode, quoted) : null,
      range: this.nrange(n),
    };
  }

  private templateFor(n: TNode, k: TNode[], quoted: boolean): TemplatePart {
    const intro = k[0];
    const endNode = k[k.length - 1];
    const ik = this.kids(intro);
    const ids = ik.filter((c) => c.type === 'identifier').map((c) => this.text(c));
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
  const conv = new HclConverter(src, opts);
  const empty = conv.body(undefined, 0, text.length);
  if (typeof tree === 'string') return { path: file, body: empty, comments: [], errors: [{ message: tree, range: conv.range(0, 0) }], format: 'hcl' };
  const root = lazyTree(tree, types);
  try {
    if (tree.hasError) conv.collectErrors(root);
    if (conv.errors.length > 0) return { path: file, body: empty, comments: [], errors: conv.errors, format: 'hcl' };
    const top = root.children.find((c) => c.type !== 'comment');
    if (top && top.type !== 'body') {
      return {
        path: file,
        body: empty,
        comments: [],
        errors: [{ message: 'syntax error: expected attributes or blocks at the top level', range: conv.range(top.start, top.start) }],
        format: 'hcl',
      };
    }
    const body = conv.body(top, 0, text.length);
    if (conv.errors.length > 0) return { path: file, body: empty, comments: [], errors: conv.errors, format: 'hcl' };
    // comments directly under the root (a file holding only comments, or trailing ones)
    for (const c of root.children) if (c.type === 'comment') conv.comments.push({ text: text.slice(c.start, c.end), range: conv.range(c.start, c.end) });
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
