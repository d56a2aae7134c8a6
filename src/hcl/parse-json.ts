/**
 * Terraform's JSON syntax (.tf.json) -> the same typed syntax tree as HCL files. JSON positions
 * come from jsonc-parser; strings holding `${...}` or `%{...}` are templates and are parsed with
 * the HCL template grammar, their ranges moved onto the JSON string.
 */
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Parser } from 'web-tree-sitter';
import type { Attribute, Block, Body, Expr, ObjectItem, ParsedFile, Range } from './ast';
import { MAX_JSON_DEPTH, jsonDepth } from './json-depth';
import { parseHcl } from './parse-hcl';
import { SourceText, position } from './source-text';
import { decodeLiteral, makeLiteral } from './template-text';

/**
 * Keys that are nested blocks rather than object-valued attributes. Terraform decides this from
 * provider schemas; this list covers the blocks tfxacct reads (and common meta blocks).
 */
const NESTED_BLOCKS = new Set([
  'statement',
  'principals',
  'not_principals',
  'condition',
  'inline_policy',
  'assume_role',
  'assume_role_with_web_identity',
  'rule',
  'apply_server_side_encryption_by_default',
  'server_side_encryption_configuration',
  'lifecycle',
  'constraints',
  'grant',
  'versioning',
  'logging',
  'default_tags',
  'provisioner',
  'connection',
  'timeouts',
  'validation',
  'precondition',
  'postcondition',
  'required_providers',
  'backend',
  'cloud',
  'content',
  'encryption_configuration',
  'kms_key',
  'replication_configuration',
]);

/** Blocks that take one label in JSON form (the label is the next object level). */
const LABELLED_BLOCKS = new Set(['dynamic', 'provisioner', 'backend']);

/** Top-level block types with the number of labels each takes. */
const TOP_LEVEL: Record<string, number> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  check: 1,
  removed: 0,
};

/** Attributes whose JSON string is a literal value, not a template. */
const LITERAL_ATTRS = new Set(['default', 'source', 'version', 'type', 'description', 'sensitive', 'nullable']);

export class JsonReader {
  private readonly src: SourceText;

  constructor(
    private readonly parser: Parser,
    text: string,
    readonly file: string,
    lineMap?: (line: number) => number,
  ) {
    this.src = new SourceText(text, file, lineMap);
  }

  private range(n: JNode): Range {
    return this.src.range(n.offset, n.offset + n.length);
  }

  read(): ParsedFile {
    if (jsonDepth(this.src.text) > MAX_JSON_DEPTH) {
      return { path: this.file, body: emptyBody(this.src.range(0, 0)), comments: [], errors: [{ message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, range: this.src.range(0, 0) }], format: 'json' };
    }
    const errors: ParseError[] = [];
    const root = parseTree(this.src.text, errors, { disallowComments: true, allowTrailingComma: false });
    if (errors.length > 0 || !root) {
      const e = errors[0];
      const at = e ? this.src.range(e.offset, e.offset + e.length) : this.src.range(0, 0);
      return {
        path: this.file,
        body: emptyBody(this.src.range(0, 0)),
        comments: [],
        errors: [{ message: `JSON syntax error: ${e ? printParseErrorCode(e.error) : 'empty document'}`, range: at }],
        format: 'json',
      };
    }
    if (root.type !== 'object') {
      return {
        path: this.file,
        body: emptyBody(this.range(root)),
        comments: [],
        errors: [{ message: 'a .tf.json file must hold a JSON object', range: this.range(root) }],
        format: 'json',
      };
    }
    const body = emptyBody(this.range(root));
    for (const prop of root.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const type = String(keyNode.value);
      if (type === '//') continue;
      const labels = TOP_LEVEL[type];
      if (labels === undefined) continue;
      this.blocks(type, labels, valueNode, keyNode, [], [], body.blocks);
    }
    return { path: this.file, body, comments: [], errors: [], format: 'json' };
  }

  /** Expands `{label: {label: body}}` nesting into blocks. */
  private blocks(type: string, labels: number, n: JNode, typeNode: JNode, got: string[], gotRanges: Range[], out: Block[]): void {
    if (labels === got.length) {
      for (const b of n.type === 'array' ? n.children ?? [] : [n]) {
        if (b.type !== 'object') continue;
        out.push({
          type,
          typeRange: this.range(typeNode),
          labels: got,
          labelRanges: gotRanges,
          body: this.body(b, type),
          range: this.range(b),
        });
      }
      return;
    }
    if (n.type !== 'object') return;
    for (const prop of n.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || k.value === '//') continue;
      this.blocks(type, labels, v, typeNode, [...got, String(k.value)], [...gotRanges, this.range(k)], out);
    }
  }

  private body(n: JNode, blockType: string): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const prop of n.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const name = String(k.value);
      if (name === '//') continue;
      const isBlockShape = v.type === 'object' || (v.type === 'array' && (v.children ?? []).every((c) => c.type === 'object') && (v.children ?? []).length > 0);
      if (blockType !== 'locals' && isBlockShape && (NESTED_BLOCKS.has(name) || LABELLED_BLOCKS.has(name))) {
        this.blocks(name, LABELLED_BLOCKS.has(name) ? 1 : 0, v, k, [], [], blocks);
        continue;
      }
      const literal = blockType === 'variable' && LITERAL_ATTRS.has(name);
      const referenceOnly = name === 'provider' || name === 'depends_on';
      attributes.push({
        name,
        nameRange: this.range(k),
        expr: referenceOnly ? this.reference(v) : this.expr(v, literal),
        range: this.src.range(k.offset, v.offset + v.length),
      });
    }
    return { attributes, blocks, range: this.range(n) };
  }

  /** `"provider": "aws.prod"` holds a bare reference. */
  private reference(n: JNode): Expr {
    if (n.type !== 'string') return this.expr(n, false);
    const range = this.range(n);
    const parts = String(n.value).split('.');
    let e: Expr = { kind: 'variable', name: parts[0], range };
    for (const p of parts.slice(1)) e = { kind: 'getattr', target: e, name: p, range };
    return e;
  }

  private expr(n: JNode, literal: boolean): Expr {
    const range = this.range(n);
    switch (n.type) {
      case 'object': {
        const items: ObjectItem[] = [];
        for (const prop of n.children ?? []) {
          const [k, v] = prop.children ?? [];
          if (!k || !v) continue;
          items.push({
            key: { kind: 'template', parts: [makeLiteral(String(k.value), [], this.range(k))], heredoc: false, range: this.range(k) },
            keyIsName: false,
            value: this.expr(v, literal),
          });
        }
        return { kind: 'object', items, range };
      }
      case 'array':
        return { kind: 'tuple', items: (n.children ?? []).map((c) => this.expr(c, literal)), range };
      case 'string':
        return this.string(n, literal);
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'literal', value: n.type === 'null' ? null : n.value, range };
      default:
        return { kind: 'literal', value: null, range };
    }
  }

  private string(n: JNode, literal: boolean): Expr {
    const range = this.range(n);
    const value = String(n.value);
    const raw = this.src.text.slice(n.offset + 1, n.offset + n.length - 1);
    if (literal) return { kind: 'template', parts: value ? [makeLiteral(value, [{ offset: 0, text: value, pos: range.start, exact: false }], range)] : [], heredoc: false, range };
    if (value.includes('${') || value.includes('%{')) {
      // Terraform decodes the JSON string first, then reads the result as a template.
      const tokenRange = range;
      const exact = raw === value && !value.includes('\n') && !this.src.lineMap;
      const open = this.src.pos(n.offset + 1);
      const mapRange = (r: Range): Range =>
        exact && r.start.line === 2 && r.end.line <= 3
          ? {
              file: this.file,
              start: position(open.line, open.column + r.start.column - 1),
              end: position(open.line, r.end.line === 2 ? open.column + r.end.column - 1 : open.column + value.length),
            }
          : tokenRange;
      const marker = 'TFXACCT_JSON_TEMPLATE_END';
      if (!value.split('\n').some((l) => l.trim() === marker)) {
        const inner = parseHcl(this.parser, `x = <<${marker}\n${value}\n${marker}\n`, this.file, { mapRange });
        const attr = inner.body.attributes[0];
        if (inner.errors.length === 0 && attr && attr.expr.kind === 'template') return withoutFinalNewline(attr.expr);
      }
    }
    const start = this.src.pos(n.offset + 1);
    const decoded = decodeLiteral(raw, start, true);
    return { kind: 'template', parts: decoded.value ? [makeLiteral(decoded.value, decoded.pieces, range)] : [], heredoc: false, range };
  }
}

/** The template of `<<END\nvalue\nEND` without the newline the heredoc adds; a lone interpolation unwrapped. */
function withoutFinalNewline(t: Extract<Expr, { kind: 'template' }>): Expr {
  const parts = [...t.parts];
  const last = parts[parts.length - 1];
  if (last?.kind === 'lit' && last.value.endsWith('\n')) {
    const value = last.value.slice(0, -1);
    if (value === '') parts.pop();
    else parts[parts.length - 1] = { ...last, value };
  }
  return { ...t, parts, heredoc: false };
}

function emptyBody(range: Range): Body {
  return { attributes: [], blocks: [], range };
}

export function parseTfJson(parser: Parser, text: string, file: string, lineMap?: (line: number) => number): ParsedFile {
  try {
    return new JsonReader(parser, text, file, lineMap).read();
  } catch (e) {
    const r: Range = { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return { path: file, body: emptyBody(r), comments: [], errors: [{ message: `could not read JSON: ${(e as Error).message}`, range: r }], format: 'json' };
  }
}
