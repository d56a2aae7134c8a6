/**
 * The typed syntax tree of a Terraform file. Every node keeps the file and the range it came
 * from, so anything derived from it (a value, a policy statement, a finding) can point back at
 * the exact source text. Lines and columns are 1-based; columns count UTF-16 code units, which is
 * SARIF's default column kind.
 */
import { position } from './source-text';

/** Shared between ranges (src/hcl/source-text.ts `position`): never changed once made. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  file: string;
  start: Pos;
  end: Pos;
  /**
   * Other places the value shown here passed through (where it was written, the module argument
   * or variable that carried it), nearest first: SARIF related locations.
   */
  via?: Range[];
}

export type Expr =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | CallExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ForExpr
  | ParenExpr;

interface Node {
  range: Range;
}

export interface LiteralExpr extends Node {
  kind: 'literal';
  value: string | number | boolean | null;
}

/**
 * A literal run of template text. `value` is the decoded text (escapes applied, `$${` turned
 * into `${`); `pieces` map offsets of `value` back to source positions. Most literals are their
 * source text as written: their `pieces` is the shared empty list EXACT_TEXT (template-text.ts),
 * which stands for one exact piece of all of `value` at `range.start`.
 */
export interface TemplateLiteral extends Node {
  kind: 'lit';
  value: string;
  pieces: LiteralPiece[];
}

/**
 * A run of decoded text that starts at a known source position. When `exact` is true each
 * UTF-16 unit of `text` corresponds to one unit of source (so positions inside it can be
 * computed by walking the text); otherwise the whole piece maps to `pos` (an escape sequence).
 */
export interface LiteralPiece {
  offset: number;
  text: string;
  pos: Pos;
  exact: boolean;
}

export interface TemplateInterp extends Node {
  kind: 'interp';
  expr: Expr;
}

export interface TemplateIf extends Node {
  kind: 'if';
  cond: Expr;
  then: TemplatePart[];
  else: TemplatePart[] | null;
}

export interface TemplateFor extends Node {
  kind: 'for';
  keyVar: string | null;
  valVar: string;
  coll: Expr;
  body: TemplatePart[];
}

export type TemplatePart = TemplateLiteral | TemplateInterp | TemplateIf | TemplateFor;

export interface TemplateExpr extends Node {
  kind: 'template';
  parts: TemplatePart[];
  heredoc: boolean;
}

export interface TupleExpr extends Node {
  kind: 'tuple';
  items: Expr[];
}

export interface ObjectItem {
  key: Expr;
  /** The key was written as a bare identifier or traversal (`foo = 1`, not `"foo" = 1`). */
  keyIsName: boolean;
  value: Expr;
}

export interface ObjectExpr extends Node {
  kind: 'object';
  items: ObjectItem[];
}

export interface VariableExpr extends Node {
  kind: 'variable';
  name: string;
}

export interface GetAttrExpr extends Node {
  kind: 'getattr';
  target: Expr;
  name: string;
}

export interface IndexExpr extends Node {
  kind: 'index';
  target: Expr;
  key: Expr;
  /** The legacy `foo.0` form. */
  legacy: boolean;
}

/** A step applied to each element after a splat: `.name` or `[key]`. */
export type SplatStep = { kind: 'attr'; name: string; range: Range } | { kind: 'index'; key: Expr; range: Range };

export interface SplatExpr extends Node {
  kind: 'splat';
  target: Expr;
  full: boolean;
  steps: SplatStep[];
}

export interface CallExpr extends Node {
  kind: 'call';
  name: string;
  nameRange: Range;
  args: Expr[];
  expandFinal: boolean;
}

export interface ConditionalExpr extends Node {
  kind: 'conditional';
  cond: Expr;
  then: Expr;
  else: Expr;
}

export type BinaryOp = '*' | '/' | '%' | '+' | '-' | '>' | '>=' | '<' | '<=' | '==' | '!=' | '&&' | '||';

export interface BinaryExpr extends Node {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr extends Node {
  kind: 'unary';
  op: '-' | '!';
  operand: Expr;
}

export interface ForExpr extends Node {
  kind: 'for';
  keyVar: string | null;
  valVar: string;
  coll: Expr;
  /** Present for `{ for ... : k => v }`. */
  keyExpr: Expr | null;
  valExpr: Expr;
  cond: Expr | null;
  grouping: boolean;
}

export interface ParenExpr extends Node {
  kind: 'paren';
  inner: Expr;
}

export interface Attribute {
  name: string;
  nameRange: Range;
  expr: Expr;
  range: Range;
}

export interface Block {
  type: string;
  typeRange: Range;
  labels: string[];
  labelRanges: Range[];
  body: Body;
  range: Range;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  range: Range;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface SyntaxError {
  message: string;
  range: Range;
}

export interface ParsedFile {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  body: Body;
  comments: Comment[];
  errors: SyntaxError[];
  format: 'hcl' | 'json';
}

export function mkRange(file: string, sl: number, sc: number, el: number, ec: number): Range {
  return { file, start: position(sl, sc), end: position(el, ec) };
}

/** The smallest range covering both. */
export function spanRanges(a: Range, b: Range): Range {
  return { file: a.file, start: a.start, end: b.end };
}

export function attr(body: Body, name: string): Attribute | undefined {
  for (const a of body.attributes) if (a.name === name) return a;
  return undefined;
}

export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}
