/**
 * Renders our syntax tree the way @cdktf/hcl2json (tmccombs/hcl2json on HashiCorp's HCL parser)
 * renders a file, so that a differential test can compare the two readings value by value:
 * literals become JSON values, every other expression becomes "${source}".
 */
import type { Body, Expr, ParsedFile, Range, TemplatePart } from '../../src/hcl/ast';

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

export class Hcl2JsonView {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  private offset(p: { line: number; column: number }): number {
    return this.lineStarts[p.line - 1] + p.column - 1;
  }

  private source(r: Range): string {
    let end = this.offset(r.end);
    if (this.text[end] === ')') end++;
    return this.text.slice(this.offset(r.start), end);
  }

  private wrap(e: Expr): string {
    return '${' + this.source(e.range) + '}';
  }

  file(f: ParsedFile): Json {
    return this.body(f.body);
  }

  body(b: Body): { [k: string]: Json } {
    const out: { [k: string]: Json } = {};
    for (const block of b.blocks) {
      let target = out;
      let key = block.type;
      for (const label of block.labels) {
        if (!(key in target)) target[key] = {};
        target = target[key] as { [k: string]: Json };
        key = label;
      }
      const value = this.body(block.body);
      if (key in target) (target[key] as Json[]).push(value);
      else target[key] = [value];
    }
    for (const a of b.attributes) out[a.name] = this.expr(a.expr);
    return out;
  }

  private isStringLiteral(e: Expr): boolean {
    return e.kind === 'template' && e.parts.every((p) => p.kind === 'lit');
  }

  private literalText(parts: TemplatePart[]): string {
    return parts.map((p) => (p.kind === 'lit' ? escapeTemplate(p.value) : '')).join('');
  }

  expr(e: Expr): Json {
    switch (e.kind) {
      case 'literal':
        return e.value;
      case 'unary':
        if (e.operand.kind === 'literal') {
          const v = e.operand.value;
          return e.op === '-' ? -(v as number) : !v;
        }
        return this.wrap(e);
      case 'template':
        if (this.isStringLiteral(e)) return this.literalText(e.parts);
        if (!e.heredoc && e.parts.length === 1 && e.parts[0].kind === 'interp') return this.expr(e.parts[0].expr);
        return this.templateParts(e.parts);
      case 'tuple':
        return e.items.map((i) => this.expr(i));
      case 'object': {
        const m: { [k: string]: Json } = {};
        for (const item of e.items) {
          const key = item.keyIsName ? this.source(item.key.range) : this.stringPart(item.key);
          m[key] = this.expr(item.value);
        }
        return m;
      }
      default:
        return this.wrap(e);
    }
  }

  private templateParts(parts: TemplatePart[]): string {
    return parts.map((p) => this.part(p)).join('');
  }

  private part(p: TemplatePart): string {
    switch (p.kind) {
      case 'lit':
        return escapeTemplate(p.value);
      case 'interp':
        return this.stringPart(p.expr);
      case 'if': {
        const t = this.templateParts(p.then);
        const f = p.else ? this.templateParts(p.else) : '';
        return '%{if ' + this.source(p.cond.range) + '}' + t + (f.length > 0 ? '%{else}' + f : '') + '%{endif}';
      }
      case 'for':
        return (
          '%{for ' + (p.keyVar ? p.keyVar + ', ' : '') + p.valVar + ' in ' + this.source(p.coll.range) + '}' +
          this.templateParts(p.body) + '%{endfor}'
        );
    }
  }

  private stringPart(e: Expr): string {
    switch (e.kind) {
      case 'literal':
        return e.value === null ? '' : String(e.value);
      case 'template':
        if (this.isStringLiteral(e)) return this.literalText(e.parts);
        return this.templateParts(e.parts);
      case 'conditional': {
        const t = this.stringPart(e.then);
        const f = this.stringPart(e.else);
        return '%{if ' + this.source(e.cond.range) + '}' + t + (f.length > 0 ? '%{else}' + f : '') + '%{endif}';
      }
      default:
        return this.wrap(e);
    }
  }
}

/** hcl2json keeps template escapes in literal text. */
function escapeTemplate(s: string): string {
  return s.replace(/([$%])\{/g, (_m, c: string) => c + c + '{');
}
