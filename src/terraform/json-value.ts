/**
 * JSON text held in a Terraform string -> a value whose every node knows its source position.
 * Used by jsondecode() and by the policy model for heredoc, quoted and file() policies. A string
 * that is only partly known (an interpolation with no value) is parsed with placeholders, so the
 * known parts of a policy survive and the holes become Unknown values.
 */
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Range } from '../hcl/ast';
import { MAX_JSON_DEPTH, jsonDepth } from '../hcl/json-depth';
import { stringPosition, unknown, type VStr, type VUnknown, type Val } from './value';

const HOLE = '\u0000tfxacct-unknown\u0000';

export interface JsonParseFailure {
  error: string;
  range?: Range;
}

/** Text of a (partly known) string with placeholders for the holes, and whether holes exist. */
function textWithHoles(v: VStr | VUnknown): { text: string; holes: number } | undefined {
  if (v.t === 's') return { text: v.v, holes: 0 };
  if (!v.parts) return undefined;
  let text = '';
  let holes = 0;
  let inString = false;
  for (const p of v.parts) {
    if (p === null) {
      holes++;
      text += inString ? HOLE : `"${HOLE}"`;
      continue;
    }
    for (let i = 0; i < p.length; i++) {
      const c = p[i];
      if (c === '\\' && inString) {
        i++;
        continue;
      }
      if (c === '"') inString = !inString;
    }
    text += p;
  }
  return { text, holes };
}

/** Maps an offset in the placeholder text back to the offset in the known text (holes have length 0). */
function offsetMapper(v: VStr | VUnknown): (offset: number) => number {
  if (v.t === 's' || !v.parts) return (o) => o;
  const marks: { at: number; width: number }[] = [];
  let pos = 0;
  let inString = false;
  for (const p of v.parts) {
    if (p === null) {
      const w = inString ? HOLE.length : HOLE.length + 2;
      marks.push({ at: pos, width: w });
      pos += w;
      continue;
    }
    for (let i = 0; i < p.length; i++) {
      if (p[i] === '\\' && inString) {
        i++;
        continue;
      }
      if (p[i] === '"') inString = !inString;
    }
    pos += p.length;
  }
  return (o) => {
    let shift = 0;
    for (const m of marks) {
      if (m.at >= o) break;
      shift += Math.min(m.width, o - m.at);
    }
    return o - shift;
  };
}

/**
 * Parses JSON held in a string value. Objects keep their key ranges; every value its range
 * (traced through the string's source map into the .tf, heredoc or JSON file it came from).
 */
export function parseJsonValue(v: VStr | VUnknown, fallback?: Range): Val | JsonParseFailure {
  const t = textWithHoles(v);
  if (!t) return { error: 'the JSON text is unknown', range: v.r ?? fallback };
  if (jsonDepth(t.text) > MAX_JSON_DEPTH) return { error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, range: v.r ?? fallback };
  const errors: ParseError[] = [];
  const root = parseTree(t.text, errors, { disallowComments: true, allowTrailingComma: false });
  const toKnown = offsetMapper(v);
  const place = (offset: number, length: number): Range | undefined => {
    const base = v.r ?? fallback;
    if (!base) return undefined;
    const s = v.t === 's' ? stringPosition(v, toKnown(offset)) : positionIn(v, toKnown(offset));
    const e = v.t === 's' ? stringPosition(v, Math.max(0, toKnown(offset + length) - 1)) : positionIn(v, Math.max(0, toKnown(offset + length) - 1));
    if (!s) return base;
    const end = e ? { line: e.line, column: e.column + 1 } : s;
    const file = segFile(v, toKnown(offset)) ?? base.file;
    return { file, start: s, end: end.line < s.line || (end.line === s.line && end.column < s.column) ? s : end };
  };
  if (errors.length > 0 || !root) {
    const e = errors[0];
    return { error: `invalid JSON: ${e ? printParseErrorCode(e.error) : 'empty document'}`, range: e ? place(e.offset, e.length) : v.r ?? fallback };
  }
  const convert = (n: JNode, depth: number): Val => {
    const r = place(n.offset, n.length);
    if (depth > 200) return unknown('JSON nested too deeply', r);
    switch (n.type) {
      case 'object': {
        const m = new Map<string, Val>();
        const keyRanges = new Map<string, Range>();
        for (const prop of n.children ?? []) {
          const [k, x] = prop.children ?? [];
          if (!k || !x) continue;
          const key = String(k.value);
          m.set(key, convert(x, depth + 1));
          const kr = place(k.offset, k.length);
          if (kr) keyRanges.set(key, kr);
        }
        return { t: 'o', m, keyRanges, ...(r ? { r } : {}) };
      }
      case 'array':
        return { t: 'l', items: (n.children ?? []).map((c) => convert(c, depth + 1)), ...(r ? { r } : {}) };
      case 'string': {
        const s = String(n.value);
        if (s.includes(HOLE)) {
          const parts = s.split(HOLE).flatMap((p, i) => (i === 0 ? [p] : [null, p])).filter((p) => p !== '');
          const why = v.t === 'u' ? v.why : 'unknown';
          return unknown(why, r, { parts, ...(v.t === 'u' && v.ref ? { ref: v.ref } : {}) });
        }
        return { t: 's', v: s, ...(r ? { r } : {}) };
      }
      case 'number':
        return { t: 'n', v: Number(n.value), ...(r ? { r } : {}) };
      case 'boolean':
        return { t: 'b', v: Boolean(n.value), ...(r ? { r } : {}) };
      default:
        return { t: 'null', ...(r ? { r } : {}) };
    }
  };
  return convert(root, 0);
}

function positionIn(v: VUnknown, offset: number) {
  if (!v.segs) return v.r?.start;
  return stringPosition({ t: 's', v: '', segs: v.segs, r: v.r }, offset);
}

function segFile(v: VStr | VUnknown, offset: number): string | undefined {
  for (const s of v.segs ?? []) {
    if (offset >= s.offset && offset < s.offset + Math.max(1, s.length)) return s.lit?.range.file ?? s.range?.file;
  }
  return undefined;
}

export const isJsonFailure = (x: Val | JsonParseFailure): x is JsonParseFailure => 'error' in x;
