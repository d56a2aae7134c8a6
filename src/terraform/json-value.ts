/**
 * JSON text held in a Terraform string -> a value whose every node knows its source position.
 * Used by jsondecode() and by the policy model for heredoc, quoted and file() policies. A string
 * that is only partly known (an interpolation with no value) is parsed with placeholders, so the
 * known parts of a policy survive and the holes become Unknown values.
 */
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Range } from '../hcl/ast';
import { MAX_JSON_DEPTH, jsonDepth } from '../hcl/json-depth';
import { position } from '../hcl/source-text';
import { KeyRangeList, holeAt, segAt, stringPosition, unknown, type VObj, type VStr, type VUnknown, type Val } from './value';
import { countWhile } from '../collections';

/**
 * Placeholders for the holes of a partly known text: private-use characters chosen so that none
 * occurs in the known text (a hostile text cannot forge or break them). A hole inside a JSON string
 * becomes `<open>k<close>`; a hole that stands for structure becomes the JSON string
 * `"<struct>k<close>"`, and converts back to the hole's own value (and its known structure).
 */
export interface JsonParseFailure {
  error: string;
  range?: Range;
}

interface Marks {
  open: string;
  struct: string;
  close: string;
  /** Any placeholder in a string, and a string that is one structural placeholder (built once per text). */
  any: RegExp;
  whole: RegExp;
}

function chooseMarks(parts: (string | null)[]): Marks | undefined {
  const used = new Set<number>();
  for (const p of parts) {
    if (p === null) continue;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c >= 0xe000 && c <= 0xf8ff) used.add(c);
    }
  }
  const free: string[] = [];
  for (let c = 0xe000; c <= 0xf8ff && free.length < 3; c++) if (!used.has(c)) free.push(String.fromCharCode(c));
  if (free.length < 3) return undefined;
  const [open, struct, close] = free;
  return { open, struct, close, any: new RegExp(`[${open}${struct}](\\d+)${close}`, 'g'), whole: new RegExp(`^${struct}(\\d+)${close}$`) };
}

interface HoleText {
  text: string;
  holes: number;
  marks?: Marks;
  spans: Span[];
}

/** A placeholder in the text: where it starts, its width, and the width of the placeholders before it. */
interface Span {
  at: number;
  width: number;
  before: number;
}

/** Text of a (partly known) string with placeholders for the holes. */
function textWithHoles(v: VStr | VUnknown): HoleText | undefined {
  if (v.t === 's') return { text: v.v, holes: 0, spans: [] };
  if (!v.parts) return undefined;
  const marks = chooseMarks(v.parts);
  if (!marks) return undefined;
  let text = '';
  let holes = 0;
  let inString = false;
  const spans: Span[] = [];
  let before = 0;
  for (const p of v.parts) {
    if (p === null) {
      const ph = inString ? `${marks.open}${holes}${marks.close}` : `"${marks.struct}${holes}${marks.close}"`;
      spans.push({ at: text.length, width: ph.length, before });
      before += ph.length;
      holes++;
      text += ph;
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
  return { text, holes, marks, spans };
}

/** Maps an offset in the placeholder text back to the offset in the known text (holes have length 0). */
function offsetMapper(spans: Span[]): (offset: number) => number {
  if (spans.length === 0) return (o) => o;
  return (o) => {
    // the last placeholder that starts before `o` (binary search), and how far into it `o` lies
    const lo = countWhile(spans.length, (i) => spans[i].at < o);
    if (lo === 0) return o;
    const last = spans[lo - 1];
    return o - last.before - Math.min(last.width, o - last.at);
  };
}

/** Objects read so far, in this process, that write a key twice (JSON text is the only way to write one). */
let objectsWithDuplicates = 0;

/** Whether any value read so far holds an object with a key written twice: until one does, no value needs to be searched for one. */
export function duplicateKeysSeen(): boolean {
  return objectsWithDuplicates > 0;
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
  const toKnown = offsetMapper(t.spans);
  const place = (offset: number, length: number): Range | undefined => {
    const base = v.r ?? fallback;
    if (!base) return undefined;
    const s = v.t === 's' ? stringPosition(v, toKnown(offset)) : positionIn(v, toKnown(offset));
    const e = v.t === 's' ? stringPosition(v, Math.max(0, toKnown(offset + length) - 1)) : positionIn(v, Math.max(0, toKnown(offset + length) - 1));
    if (!s) return base;
    const end = e ? position(e.line, e.column + 1) : s;
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
        const keyRanges = new KeyRangeList();
        let partial: string | undefined;
        let dups: VObj['dups'];
        for (const prop of n.children ?? []) {
          const [k, x] = prop.children ?? [];
          if (!k || !x) continue;
          const key = String(k.value);
          if (t.marks && v.t === 'u' && (key.includes(t.marks.open) || key.includes(t.marks.struct))) {
            // a key whose name is not known: the object may hold more than its known keys
            const kv = holeValue(key, v, t.marks, undefined);
            partial ??= kv.t === 'u' ? `a key is unknown: ${kv.why}` : 'a key is unknown';
            continue;
          }
          const value = convert(x, depth + 1);
          const kr = place(k.offset, k.length);
          if (m.has(key)) {
            // a key written twice: the object keeps the last, and every value for its readings
            dups ??= new Map();
            objectsWithDuplicates++;
            const all = dups.get(key) ?? { values: [m.get(key)!], ranges: [keyRanges.get(key) ?? r!] };
            all.values.push(value);
            all.ranges.push(kr ?? r!);
            dups.set(key, all);
          }
          m.set(key, value);
          if (kr) keyRanges.set(key, kr);
        }
        return { t: 'o', m, keyRanges: keyRanges.done(), ...(r ? { r } : {}), ...(partial ? { partial } : {}), ...(dups ? { dups } : {}) };
      }
      case 'array':
        return { t: 'l', items: (n.children ?? []).map((c) => convert(c, depth + 1)), ...(r ? { r } : {}) };
      case 'string': {
        const s = String(n.value);
        if (t.marks && v.t === 'u' && (s.includes(t.marks.open) || s.includes(t.marks.struct))) return holeValue(s, v, t.marks, r);
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

/**
 * The value of a JSON string that holds placeholders: a structural hole is the hole's own value
 * (with the structure it knows, as jsonencode of a partly known value has); a string with holes
 * is a partly known string whose every hole keeps its own reason and reference.
 */
function holeValue(s: string, v: VUnknown, marks: Marks, r: Range | undefined): Val {
  const re = marks.any;
  re.lastIndex = 0;
  const whole = marks.whole.exec(s);
  if (whole) {
    const h = holeAt(v, Number(whole[1]));
    if (h.json) return h.json;
    return { ...h, ...(r ? { r } : {}) };
  }
  const parts: (string | null)[] = [];
  const holes: VUnknown[] = [];
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) parts.push(s.slice(last, m.index));
    parts.push(null);
    holes.push(holeAt(v, Number(m[1])));
    last = re.lastIndex;
  }
  if (last < s.length) parts.push(s.slice(last));
  const first = holes[0];
  return unknown(first.why, r, { parts, holes, ...(first.ref ? { ref: first.ref } : {}), ...(first.sensitive ? { sensitive: true } : {}) });
}

function positionIn(v: VUnknown, offset: number) {
  if (!v.segs) return v.r?.start;
  return stringPosition({ t: 's', v: '', segs: v.segs, r: v.r }, offset);
}

function segFile(v: VStr | VUnknown, offset: number): string | undefined {
  const s = segAt(v.segs, offset);
  return s?.lit?.range.file ?? s?.range?.file;
}

export const isJsonFailure = (x: Val | JsonParseFailure): x is JsonParseFailure => 'error' in x;
