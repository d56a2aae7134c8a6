/**
 * Values produced by evaluating Terraform expressions. Unknown values are ordinary data: they
 * carry why they are unknown, where they came from and, when a string is only partly known, its
 * known fragments. Values also keep the source range they were written at, so a policy built
 * with jsonencode() or a template can point back at the line of each principal or condition.
 */
import type { Pos, Range, TemplateLiteral } from '../hcl/ast';
import { literalPosition } from '../hcl/template-text';
import { compact, countWhile } from '../collections';

/** Maps a run of a string value back to its source. */
export interface StrSeg {
  offset: number;
  length: number;
  /** Literal template text the run was copied from, at `litOffset`. */
  lit?: TemplateLiteral;
  litOffset?: number;
  /** Otherwise the whole run maps to this range. */
  range?: Range;
}

/** A reference to an attribute of a resource, data source or module instance. */
export interface Ref {
  address: string;
  attr: string;
}

/** Fields every value may carry: `r` where it was written, `u` the reference it was last read through. */
interface Located {
  r?: Range;
  u?: Range;
}

export interface VStr extends Located {
  t: 's';
  v: string;
  segs?: StrSeg[];
  /** The structured value this string was encoded from (jsonencode, policy documents). */
  json?: Val;
  ref?: Ref;
  sensitive?: boolean;
}
export interface VNum extends Located {
  t: 'n';
  v: number;
}
export interface VBool extends Located {
  t: 'b';
  v: boolean;
}
export interface VNull extends Located {
  t: 'null';
}
export interface VList extends Located {
  t: 'l';
  items: Val[];
  set?: boolean;
  /**
   * The instances of a resource or module whose count is unknown, read as one possible instance:
   * the items are what it would be, but how many there are is not known (why).
   */
  possible?: string;
}
export interface VObj extends Located {
  t: 'o';
  m: Map<string, Val>;
  keyRanges?: KeyRanges;
  /** Set on resource instances: attributes not in the map are computed by AWS (unknown), not missing. */
  open?: string;
  /** The object may hold further keys, or other values for its keys, that are not known (why). */
  partial?: string;
  /** Keys written more than once in JSON text: every value in order, and where each key is written. */
  dups?: Map<string, { values: Val[]; ranges: Range[] }>;
}
export interface VUnknown extends Located {
  t: 'u';
  why: string;
  /** The value is unknown because evaluating it failed (what try() and can() look at). */
  err?: boolean;
  /** Source map of the known fragments in `parts`, laid end to end with holes of length 0. */
  segs?: StrSeg[];
  /** Known fragments of a string (null marks an unknown hole), when the value is a string. */
  parts?: (string | null)[];
  /** The unknown value behind each hole of `parts`, in order (its own reason, reference and structure). */
  holes?: VUnknown[];
  /** A structure known in part (a policy document whose JSON cannot be rendered in full). */
  json?: Val;
  ref?: Ref;
  sensitive?: boolean;
}

export type Val = VStr | VNum | VBool | VNull | VList | VObj | VUnknown;

/** Where each key of an object is written (a Map is one). */
export interface KeyRanges {
  get(key: string): Range | undefined;
}

/** Past this many keys a KeyRangeList keeps a Map. */
const KEY_LIST_MAX = 16;

/**
 * Where the keys of an object are written, as a list of key and range pairs: objects hold few
 * keys, and a Map of one key takes twice the memory of the list (a scan keeps tens of thousands).
 * A key set again keeps its latest range, as in a Map; past KEY_LIST_MAX keys it is a Map.
 */
export class KeyRangeList implements KeyRanges {
  private pairs: (string | Range)[] | Map<string, Range> = [];

  set(key: string, range: Range): this {
    const pairs = this.pairs;
    if (!Array.isArray(pairs)) {
      pairs.set(key, range);
      return this;
    }
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === key) {
        pairs[i + 1] = range;
        return this;
      }
    }
    if (pairs.length >= 2 * KEY_LIST_MAX) {
      const map = new Map<string, Range>();
      for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i] as string, pairs[i + 1] as Range);
      this.pairs = map.set(key, range);
    } else pairs.push(key, range);
    return this;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get(key: string): Range | undefined {
    const pairs = this.pairs;
    if (!Array.isArray(pairs)) return pairs.get(key);
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] as Range;
    return undefined;
  }

  /** The list at its own size, once every key is set (a list grown by push keeps room for more). */
  done(): this {
    if (Array.isArray(this.pairs)) this.pairs = compact(this.pairs);
    return this;
  }
}

export const NULL: VNull = { t: 'null' };

export const str = (v: string, r?: Range): VStr => (r ? { t: 's', v, r } : { t: 's', v });
export const num = (v: number, r?: Range): VNum => (r ? { t: 'n', v, r } : { t: 'n', v });
export const bool = (v: boolean, r?: Range): VBool => (r ? { t: 'b', v, r } : { t: 'b', v });
export const list = (items: Val[], r?: Range): VList => (r ? { t: 'l', items, r } : { t: 'l', items });
export const unknown = (why: string, r?: Range, extra: Partial<VUnknown> = {}): VUnknown => ({ t: 'u', why, ...(r ? { r } : {}), ...extra });

export function obj(entries: Iterable<[string, Val]>, r?: Range): VObj {
  const o: VObj = { t: 'o', m: new Map(entries) };
  if (r) o.r = r;
  return o;
}

export const isUnknown = (v: Val): v is VUnknown => v.t === 'u';

/** Deepest value nesting tfxacct looks into; deeper parts count as unknown. */
export const MAX_VALUE_DEPTH = 200;

/**
 * The first part of a value that is not known: an unknown inside it, or (for a value nested
 * deeper than MAX_VALUE_DEPTH) an unknown saying so; undefined when all of it is known. Shared
 * parts are visited once, so values built by doubling through locals stay linear to inspect.
 */
export function firstUnknown(v: Val): VUnknown | undefined {
  if (v.t === 'u') return v;
  if (v.t !== 'l' && v.t !== 'o') return undefined;
  // a plain set, made only for a collection: it lives for this call alone
  const seen = new Set<Val>();
  const walk = (x: Val, depth: number): VUnknown | undefined => {
    if (x.t === 'u') return x;
    if (x.t !== 'l' && x.t !== 'o') return undefined;
    if (depth > MAX_VALUE_DEPTH) return unknown(`value nested deeper than ${MAX_VALUE_DEPTH} levels`, x.r, { err: true });
    if (seen.has(x)) return undefined;
    seen.add(x);
    if (x.t === 'l') {
      for (let i = 0; i < x.items.length; i++) {
        const u = walk(x.items[i], depth + 1);
        if (u) return u;
      }
      return undefined;
    }
    for (const i of x.m.values()) {
      const u = walk(i, depth + 1);
      if (u) return u;
    }
    return undefined;
  };
  return walk(v, 0);
}

/** True when the value and everything inside it is known (and not nested too deeply to tell). */
export function isWhollyKnown(v: Val): boolean {
  return firstUnknown(v) === undefined;
}

/** Plain JavaScript view of a wholly known value (unknowns become undefined). */
export function toPlain(v: Val, depth = 0): unknown {
  if (depth > 200) return undefined;
  switch (v.t) {
    case 's':
    case 'n':
    case 'b':
      return v.v;
    case 'null':
      return null;
    case 'l':
      return v.items.map((i) => toPlain(i, depth + 1));
    case 'o': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.m) out[k] = toPlain(x, depth + 1);
      return out;
    }
    case 'u':
      return undefined;
  }
}

/** Value from plain JSON data (tfvars.json, plan values), every node tagged with `r` when given. */
export function fromPlain(x: unknown, r?: Range, depth = 0): Val {
  if (depth > 500) return unknown('value nested too deeply', r);
  if (x === null || x === undefined) return r ? { t: 'null', r } : NULL;
  if (typeof x === 'string') return str(x, r);
  if (typeof x === 'number') return num(x, r);
  if (typeof x === 'boolean') return bool(x, r);
  if (Array.isArray(x)) return list(x.map((i) => fromPlain(i, r, depth + 1)), r);
  if (typeof x === 'object') return obj(Object.entries(x as Record<string, unknown>).map(([k, i]) => [k, fromPlain(i, r, depth + 1)]), r);
  return unknown(`unsupported value ${typeof x}`, r);
}

export function typeName(v: Val): string {
  switch (v.t) {
    case 's':
      return 'string';
    case 'n':
      return 'number';
    case 'b':
      return 'bool';
    case 'null':
      return 'null';
    case 'l':
      return v.set ? 'set' : 'list';
    case 'o':
      return 'object';
    case 'u':
      return 'unknown';
  }
}

/** Source position of a character of a string value, when it can be traced. */
export function stringPosition(v: VStr, offset: number): Pos | undefined {
  const s = segAt(v.segs, offset);
  if (s?.lit) return literalPosition(s.lit, (s.litOffset ?? 0) + (offset - s.offset));
  if (s?.range) return s.range.start;
  return v.r?.start;
}

/** Most runs a string's source map keeps: past it, a copied string maps as one run to where it was used. */
export const MAX_SEGS = 4096;

/**
 * Appends the source map of a string copied at `shift` (or one run `fallback` when copying would
 * pass MAX_SEGS: strings doubled through locals must not double their maps too).
 */
export function appendSegs(out: StrSeg[], from: StrSeg[] | undefined, shift: number, length: number, fallback: Range | undefined): void {
  if (from && out.length + from.length <= MAX_SEGS) {
    for (const sg of from) out.push({ ...sg, offset: sg.offset + shift });
  } else if (fallback && out.length < MAX_SEGS) out.push({ offset: shift, length, range: fallback });
}

/** The source map run holding `offset` (runs are in offset order: a binary search). */
export function segAt(segs: StrSeg[] | undefined, offset: number): StrSeg | undefined {
  if (!segs || segs.length === 0) return undefined;
  const lo = countWhile(segs.length, (i) => segs[i].offset <= offset);
  // runs of length 0 share an offset with the next: the first run that holds it wins
  let found: StrSeg | undefined;
  for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) {
    const s = segs[i];
    if (offset >= s.offset && offset < s.offset + Math.max(1, s.length)) found = s;
    else if (found) break;
  }
  return found;
}

/** Deep equality of known values; undefined when either side holds unknowns. */
export function valEquals(a: Val, b: Val, depth = 0): boolean | undefined {
  if (depth > 200) return undefined;
  if (a.t === 'u' || b.t === 'u') return undefined;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 's':
    case 'n':
    case 'b':
      return a.v === (b as VStr | VNum | VBool).v;
    case 'null':
      return true;
    case 'l': {
      const bl = b as VList;
      if (a.items.length !== bl.items.length) return false;
      let sure = true;
      for (let i = 0; i < a.items.length; i++) {
        const e = valEquals(a.items[i], bl.items[i], depth + 1);
        if (e === false) return false;
        if (e === undefined) sure = false;
      }
      return sure ? true : undefined;
    }
    case 'o': {
      const bo = b as VObj;
      if (a.m.size !== bo.m.size) return false;
      let sure = true;
      for (const [k, x] of a.m) {
        const y = bo.m.get(k);
        if (!y) return false;
        const e = valEquals(x, y, depth + 1);
        if (e === false) return false;
        if (e === undefined) sure = false;
      }
      return sure ? true : undefined;
    }
  }
}

/** Terraform's string conversion of primitive values; undefined when not convertible. */
export function asString(v: Val): string | undefined {
  switch (v.t) {
    case 's':
      return v.v;
    case 'n':
      return formatNumber(v.v);
    case 'b':
      return v.v ? 'true' : 'false';
    default:
      return undefined;
  }
}

/**
 * Terraform's text of a number: positional, never with an exponent (go-cty writes big.Float's
 * `Text('f', -1)`), so 1e21 is "1000000000000000000000" and 1.5e-7 is "0.00000015". The digits
 * are the shortest that give the double back (JavaScript's), laid out without the exponent.
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.charCodeAt(0) === 45;
  const mantissa = s.slice(neg ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // where the decimal point falls in the digits
  const point = (dot < 0 ? mantissa.length : dot) + Number(s.slice(e + 1));
  const text = point <= 0 ? '0.' + '0'.repeat(-point) + digits : point >= digits.length ? digits + '0'.repeat(point - digits.length) : digits.slice(0, point) + '.' + digits.slice(point);
  return neg ? '-' + text : text;
}

/** Longest JSON text tfxacct renders (jsonencode, comparisons): past it the value is unknown. */
export const MAX_JSON_TEXT = 16 * 1024 * 1024;

/**
 * Canonical JSON text of a known value, with object keys sorted as Terraform's jsonencode does;
 * undefined for unknown parts, and for a text that would pass MAX_JSON_TEXT (`budget.over` says so).
 */
export function toJsonText(v: Val, depth = 0, budget: { left: number; over?: boolean } = { left: MAX_JSON_TEXT }): string | undefined {
  if (depth > 500 || budget.over) return undefined;
  const text = jsonTextOf(v, depth, budget);
  // leaves count their text, collections only what they add (brackets, keys): the total is the output's length
  if (text !== undefined) budget.left -= v.t === 'l' ? 2 : v.t === 'o' ? 2 + [...v.m.keys()].reduce((n, k) => n + k.length + 4, 0) : text.length;
  if (budget.left < 0) {
    budget.over = true;
    return undefined;
  }
  return text;
}

/**
 * A number of characters that the JSON text of `v` surely does not pass (every character of a
 * string at its longest escape, \uXXXX), counted without making the text; undefined when the
 * value has no JSON text (unknown parts, a number JSON cannot hold, too deep) or the count passes
 * `max`. Shared parts count each time they appear, as in the text.
 */
export function jsonTextBound(v: Val, max: number, depth = 0): number | undefined {
  if (depth > 500) return undefined;
  switch (v.t) {
    case 's': {
      const n = 6 * v.v.length + 2;
      return n <= max ? n : undefined;
    }
    case 'n':
      return Number.isFinite(v.v) ? 32 : undefined;
    case 'b':
      return 5;
    case 'null':
      return 4;
    case 'l': {
      let n = 2 + v.items.length;
      for (const i of v.items) {
        const b = n <= max ? jsonTextBound(i, max - n, depth + 1) : undefined;
        if (b === undefined) return undefined;
        n += b;
      }
      return n <= max ? n : undefined;
    }
    case 'o': {
      let n = 2;
      for (const k of v.m.keys()) {
        const b = n <= max ? jsonTextBound(v.m.get(k)!, max - n, depth + 1) : undefined;
        if (b === undefined) return undefined;
        n += 6 * k.length + 4 + b;
      }
      return n <= max ? n : undefined;
    }
    case 'u':
      return undefined;
  }
}

/**
 * A string made from a structured value (jsonencode, a policy document's JSON) whose text is made
 * only when something reads it: most such strings are read as their structure (`json`) alone.
 * `text` says how: `jsonencode` (Terraform's encoding), `indented` or `compact` (a policy
 * document's JSON). `bound` is a length the text surely does not pass, when known.
 */
export function lazyJsonString(json: Val, text: LazyText, r: Range | undefined, bound?: number): VStr {
  const out = { t: 's' } as VStr;
  // one getter function for every lazy string keeps them in V8's fast mode (a getter per object
  // would not); it finds the string's text through LAZY
  Object.defineProperty(out, 'v', LAZY_V);
  out.r = r;
  out.json = json;
  LAZY.set(out, { json, text, bound });
  return out;
}

export type LazyText = 'jsonencode' | 'indented' | 'compact';

/** A lazily made string's structure, how its text is made (once, for every copy), and the length the text surely does not pass. */
interface Lazy {
  json: Val;
  text: LazyText | { made: string };
  bound: number | undefined;
}

const LAZY = new WeakMap<Val, Lazy>();

function lazyText(lazy: Lazy): string {
  if (typeof lazy.text === 'object') return lazy.text.made;
  const made = lazy.text === 'jsonencode' ? toJsonText(lazy.json)! : JSON.stringify(toPlain(lazy.json), null, lazy.text === 'indented' ? 2 : undefined);
  lazy.text = { made };
  return made;
}

const LAZY_V: PropertyDescriptor = {
  get(this: Val): string {
    return lazyText(LAZY.get(this)!);
  },
  enumerable: true,
  configurable: true,
};

/** A lazily made string's state; undefined for every other value (only strings made from a structure can be lazy). */
function lazyOf(v: Val): Lazy | undefined {
  return v.t === 's' && v.json !== undefined ? LAZY.get(v) : undefined;
}

/** A copy of a lazy string with the same keys in the same order, `fields` laid over them, sharing its text. */
function lazyCopy<T extends Val>(v: T, lazy: Lazy, fields: Partial<Located>): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (k === 'v') Object.defineProperty(out, 'v', LAZY_V);
    else out[k] = (v as unknown as Record<string, unknown>)[k];
  }
  Object.assign(out, fields);
  LAZY.set(out as unknown as Val, lazy);
  return out as unknown as T;
}

/** Whether a string is at most `max` characters long, without making a lazy string's text when its bound says so. */
export function lengthAtMost(v: VStr, max: number): boolean {
  const bound = lazyOf(v)?.bound;
  return bound !== undefined && bound <= max ? true : v.v.length <= max;
}

function jsonTextOf(v: Val, depth: number, budget: { left: number; over?: boolean }): string | undefined {
  switch (v.t) {
    case 's':
      return JSON.stringify(v.v);
    case 'n':
      return Number.isFinite(v.v) ? formatNumber(v.v) : undefined;
    case 'b':
      return v.v ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'l': {
      const parts: string[] = [];
      for (const i of v.items) {
        const s = toJsonText(i, depth + 1, budget);
        if (s === undefined) return undefined;
        parts.push(s);
      }
      return '[' + parts.join(',') + ']';
    }
    case 'o': {
      const parts: string[] = [];
      for (const k of [...v.m.keys()].sort()) {
        const s = toJsonText(v.m.get(k)!, depth + 1, budget);
        if (s === undefined) return undefined;
        parts.push(JSON.stringify(k) + ':' + s);
      }
      return '{' + parts.join(',') + '}';
    }
    case 'u':
      return undefined;
  }
}

/** A short human description of a value for messages (never prints sensitive values). */
export function describe(v: Val): string {
  if ('sensitive' in v && v.sensitive) return '(sensitive value)';
  switch (v.t) {
    case 's':
      return JSON.stringify(v.v.length > 120 ? v.v.slice(0, 117) + '...' : v.v);
    case 'u':
      return v.parts ? JSON.stringify(v.parts.map((p) => (p === null ? '…' : p)).join('')) : '(unknown)';
    default: {
      const j = toJsonText(v);
      return j === undefined ? typeName(v) : j.length > 120 ? j.slice(0, 117) + '...' : j;
    }
  }
}

/** The unknown value that fills hole `k` (counting nulls in `parts`) of a partly known string. */
export function holeAt(u: VUnknown, k: number): VUnknown {
  const h = u.holes?.[k];
  if (h) return h;
  const { parts: _p, segs: _s, holes: _h, ...bare } = u;
  return bare;
}

/** Attaches a source range to a value that has none (a lazily made string stays lazy). */
export function withRange<T extends Val>(v: T, r: Range | undefined): T {
  if (!r || v.r) return v;
  const lazy = lazyOf(v);
  return lazy ? lazyCopy(v, lazy, { r }) : { ...v, r };
}

/** The value as used at `u` (`{ ...v, u }`): a lazily made string stays lazy (spreading it would make its text). */
export function withUse<T extends Val>(v: T, u: Range): T {
  const lazy = lazyOf(v);
  return lazy ? lazyCopy(v, lazy, { u }) : { ...v, u };
}

export function toBool(v: Val): boolean | undefined {
  if (v.t === 'b') return v.v;
  if (v.t === 's') {
    if (v.v === 'true') return true;
    if (v.v === 'false') return false;
  }
  return undefined;
}

export function toNumber(v: Val): number | undefined {
  if (v.t === 'n') return v.v;
  if (v.t === 's' && v.v.trim() !== '' && !Number.isNaN(Number(v.v))) return Number(v.v);
  return undefined;
}
