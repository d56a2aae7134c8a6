/**
 * Terraform's built-in functions. Every pure function of Terraform 1.x evaluates; functions whose
 * result depends on the moment or on randomness (timestamp, uuid, bcrypt…) and provider functions
 * return Unknown with the reason. Functions keep partial knowledge as Terraform does: unknown
 * elements of a list leave its length known, and merge() or concat() of partly unknown pieces keep
 * the known structure (for the policy reader) while their value as a whole is unknown.
 */
import * as crypto from 'node:crypto';
import type { RE2JS } from 're2js';
import type { CallExpr, Range } from '../hcl/ast';
import { FileAccessError, type EvalHost, type Scope } from './scope';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './functions/cidr';
import { csvdecode, textdecodebase64, textencodebase64, uuidv5 } from './functions/encoding';
import { FnError, LimitError, UnsupportedError, fail, tooLarge, unsupported } from './functions/errors';
import { VERB, checkArgumentsUsed, formatVerb, invalidVerb, verbSpec } from './functions/format';
import { formatdate, timeadd, timecmp } from './functions/time';
import { isJsonFailure, parseJsonValue } from './json-value';
import {
  NULL,
  asString,
  bool,
  firstUnknown,
  formatNumber,
  MAX_JSON_TEXT,
  fromPlain,
  isWhollyKnown,
  list,
  num,
  str,
  toJsonText,
  jsonTextBound,
  lazyJsonString,
  lengthAtMost,
  withRange,
  toPlain,
  typeName,
  unknown,
  valEquals,
  holeAt,
  appendSegs,
  KeyRangeList,
  toBool,
  toNumber,
  type StrSeg,
  type VList,
  type VObj,
  type VStr,
  type VUnknown,
  type Val,
} from './value';
import { appendTo } from '../collections';
import { GlobError, globSource } from '../glob';

// loaded when a configuration first calls a regex or YAML function: a scan that calls none does
// not pay for reading them at start-up
let re2Module: typeof import('re2js') | undefined;
let yamlModule: typeof import('yaml') | undefined;
const re2 = (): typeof RE2JS => (re2Module ??= require('re2js') as typeof import('re2js')).RE2JS;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

type Fn = (args: Val[], call: CallExpr, ev: EvalHost, scope: Scope) => Val;

/** Longest string a regular expression function will scan (guards against slow patterns). */
const MAX_REGEX_INPUT = 100_000;


function needStr(v: Val, what = 'argument'): string {
  const s = asString(v);
  if (s === undefined) fail(`${what} must be a string, got ${typeName(v)}`);
  return s!;
}
function needNum(v: Val, what = 'argument'): number {
  const n = toNumber(v);
  if (n === undefined) fail(`${what} must be a number, got ${typeName(v)}`);
  return n!;
}
function needList(v: Val, what = 'argument'): Val[] {
  if (v.t === 'l') return v.items;
  fail(`${what} must be a list, got ${typeName(v)}`);
  return [];
}
function needObj(v: Val, what = 'argument'): VObj {
  if (v.t === 'o') return v;
  fail(`${what} must be a map or object, got ${typeName(v)}`);
  return v as never;
}
/** Elements of a list, or the values of a map (what Terraform's collection functions accept). */
function elements(v: Val): Val[] {
  if (v.t === 'l') return v.items;
  if (v.t === 'o') return [...v.m.values()];
  fail(`expected a collection, got ${typeName(v)}`);
  return [];
}
/** A key equal for equal known values (unknown values get a key of their own). */
function valueKey(v: Val): string {
  const text = toJsonText(v);
  return text === undefined ? `u:${Math.random()}` : `${v.t}:${text}`;
}

function keysOf(items: Val[]): Set<string> {
  return new Set(items.map(valueKey));
}

/** Distinct elements, keyed by their canonical JSON text (linear; unknown elements are kept). */
function dedupe(items: Val[]): Val[] {
  const out: Val[] = [];
  const seen = new Set<string>();
  for (const i of items) {
    const key = toJsonText(i);
    if (key === undefined) out.push(i);
    else if (!seen.has(`${i.t}:${key}`)) {
      seen.add(`${i.t}:${key}`);
      out.push(i);
    }
  }
  return out;
}

function strWithSegs(v: string, segs: StrSeg[], r: Range): VStr {
  return { t: 's', v, r, segs };
}

/** Concatenation that keeps source maps and unknown holes, used by join() and format(). */
function concatStrings(pieces: (Val | string)[], r: Range): Val {
  let text = '';
  const segs: StrSeg[] = [];
  const parts: (string | null)[] = [];
  const holes: VUnknown[] = [];
  let cur = '';
  let firstUnknownVal: VUnknown | undefined;
  for (const p of pieces) {
    if (typeof p === 'string') {
      text += p;
      cur += p;
      continue;
    }
    if (p.t === 'u') {
      if (p.err) return p;
      firstUnknownVal ??= p;
      if (p.parts) {
        let k = 0;
        for (const x of p.parts) {
          if (x === null) {
            parts.push(cur, null);
            holes.push(holeAt(p, k++));
            cur = '';
          } else {
            cur += x;
            text += x;
          }
        }
      } else {
        parts.push(cur, null);
        holes.push(p);
        cur = '';
      }
      continue;
    }
    const s = needStr(p);
    appendSegs(segs, p.t === 's' ? p.segs : undefined, text.length, s.length, p.r);
    text += s;
    cur += s;
  }
  if (!firstUnknownVal) return strWithSegs(text, segs, r);
  parts.push(cur);
  return unknown(firstUnknownVal.why, r, { parts: parts.filter((x) => x !== ''), holes, segs, ...(firstUnknownVal.ref ? { ref: firstUnknownVal.ref } : {}) });
}

function format(fmt: string, args: Val[], r: Range): Val {
  const pieces: (Val | string)[] = [];
  let argi = 0;
  const re = new RegExp(VERB.source, 'g');
  let last = 0;
  let used = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    const gap = fmt.slice(last, m.index);
    const stray = gap.indexOf('%');
    if (stray >= 0) invalidVerb(fmt, last + stray);
    pieces.push(gap);
    last = re.lastIndex;
    if (m[0] === '%%') {
      pieces.push('%');
      continue;
    }
    const spec = verbSpec(m[2], m[4], m[5], m[7]);
    const index = m[6] ?? m[3] ?? m[1];
    if (index) argi = Number(index) - 1;
    const a = args[argi++];
    if (!a) fail('not enough arguments for format string');
    used = Math.max(used, argi);
    // an unknown argument is a hole of the text; a string as it is keeps where its parts were written
    if (a.t === 'u') pieces.push(a);
    else if (a.t === 's' && (spec.verb === 's' || (spec.verb === 'v' && !spec.sharp)) && spec.width <= 0 && spec.prec <= 0) pieces.push(a);
    else pieces.push(formatVerb(spec, a));
  }
  const rest = fmt.slice(last);
  const stray = rest.indexOf('%');
  if (stray >= 0) invalidVerb(fmt, last + stray);
  checkArgumentsUsed(args.length, used);
  pieces.push(rest);
  return concatStrings(pieces, r);
}

/**
 * Terraform's regular expressions are RE2: matched with re2js, a port of RE2 that runs in linear
 * time, so a hostile pattern cannot make a scan hang.
 */
function compileRegex(pattern: string): RE2JS {
  if (pattern.length > 10_000) fail('regular expression too long');
  try {
    return re2().compile(pattern);
  } catch (e) {
    return fail(`invalid regular expression: ${(e as Error).message}`);
  }
}

function regexInput(s: string): string {
  if (s.length > MAX_REGEX_INPUT) tooLarge(`regular expression input longer than ${MAX_REGEX_INPUT} characters`);
  return s;
}

/** The value regex() returns for one match: the match, the captures, or the named captures. */
function regexResult(re: RE2JS, m: ReturnType<RE2JS['matcher']>): Val {
  const count = re.groupCount();
  if (count === 0) return str(m.group(0) ?? '');
  const named = re.namedGroups() as Record<string, number>;
  const names = Object.keys(named);
  if (names.length > 0) {
    if (names.length !== count) fail('a regular expression cannot mix named and unnamed captures');
    return { t: 'o', m: new Map(names.map((n) => [n, m.group(named[n]) === null ? NULL : str(m.group(named[n])!)])) };
  }
  return list(Array.from({ length: count }, (_, i) => (m.group(i + 1) === null ? NULL : str(m.group(i + 1)!))));
}

function toSet(items: Val[]): VList {
  return { t: 'l', items: dedupe(items), set: true };
}

function sha(alg: string, s: string, enc: 'hex' | 'base64' = 'hex'): string {
  return crypto.createHash(alg).update(s, 'utf8').digest(enc);
}

/** Terraform's type conversion for tostring/tonumber/tobool and variable types. */
export function convertPrimitive(v: Val, type: 'string' | 'number' | 'bool'): Val {
  if (v.t === 'null' || v.t === 'u') return v;
  if (type === 'string') {
    const s = asString(v);
    return s === undefined ? fail(`cannot convert ${typeName(v)} to string`) : v.t === 's' ? v : str(s, v.r);
  }
  if (type === 'number') {
    const n = toNumber(v);
    return n === undefined ? fail(`cannot convert ${typeName(v)} to number`) : v.t === 'n' ? v : num(n, v.r);
  }
  const b = toBool(v);
  return b === undefined ? fail(`cannot convert ${typeName(v)} to bool`) : v.t === 'b' ? v : bool(b, v.r);
}

const FUNCTIONS: Record<string, Fn> = {
  // ---------------------------------------------------------------- encoding
  jsonencode: ([v], call) => {
    const gap = firstUnknown(v);
    if (!gap) {
      // a text surely within the limit is made when read (most are read as their structure)
      const bound = jsonTextBound(v, MAX_JSON_TEXT);
      if (bound !== undefined) return lazyJsonString(v, 'jsonencode', call.range, bound);
      const budget = { left: MAX_JSON_TEXT, over: false };
      const text = toJsonText(v, 0, budget);
      if (budget.over) return tooLarge(`the JSON text would be longer than ${MAX_JSON_TEXT} characters`);
      if (text === undefined) return fail('value cannot be encoded as JSON');
      return { t: 's', v: text, r: call.range, json: v };
    }
    if (gap.err && /nested deeper/.test(gap.why)) return tooLarge(gap.why);
    return unknown(gap.why, call.range, { json: v, ...(gap.err ? { err: true } : {}) });
  },
  jsondecode: ([v], call) => {
    if (v.t === 's' && v.json) return v.json;
    if (v.t !== 's') return fail(`jsondecode needs a string, got ${typeName(v)}`);
    const parsed = parseJsonValue(v, call.range);
    if (isJsonFailure(parsed)) return fail(parsed.error);
    return parsed as Val;
  },
  yamldecode: ([v]) => {
    const s = needStr(v);
    try {
      return fromPlain(yaml().parse(s, { maxAliasCount: 100 }), v.r);
    } catch (e) {
      return fail(`invalid YAML: ${(e as Error).message}`);
    }
  },
  yamlencode: ([v]) => {
    if (!isWhollyKnown(v)) return unknown('yamlencode of an unknown value');
    return str(yaml().stringify(toPlain(v)));
  },
  base64encode: ([v]) => str(Buffer.from(needStr(v), 'utf8').toString('base64')),
  base64decode: ([v]) => str(Buffer.from(needStr(v), 'base64').toString('utf8')),
  urlencode: ([v]) => str(encodeURIComponent(needStr(v))),
  md5: ([v]) => str(sha('md5', needStr(v))),
  sha1: ([v]) => str(sha('sha1', needStr(v))),
  sha256: ([v]) => str(sha('sha256', needStr(v))),
  sha512: ([v]) => str(sha('sha512', needStr(v))),
  base64sha256: ([v]) => str(sha('sha256', needStr(v), 'base64')),
  base64sha512: ([v]) => str(sha('sha512', needStr(v), 'base64')),
  base64gzip: () => unsupported('base64gzip(): the compressed bytes depend on the compressor Terraform is built with and are not reproduced'),
  textencodebase64: ([v, enc]) => str(textencodebase64(needStr(v), needStr(enc))),
  textdecodebase64: ([v, enc]) => str(textdecodebase64(needStr(v), needStr(enc))),
  csvdecode: ([v], call, ev) => fromPlain(csvdecode(needStr(v), ev.limits.maxCollection), v.r ?? call.range),
  uuidv5: ([ns, name]) => str(uuidv5(needStr(ns), needStr(name))),

  // ---------------------------------------------------------------- IP networks
  cidrhost: ([p, n]) => str(cidrhost(needStr(p), needNum(n))),
  cidrnetmask: ([p]) => str(cidrnetmask(needStr(p))),
  cidrsubnet: ([p, bits, n]) => str(cidrsubnet(needStr(p), needNum(bits), needNum(n))),
  cidrsubnets: ([p, ...bits], call) => {
    if (bits.length > 10_000) tooLarge('more than 10000 subnets');
    return list(cidrsubnets(needStr(p), bits.map((b) => needNum(b))).map((x) => str(x)), call.range);
  },

  // ---------------------------------------------------------------- dates (pure: of given timestamps only)
  formatdate: ([spec, ts]) => str(formatdate(needStr(spec), needStr(ts))),
  timeadd: ([ts, d]) => str(timeadd(needStr(ts), needStr(d))),
  timecmp: ([a, b]) => num(timecmp(needStr(a), needStr(b))),

  // ---------------------------------------------------------------- strings
  // a format string not known statically makes the result unknown, not an error
  format: ([f, ...args], call) => (f.t === 'u' ? unknown(f.why, call.range, { err: f.err }) : format(needStr(f), args, call.range)),
  formatlist: ([f, ...args], call) => {
    const lists = args.filter((a) => a.t === 'l') as VList[];
    const n = lists.length ? lists[0].items.length : 1;
    if (lists.some((l) => l.items.length !== n)) return fail('formatlist lists must have the same length');
    // an unknown format string: as many unknown strings as the lists have elements
    if (f.t === 'u') {
      // (an unknown argument may be a list, whose length is then not known either)
      if (args.some((a) => a.t === 'u')) return unknown(f.why, call.range, { err: f.err });
      return list(Array.from({ length: n }, () => unknown(f.why, call.range, { err: f.err })), call.range);
    }
    const fmt = needStr(f);
    const out: Val[] = [];
    for (let i = 0; i < n; i++) out.push(format(fmt, args.map((a) => (a.t === 'l' ? a.items[i] : a)), call.range));
    return list(out, call.range);
  },
  join: ([sep, ...lists], call) => {
    const s = needStr(sep);
    const pieces: (Val | string)[] = [];
    for (const l of lists) {
      if (l.t === 'u') return unknown(l.why, call.range, { err: l.err });
      for (const item of needList(l)) {
        if (pieces.length) pieces.push(s);
        pieces.push(item);
      }
    }
    return concatStrings(pieces, call.range);
  },
  split: ([sep, s], call) => list(needStr(s).split(needStr(sep)).map((x) => str(x, call.range)), call.range),
  replace: ([s, search, rep], call) => {
    if (s.t === 'u' || rep.t === 'u') return replacePartly(s, needStr(search), rep, call.range);
    const subject = needStr(s);
    const pat = needStr(search);
    const replacement = needStr(rep);
    if (pat.length > 1 && pat.startsWith('/') && pat.endsWith('/')) {
      return str(compileRegex(pat.slice(1, -1)).matcher(regexInput(subject)).replaceAll(replacement), s.r);
    }
    return str(subject.split(pat).join(replacement), s.r);
  },
  lower: ([s]) => str(needStr(s).toLowerCase(), s.r),
  upper: ([s]) => str(needStr(s).toUpperCase(), s.r),
  title: ([s]) => str(needStr(s).replace(/\b\p{L}/gu, (c) => c.toUpperCase()), s.r),
  trimspace: ([s]) => str(needStr(s).trim(), s.r),
  chomp: ([s]) => str(needStr(s).replace(/(\r?\n)+$/, ''), s.r),
  trim: ([s, cut]) => {
    const chars = new Set(needStr(cut));
    let x = needStr(s);
    while (x && chars.has(x[0])) x = x.slice(1);
    while (x && chars.has(x[x.length - 1])) x = x.slice(0, -1);
    return str(x, s.r);
  },
  trimprefix: ([s, p]) => {
    const x = needStr(s);
    const pre = needStr(p);
    return str(x.startsWith(pre) ? x.slice(pre.length) : x, s.r);
  },
  trimsuffix: ([s, p]) => {
    const x = needStr(s);
    const suf = needStr(p);
    return str(suf && x.endsWith(suf) ? x.slice(0, -suf.length) : x, s.r);
  },
  substr: ([s, off, len]) => {
    const chars = [...needStr(s)];
    let o = needNum(off);
    let l = needNum(len);
    if (o < 0) o = chars.length + o;
    if (l < 0) l = chars.length - o;
    return str(chars.slice(o, o + l).join(''), s.r);
  },
  strrev: ([s]) => str([...needStr(s)].reverse().join('')),
  startswith: ([s, p]) => bool(needStr(s).startsWith(needStr(p))),
  endswith: ([s, p]) => bool(needStr(s).endsWith(needStr(p))),
  strcontains: ([s, p]) => bool(needStr(s).includes(needStr(p))),
  indent: ([n, s]) => str(needStr(s).replace(/\n/g, '\n' + ' '.repeat(needNum(n)))),
  regex: ([p, s]) => {
    const re = compileRegex(needStr(p));
    const m = re.matcher(regexInput(needStr(s)));
    return m.find() ? regexResult(re, m) : fail('regex pattern did not match');
  },
  regexall: ([p, s]) => {
    const re = compileRegex(needStr(p));
    const m = re.matcher(regexInput(needStr(s)));
    const out: Val[] = [];
    while (m.find()) {
      out.push(regexResult(re, m));
      if (out.length > 100_000) tooLarge('more than 100000 matches');
    }
    return list(out);
  },

  // ---------------------------------------------------------------- collections
  concat: (args, call) => {
    const items: Val[] = [];
    let unknownPart: VUnknown | undefined;
    for (const a of args) {
      if (a.t === 'u') {
        // an unknown list: zero or more unknown elements (its known elements, when it has some)
        if (a.err) return a;
        unknownPart ??= a;
        if (a.json?.t === 'l') items.push(...a.json.items);
        else items.push(a);
        continue;
      }
      items.push(...needList(a));
    }
    const l = list(items, call.range);
    return unknownPart ? unknown(unknownPart.why, call.range, { json: l, ...(unknownPart.ref ? { ref: unknownPart.ref } : {}) }) : l;
  },
  merge: (args, call) => {
    const m = new Map<string, Val>();
    const keyRanges = new KeyRangeList();
    let unknownPart: VUnknown | undefined;
    for (const a of args) {
      if (a.t === 'null') continue;
      if (a.t === 'u') {
        if (a.err) return a;
        unknownPart ??= a;
        // any key set so far may be replaced by the unknown argument
        const known = a.json?.t === 'o' ? a.json : undefined;
        for (const k of m.keys()) if (!known || known.partial || !known.m.has(k)) m.set(k, unknown(a.why, m.get(k)!.r, a.ref ? { ref: a.ref } : {}));
        if (known) for (const [k, v] of known.m) m.set(k, v);
        continue;
      }
      const o = needObj(a);
      for (const [k, v] of o.m) {
        m.set(k, v);
        const kr = o.keyRanges?.get(k);
        if (kr) keyRanges.set(k, kr);
      }
    }
    keyRanges.done();
    if (!unknownPart) return { t: 'o', m, keyRanges, r: call.range };
    const partial: VObj = { t: 'o', m, keyRanges, r: call.range, partial: `merge() with an unknown argument: ${unknownPart.why}` };
    return unknown(unknownPart.why, call.range, { json: partial, ...(unknownPart.ref ? { ref: unknownPart.ref } : {}) });
  },
  flatten: ([l], call) => {
    const out: Val[] = [];
    let unknownPart: VUnknown | undefined;
    const walk = (items: Val[], depth: number) => {
      if (depth > 100) fail('flatten nested too deeply');
      for (const i of items) {
        if (i.t === 'l') walk(i.items, depth + 1);
        else if (i.t === 'u' && i.json?.t === 'l') {
          // a partly known list (concat with an unknown list): its length is not known
          unknownPart ??= i;
          walk(i.json.items, depth + 1);
        } else out.push(i); // an unknown element is taken as one element (a string or object)
      }
    };
    walk(needList(l), 0);
    const flat = list(out, call.range);
    return unknownPart ? unknown(unknownPart.why, call.range, { json: flat }) : flat;
  },
  distinct: ([l], call) => list(dedupe(needList(l)), call.range),
  compact: ([l], call) => list(needList(l).filter((x) => !(x.t === 'null' || (x.t === 's' && x.v === ''))), call.range),
  lookup: ([m, k, d]) => {
    const o = needObj(m);
    const key = needStr(k);
    const v = o.m.get(key);
    if (v) return v;
    if (d) return d;
    return fail(`lookup: no key ${JSON.stringify(key)}`);
  },
  element: ([l, i]) => {
    const items = needList(l);
    if (items.length === 0) fail('element of an empty list');
    const n = Math.trunc(needNum(i));
    return items[((n % items.length) + items.length) % items.length];
  },
  index: ([l, v]) => {
    const at = needList(l).findIndex((x) => valEquals(x, v) === true);
    return at === -1 ? fail('index: value not found') : num(at);
  },
  length: ([v], call) => {
    if (v.t === 'l' && v.possible) return unknown(v.possible, call.range);
    if (v.t === 'l') return num(v.items.length);
    if (v.t === 'o') return num(v.m.size);
    if (v.t === 's') return num([...v.v].length);
    return fail(`length of a ${typeName(v)}`);
  },
  keys: ([m], call) => {
    const o = needObj(m);
    return list([...o.m.keys()].sort().map((k) => str(k, o.keyRanges?.get(k))), call.range);
  },
  values: ([m], call) => {
    const o = needObj(m);
    return list([...o.m.keys()].sort().map((k) => o.m.get(k)!), call.range);
  },
  contains: ([l, v]) => {
    const items = elements(l);
    let unsure = false;
    for (const i of items) {
      const e = valEquals(i, v);
      if (e === true) return bool(true);
      if (e === undefined) unsure = true;
    }
    return unsure ? unknown('contains over unknown elements') : bool(false);
  },
  coalesce: (args) => {
    for (const [i, a] of args.entries()) {
      // an unknown that may be null or "" may be passed over: then the result is a later argument
      // (text known in part is neither)
      if (a.t === 'u') return i === args.length - 1 || a.parts?.some((p) => p) ? a : unknown(a.why, a.r, { err: a.err });
      if (a.t !== 'null' && !(a.t === 's' && a.v === '')) return a;
    }
    return fail('coalesce: no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const [i, a] of args.entries()) {
      if (a.t === 'u') return i === args.length - 1 ? a : unknown(a.why, a.r, { err: a.err });
      if (a.t === 'l' && a.items.length > 0) return a;
    }
    return fail('coalescelist: all lists empty');
  },
  zipmap: ([k, v], call) => {
    const ks = needList(k);
    const vs = needList(v);
    if (ks.length !== vs.length) fail('zipmap: lists of different lengths');
    const m = new Map<string, Val>();
    ks.forEach((x, i) => {
      if (x.t === 'u') fail('zipmap: unknown key');
      m.set(needStr(x), vs[i]);
    });
    return { t: 'o', m, r: call.range };
  },
  slice: ([l, a, b], call) => list(needList(l).slice(needNum(a), needNum(b)), call.range),
  reverse: ([l], call) => list([...needList(l)].reverse(), call.range),
  sort: ([l], call) => {
    const items = needList(l);
    if (items.some((i) => i.t === 'u')) return unknown('sort of unknown elements', call.range);
    return list([...items].sort((x, y) => (needStr(x) < needStr(y) ? -1 : needStr(x) > needStr(y) ? 1 : 0)), call.range);
  },
  range: (args, _call, ev) => {
    const [a, b, s] = args.map((x) => needNum(x));
    const [start, end, step] = args.length === 1 ? [0, a, 1] : [a, b, s ?? (b >= a ? 1 : -1)];
    if (step === 0) fail('range step cannot be zero');
    const out: Val[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(num(i));
      if (out.length > ev.limits.maxCollection) tooLarge(`more than ${ev.limits.maxCollection} elements`);
    }
    return list(out);
  },
  chunklist: ([l, n], call) => {
    const items = needList(l);
    const size = needNum(n);
    if (size <= 0) return list([list(items)], call.range);
    const out: Val[] = [];
    for (let i = 0; i < items.length; i += size) out.push(list(items.slice(i, i + size)));
    return list(out, call.range);
  },
  setunion: (args) => toSet(args.flatMap((a) => elements(a))),
  setintersection: ([first, ...rest]) => {
    const others = rest.map((r) => keysOf(elements(r)));
    return toSet(elements(first).filter((x) => others.every((k) => k.has(valueKey(x)))));
  },
  setsubtract: ([a, b]) => {
    const remove = keysOf(elements(b));
    return toSet(elements(a).filter((x) => !remove.has(valueKey(x))));
  },
  setproduct: (args) => {
    let acc: Val[][] = [[]];
    for (const a of args) {
      const next: Val[][] = [];
      for (const prefix of acc) for (const x of elements(a)) next.push([...prefix, x]);
      acc = next;
      if (acc.length > 100_000) tooLarge('more than 100000 elements');
    }
    return list(acc.map((t) => list(t)));
  },
  one: ([l]) => {
    const items = elements(l);
    if (items.length === 0) return NULL;
    if (items.length === 1) return items[0];
    return fail('one: more than one element');
  },
  alltrue: ([l]) => {
    let unsure = false;
    for (const i of elements(l)) {
      if (i.t === 'u') unsure = true;
      else if (toBool(i) === false) return bool(false);
    }
    return unsure ? unknown('alltrue over unknown elements') : bool(true);
  },
  anytrue: ([l]) => {
    let unsure = false;
    for (const i of elements(l)) {
      if (i.t === 'u') unsure = true;
      else if (toBool(i) === true) return bool(true);
    }
    return unsure ? unknown('anytrue over unknown elements') : bool(false);
  },
  matchkeys: ([vals, keys, search], call) => {
    const vs = needList(vals);
    const ks = needList(keys);
    const ss = elements(search);
    return list(vs.filter((_, i) => ss.some((s) => valEquals(s, ks[i]) === true)), call.range);
  },
  transpose: ([m], call) => {
    const out = new Map<string, Val[]>();
    for (const [k, v] of needObj(m).m) for (const x of needList(v)) appendTo(out, needStr(x), str(k));
    return { t: 'o', m: new Map([...out].map(([k, v]) => [k, list(v)])), r: call.range };
  },

  // ---------------------------------------------------------------- numbers
  sum: ([l]) => num(elements(l).reduce((a, x) => a + needNum(x), 0)),
  max: (args) => num(Math.max(...args.flatMap((a) => (a.t === 'l' ? a.items : [a])).map((x) => needNum(x)))),
  min: (args) => num(Math.min(...args.flatMap((a) => (a.t === 'l' ? a.items : [a])).map((x) => needNum(x)))),
  abs: ([n]) => num(Math.abs(needNum(n))),
  ceil: ([n]) => num(Math.ceil(needNum(n))),
  floor: ([n]) => num(Math.floor(needNum(n))),
  signum: ([n]) => num(Math.sign(needNum(n))),
  pow: ([a, b]) => num(Math.pow(needNum(a), needNum(b))),
  log: ([a, b]) => num(Math.log(needNum(a)) / Math.log(needNum(b))),
  parseint: ([s, b]) => {
    const n = parseInt(needStr(s), needNum(b));
    return Number.isNaN(n) ? fail('parseint: not a number') : num(n);
  },

  // ---------------------------------------------------------------- types
  tostring: ([v]) => convertPrimitive(v, 'string'),
  tonumber: ([v]) => convertPrimitive(v, 'number'),
  tobool: ([v]) => convertPrimitive(v, 'bool'),
  tolist: ([v], call) => (v.t === 'l' ? { ...v, set: false } : v.t === 'null' ? v : list(elements(v), call.range)),
  toset: ([v], call) => (v.t === 'null' ? v : { ...toSet(elements(v)), r: call.range }),
  tomap: ([v]) => (v.t === 'o' || v.t === 'null' ? v : fail(`tomap of a ${typeName(v)}`)),
  sensitive: ([v]) => ({ ...v, ...(v.t === 's' || v.t === 'u' ? { sensitive: true } : {}) }),
  nonsensitive: ([v]) => v,
  issensitive: ([v]) => bool((v.t === 's' || v.t === 'u') && v.sensitive === true),
  // tfxacct reads no ephemeral values: every value is returned as it is
  ephemeralasnull: ([v]) => v,
  type: ([v]) => str(typeName(v)),

  // ---------------------------------------------------------------- files (inside the scanned tree only)
  file: ([p], call, ev, scope) => {
    const { text, file } = ev.files.read(needStr(p), scope, call.range);
    const lit = { kind: 'lit' as const, value: text, pieces: [{ offset: 0, text, pos: { line: 1, column: 1 }, exact: true }], range: { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } };
    return { t: 's', v: text, r: lit.range, segs: [{ offset: 0, length: text.length, lit, litOffset: 0 }] };
  },
  fileexists: ([p], call, ev, scope) => bool(ev.files.exists(needStr(p), scope, call.range)),
  templatefile: ([p, vars], call, ev, scope) => {
    const tmpl = ev.files.template(needStr(p), scope, call.range);
    return ev.eval(tmpl, templateScope(scope.moduleDir, vars));
  },
  templatestring: ([t, vars], call, ev, scope) => ev.eval(ev.files.parseTemplate(needStr(t), call.range), templateScope(scope.moduleDir, vars)),
  filebase64: ([p], call, ev, scope) => str(ev.files.bytes(needStr(p), scope, call.range, 'filebase64').toString('base64')),
  filemd5: ([p], call, ev, scope) => str(fileHash('md5', ev.files.bytes(needStr(p), scope, call.range, 'filemd5'))),
  filesha1: ([p], call, ev, scope) => str(fileHash('sha1', ev.files.bytes(needStr(p), scope, call.range, 'filesha1'))),
  filesha256: ([p], call, ev, scope) => str(fileHash('sha256', ev.files.bytes(needStr(p), scope, call.range, 'filesha256'))),
  filesha512: ([p], call, ev, scope) => str(fileHash('sha512', ev.files.bytes(needStr(p), scope, call.range, 'filesha512'))),
  filebase64sha256: ([p], call, ev, scope) => str(fileHash('sha256', ev.files.bytes(needStr(p), scope, call.range, 'filebase64sha256'), 'base64')),
  filebase64sha512: ([p], call, ev, scope) => str(fileHash('sha512', ev.files.bytes(needStr(p), scope, call.range, 'filebase64sha512'), 'base64')),
  fileset: ([p, pattern], call, ev, scope) => {
    const re = globRegex(needStr(pattern));
    const files = ev.files.list(needStr(p), scope, call.range).filter((f) => re.matches(f));
    return { ...toSet(files.map((f) => str(f))), r: call.range };
  },
  basename: ([p]) => str(needStr(p).replace(/\/+$/, '').split('/').pop() ?? ''),
  dirname: ([p]) => {
    const parts = needStr(p).split('/');
    parts.pop();
    return str(parts.join('/') || '.');
  },
  abspath: ([p]) => str(needStr(p)),
  // a home directory is outside the scanned tree: not expanded, and not read
  pathexpand: ([p]) => (/^~(\/|$)/.test(needStr(p)) ? fail(`path "${needStr(p)}" is in the home directory, outside the scanned tree; refused`) : str(needStr(p))),

  // ---------------------------------------------------------------- AWS provider functions
  'provider::aws::arn_parse': ([a]) => {
    const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(needStr(a));
    if (!m) return fail('arn_parse: not an ARN');
    return {
      t: 'o',
      m: new Map<string, Val>([
        ['partition', str(m[1])],
        ['service', str(m[2])],
        ['region', str(m[3])],
        ['account_id', str(m[4])],
        ['resource', str(m[5])],
      ]),
    };
  },
  'provider::aws::arn_build': ([p, s, r, acct, res], call) =>
    concatStrings(['arn:', p, ':', s, ':', r, ':', acct, ':', res], call.range),
};

/**
 * Scope of templatefile() and templatestring(): only the given variables are visible. When the
 * variables object is unknown (or known in part), names it does not hold are unknown, not errors.
 */
class TemplateScope implements Scope {
  constructor(
    readonly moduleDir: string,
    private readonly vars: Map<string, Val>,
    private readonly unknownRest?: VUnknown,
  ) {}
  resolve(root: string) {
    const v = this.vars.get(root);
    if (v) return { value: v, consumed: 0 };
    if (this.unknownRest) return { value: unknown(this.unknownRest.why, this.unknownRest.r, this.unknownRest.ref ? { ref: this.unknownRest.ref } : {}), consumed: 0 };
    return undefined;
  }
}

function templateScope(moduleDir: string, vars: Val | undefined): TemplateScope {
  if (!vars) return new TemplateScope(moduleDir, new Map());
  if (vars.t === 'u') return new TemplateScope(moduleDir, vars.json?.t === 'o' ? vars.json.m : new Map(), vars);
  return new TemplateScope(moduleDir, needObj(vars).m);
}

function fileHash(alg: string, bytes: Buffer, enc: 'hex' | 'base64' = 'hex'): string {
  return crypto.createHash(alg).update(bytes).digest(enc);
}

/** A fileset() pattern (`*`, `**`, `?`, `[...]`, `{a,b}` as in Terraform) as a matcher of slash-separated paths. */
function globRegex(pattern: string): RE2JS {
  try {
    return compileRegex(`^${globSource(pattern)}$`);
  } catch (e) {
    if (e instanceof GlobError) fail(e.message);
    throw e;
  }
}

/**
 * replace() over a partly known subject or an unknown replacement: the known text away from the
 * holes is replaced, and whatever a match could reach across a hole becomes part of that hole.
 */
function replacePartly(s: Val, search: string, rep: Val, r: Range): Val {
  const why = s.t === 'u' ? s : (rep as VUnknown);
  // the result is new text: it no longer reads the subject's attribute (no `ref`)
  if (search === '' || (search.length > 1 && search.startsWith('/') && search.endsWith('/'))) return unknown(why.why, r);
  if (s.t === 'u' && !s.parts) {
    // the text is unknown but its JSON structure is known in part (a policy document with unknown
    // ARNs): a search that can only occur inside strings is replaced in the structure's strings
    if (s.json && stringsOnly(search)) return unknown(s.why, r, { json: replaceInStrings(s.json, search, rep, r, 0) });
    return unknown(s.why, r);
  }
  const tokens: (string | VUnknown)[] = [];
  if (s.t === 'u') {
    let k = 0;
    for (const p of s.parts ?? [null]) tokens.push(p === null ? holeAt(s, k++) : p);
  } else tokens.push(needStr(s));
  const replacement: string | VUnknown = rep.t === 'u' ? rep : needStr(rep);
  const keep = search.length - 1;
  const out: (string | VUnknown)[] = [];
  tokens.forEach((t, i) => {
    if (typeof t !== 'string') {
      out.push(t);
      return;
    }
    // a match may span into a neighbouring hole: those edge characters are not known after replace
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const lead = prev !== undefined && typeof prev !== 'string' ? Math.min(keep, t.length) : 0;
    const trail = next !== undefined && typeof next !== 'string' ? Math.min(keep, t.length - lead) : 0;
    if (lead) out.push(prev as VUnknown);
    t.slice(lead, t.length - trail)
      .split(search)
      .forEach((piece, j) => {
        if (j > 0) out.push(replacement);
        out.push(piece);
      });
    if (trail) out.push(next as VUnknown);
  });
  // neighbouring text is joined, neighbouring holes are one unknown run
  const parts: (string | null)[] = [];
  const holes: VUnknown[] = [];
  for (const t of out) {
    const last = parts[parts.length - 1];
    if (typeof t === 'string') {
      if (t === '') continue;
      if (typeof last === 'string') parts[parts.length - 1] = last + t;
      else parts.push(t);
    } else if (last !== null || parts.length === 0) {
      // a hole may now hold edge characters or a neighbouring hole: it reads no one attribute
      const { ref: _ref, ...bare } = t;
      parts.push(null);
      holes.push(bare);
    }
  }
  if (holes.length === 0) return str(parts.join(''), r);
  return unknown(holes[0].why, r, { parts, holes });
}

/**
 * Whether a text can occur in JSON text only inside a string: it has no quote, backslash,
 * structural or control character, and a character no number, true, false or null contains.
 */
function stringsOnly(search: string): boolean {
  return !/["\\{}\[\]:,\u0000-\u001f]/.test(search) && /[^0-9.eE+\-truefalsn\s]/.test(search);
}

/** replace() applied to every string (and key) of a JSON structure. */
function replaceInStrings(v: Val, search: string, rep: Val, r: Range, depth: number): Val {
  if (depth > 200) return unknown('value nested too deeply', v.r);
  switch (v.t) {
    case 's':
      if (!v.v.includes(search)) return v;
      return rep.t === 'u' ? { ...replacePartly(v, search, rep, v.r ?? r), ...(v.r ? { r: v.r } : {}) } : { t: 's', v: v.v.split(search).join(needStr(rep)), ...(v.r ? { r: v.r } : {}) };
    case 'u':
      if (v.parts) return { ...replacePartly(v, search, rep, v.r ?? r), ...(v.r ? { r: v.r } : {}) };
      return v.json ? { ...v, json: replaceInStrings(v.json, search, rep, r, depth + 1) } : v;
    case 'l':
      return { ...v, items: v.items.map((i) => replaceInStrings(i, search, rep, r, depth + 1)) };
    case 'o': {
      const m = new Map<string, Val>();
      const keyRanges = new KeyRangeList();
      let partial = v.partial;
      for (const [k, x] of v.m) {
        let key = k;
        if (k.includes(search)) {
          if (rep.t === 'u') {
            partial ??= `a key is unknown: ${rep.why}`;
            continue;
          }
          key = k.split(search).join(needStr(rep));
        }
        m.set(key, replaceInStrings(x, search, rep, r, depth + 1));
        const kr = v.keyRanges?.get(k);
        if (kr) keyRanges.set(key, kr);
      }
      return { ...v, m, keyRanges: keyRanges.done(), ...(partial ? { partial } : {}) };
    }
    default:
      return v;
  }
}

/** Functions whose result is not knowable before apply: the moment, randomness, or a secret. */
export const UNKNOWABLE: Record<string, string> = {
  timestamp: 'the time of the apply',
  plantimestamp: 'the time of the plan',
  uuid: 'a random value',
  bcrypt: 'a random salt',
  rsadecrypt: 'a private key, which tfxacct does not decrypt with',
};

/** Names of the functions tfxacct evaluates (for docs and tests). */
export const SUPPORTED_FUNCTIONS = Object.keys(FUNCTIONS).concat(['try', 'can']).sort();

/** Arity of each supported function as Terraform declares it: [minimum, maximum]. */
const V = Infinity;
const ARITY: Record<string, [number, number]> = {
  jsonencode: [1, 1], jsondecode: [1, 1], yamldecode: [1, 1], yamlencode: [1, 1], urlencode: [1, 1],
  format: [1, V], formatlist: [1, V], join: [2, V], split: [2, 2], replace: [3, 3], lower: [1, 1], upper: [1, 1],
  title: [1, 1], trimspace: [1, 1], chomp: [1, 1], trim: [2, 2], trimprefix: [2, 2], trimsuffix: [2, 2],
  substr: [3, 3], strrev: [1, 1], startswith: [2, 2], endswith: [2, 2], strcontains: [2, 2], indent: [2, 2],
  regex: [2, 2], regexall: [2, 2], concat: [0, V], merge: [0, V], flatten: [1, 1], distinct: [1, 1],
  compact: [1, 1], lookup: [2, 3], element: [2, 2], index: [2, 2], length: [1, 1], keys: [1, 1], values: [1, 1],
  contains: [2, 2], coalesce: [0, V], coalescelist: [0, V], zipmap: [2, 2], slice: [3, 3], reverse: [1, 1],
  sort: [1, 1], range: [1, 3], chunklist: [2, 2], setunion: [1, V], setintersection: [1, V], setsubtract: [2, 2],
  setproduct: [2, V], one: [1, 1], alltrue: [1, 1], anytrue: [1, 1], matchkeys: [3, 3], transpose: [1, 1],
  sum: [1, 1], max: [1, V], min: [1, V], abs: [1, 1], ceil: [1, 1], floor: [1, 1], signum: [1, 1], pow: [2, 2],
  log: [2, 2], parseint: [2, 2], tostring: [1, 1], tonumber: [1, 1], tobool: [1, 1], tolist: [1, 1],
  toset: [1, 1], tomap: [1, 1], sensitive: [1, 1], nonsensitive: [1, 1], type: [1, 1], file: [1, 1],
  fileexists: [1, 1], templatefile: [2, 2], basename: [1, 1], dirname: [1, 1], abspath: [1, 1], pathexpand: [1, 1],
  'provider::aws::arn_parse': [1, 1], 'provider::aws::arn_build': [5, 5],
  base64encode: [1, 1], base64decode: [1, 1], md5: [1, 1], sha1: [1, 1], sha256: [1, 1], sha512: [1, 1],
  base64sha256: [1, 1], base64sha512: [1, 1], base64gzip: [1, 1], textencodebase64: [2, 2], textdecodebase64: [2, 2],
  csvdecode: [1, 1], uuidv5: [2, 2], cidrhost: [2, 2], cidrnetmask: [1, 1], cidrsubnet: [3, 3], cidrsubnets: [2, V],
  formatdate: [2, 2], timeadd: [2, 2], timecmp: [2, 2], templatestring: [2, 2], filebase64: [1, 1], filemd5: [1, 1],
  filesha1: [1, 1], filesha256: [1, 1], filesha512: [1, 1], filebase64sha256: [1, 1], filebase64sha512: [1, 1],
  fileset: [2, 2], issensitive: [1, 1], ephemeralasnull: [1, 1],
};

/** Functions of one list whose result over a partly known list is known in the same part. */
const PARTIAL_LIST_FUNCTIONS = new Set(['compact', 'distinct', 'flatten', 'tolist', 'toset']);

/** Functions whose result is their one argument's value, so it still reads the same attribute. */
const REF_KEEPING = new Set(['tostring', 'tolist', 'toset', 'sensitive', 'nonsensitive']);

/** Functions that look inside unknown arguments and keep what is known of the result. */
const PASS_UNKNOWN = new Set(['jsonencode', 'format', 'formatlist', 'join', 'coalesce', 'coalescelist', 'concat', 'merge', 'provider::aws::arn_build', 'sensitive', 'nonsensitive', 'issensitive', 'ephemeralasnull', 'templatefile', 'templatestring']);

function passesUnknown(name: string, args: Val[]): boolean {
  if (PASS_UNKNOWN.has(name)) return name !== 'templatefile' && name !== 'templatestring' ? true : args[0]?.t !== 'u';
  // replace() keeps the known text when only the subject or the replacement is unknown
  if (name === 'replace') return args[1]?.t !== 'u';
  return false;
}

/** The arity Terraform declares for a supported function (undefined for try and can, which take any). */
export function functionArity(name: string): [number, number] | undefined {
  return Object.hasOwn(ARITY, name) ? ARITY[name] : undefined;
}

export function callFunction(ev: EvalHost, call: CallExpr, scope: Scope): Val {
  const name = call.name;
  if (name === 'try' || name === 'can') {
    // failures inside try() and can() are what they are for: not reported
    ev.quiet++;
    try {
      if (name === 'try') {
        for (const a of call.args) {
          const v = ev.eval(a, scope);
          const u = firstUnknown(v);
          if (u?.err) continue;
          return v;
        }
        return unknown('no argument of try() could be evaluated', call.range, { err: true });
      }
      const v = ev.eval(call.args[0] ?? { kind: 'literal', value: null, range: call.range }, scope);
      const u = firstUnknown(v);
      if (u?.err) return bool(false, call.range);
      if (u) return unknown(u.why, call.range);
      return bool(true, call.range);
    } finally {
      ev.quiet--;
    }
  }
  let args = call.args.map((a) => ev.eval(a, scope));
  if (call.expandFinal && args.length > 0) {
    const last = args[args.length - 1];
    if (last.t === 'u') return unknown(last.why, call.range, { err: last.err });
    args = [...args.slice(0, -1), ...elements(last)];
  }
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) {
    if (Object.hasOwn(UNKNOWABLE, name)) return unknown(`${name}() depends on ${UNKNOWABLE[name]}`, call.range);
    if (name.startsWith('provider::')) return unknown(`provider function ${name}() is not evaluated`, call.range);
    ev.unsupported.add(name);
    return unknown(`function ${name}() is not supported`, call.range);
  }
  const arity = Object.hasOwn(ARITY, name) ? ARITY[name] : undefined;
  if (arity && (args.length < arity[0] || args.length > arity[1])) {
    const want = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === V ? `at least ${arity[0]}` : `${arity[0]} to ${arity[1]}`;
    ev.functionFailed(`${name}(): wrong number of arguments (${args.length} given, ${want} expected); the value is unknown`, call.range);
    return unknown(`${name}(): wrong number of arguments (${args.length} given, ${want} expected)`, call.range, { err: true });
  }
  // Unknown arguments give an unknown result, except where a function looks inside them.
  // list functions over a list known in part (concat with an unknown list) keep what they know of it
  if (PARTIAL_LIST_FUNCTIONS.has(name) && args.length === 1 && args[0].t === 'u' && !args[0].err && args[0].json?.t === 'l') {
    const u = args[0];
    const out = callPure(ev, name, fn, [u.json as VList], call, scope);
    return out.t === 'u' ? out : unknown(u.why, call.range, { json: out, ...(u.ref ? { ref: u.ref } : {}) });
  }
  const firstU = args.find((a) => a.t === 'u') as VUnknown | undefined;
  // the result is the attribute its argument reads only for a conversion; any other function
  // makes a new value (replace(account_id, …) is not that account), so the reference is dropped
  const keep = firstU?.ref && REF_KEEPING.has(name) && args.length === 1 ? { ref: firstU.ref } : {};
  if (firstU?.err) return unknown(firstU.why, call.range, { err: true, ...keep });
  if (firstU && !passesUnknown(name, args)) return unknown(firstU.why, call.range, keep);
  return callPure(ev, name, fn, args, call, scope);
}

/** Calls a function's implementation; its input errors become unknown values with the reason. */
function callPure(ev: EvalHost, name: string, fn: Fn, args: Val[], call: CallExpr, scope: Scope): Val {
  try {
    const out = fn(args, call, ev, scope);
    // one budget for everything a scan builds: strings and lists that double through locals stop here
    const { maxString } = ev.limits;
    if (out.t === 's' && !lengthAtMost(out, maxString)) return ev.limitReached(`${name}(): result longer than ${maxString} characters; the value is unknown`, call.range);
    if (out.t === 'l' && out.items.length > ev.limits.maxCollection) return ev.limitReached(`${name}(): more than ${ev.limits.maxCollection} elements; the value is unknown`, call.range);
    return withRange(out, call.range);
  } catch (e) {
    if (e instanceof LimitError) return ev.limitReached(`${name}(): ${e.message}; the value is unknown`, call.range);
    if (e instanceof UnsupportedError) return unknown(e.message, call.range);
    if (e instanceof FnError || e instanceof RangeError) {
      ev.functionFailed(`${name}(): ${e.message}; the value is unknown`, call.range);
      return unknown(`${name}(): ${e.message}`, call.range, { err: true });
    }
    // refused or unreadable files are reported where they are read
    if (e instanceof FileAccessError) return unknown(`${name}(): ${e.message}`, call.range, { err: true });
    throw e;
  }
}

export { formatNumber };
