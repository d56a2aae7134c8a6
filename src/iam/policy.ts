/**
 * The normalised policy model. Every policy source (heredoc or quoted JSON, jsonencode,
 * aws_iam_policy_document, file(), module inputs, plan values) is turned into this one shape
 * before any rule runs; every element keeps the source range it came from and a logical path
 * (`Statement[0].Principal.AWS[1]`). Rules never parse strings.
 */
import type { Range } from '../hcl/ast';
import { duplicateKeysSeen, isJsonFailure, parseJsonValue } from '../terraform/json-value';
import { asString, type Ref, type VObj, type Val } from '../terraform/value';
import { operatorProblem } from './operators';
import { compact } from '../collections';

/** A string that could not be decided statically. `parts` holds its known fragments. */
export interface UnknownString {
  unknown: true;
  why: string;
  parts?: (string | null)[];
  /**
   * The attribute the value reads: the whole string without `holeRefs` (`aws_iam_role.x.arn`,
   * computed in part), the first hole's with them.
   */
  ref?: Ref;
  /** The attribute each hole of `parts` reads, in order (undefined where it reads none), when the string was put together from holes. */
  holeRefs?: (Ref | undefined)[];
}

export type MaybeString = string | UnknownString;

export const isUnknownString = (s: MaybeString): s is UnknownString => typeof s !== 'string';

export interface Located {
  range: Range;
  /** Logical path inside the policy document. */
  path: string;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

export interface PrincipalEntry extends Located {
  type: PrincipalType;
  value: MaybeString;
  /** The value is sensitive: analysed, never printed. */
  sensitive?: boolean;
}

export interface PrincipalBlock extends Located {
  entries: PrincipalEntry[];
  /** Set when the principal could not be decided as a whole. */
  unknown?: string;
}

export interface ConditionEntry extends Located {
  operator: string;
  key: string;
  values: MaybeString[];
}

export interface PatternList extends Located {
  items: MaybeString[];
  /** Where each item is written (parallel to `items`); absent when every item is written at `range`. */
  itemRanges?: Range[];
  unknown?: string;
}

export interface Statement extends Located {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny' | UnknownString;
  effectRange: Range;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: PatternList;
  notAction?: PatternList;
  resource?: PatternList;
  notResource?: PatternList;
  conditions: ConditionEntry[];
  /** Set when some condition could not be read (a dynamic block with unknown for_each…). */
  conditionsUnknown?: string;
  conditionRange?: Range;
  /** Set when the statement as a whole could not be read. */
  unknown?: string;
  /** Set when AWS rejects the statement (an Effect that is not exactly "Allow" or "Deny"): it grants and denies nothing. */
  invalid?: string;
}

export interface PolicyProblem {
  message: string;
  range: Range;
}

export interface PolicyDocument {
  statements: Statement[];
  /** Why parts of the document are unknown (for --report-unknown). */
  unknowns: { why: string; range: Range; path: string }[];
  /** Malformed content (invalid JSON, unknown Effect…). */
  problems: PolicyProblem[];
  /** Set when nothing of the document could be read. */
  unknown?: string;
  version?: string;
  /** The document comes from a sensitive value. */
  sensitive?: boolean;
}

export type PolicyCoverage = 'whole' | 'partial' | 'unknown';

/** How much of a policy was read: all of it, some statements or parts of them, or nothing. */
export function policyCoverage(doc: PolicyDocument): PolicyCoverage {
  const read = doc.statements.filter((s) => !s.unknown);
  if (doc.unknowns.length === 0 && !doc.unknown && read.length === doc.statements.length) return 'whole';
  if (read.length === 0 && (doc.unknown || doc.unknowns.length > 0)) return 'unknown';
  return 'partial';
}

export interface LocateContext {
  /** Directory (repository-relative) of the module holding the policy. */
  moduleDir: string;
  /** Where to point when no better place is known (the attribute holding the policy). */
  fallback: Range;
}

const isTerraformSource = (file: string) => file.endsWith('.tf') || file.endsWith('.tf.json');

/** Whether a range lies in a Terraform file of the holder's module. */
function isHome(r: Range, ctx: LocateContext): boolean {
  return isTerraformSource(r.file) && inDir(r.file, ctx.moduleDir);
}

/** Whether `file` is directly in the repository-relative directory `dir` ('.' for the top). */
function inDir(file: string, dir: string): boolean {
  const slash = file.lastIndexOf('/');
  if (slash === -1) return dir === '.';
  return slash === dir.length && file.startsWith(dir);
}

/** Whether a range is in code the user edits (not a module installed under .terraform/). */
export function isUserCode(r: Range): boolean {
  const f = r.file;
  return !(f.startsWith('.terraform/') || f.includes('/.terraform/') || f === '.terraform' || f.endsWith('/.terraform'));
}

/**
 * `locate` of `chain` with up to three more values at its end: they are pushed and popped again,
 * so that reading a policy does not copy its chain for every element it locates.
 */
function locateIn(chain: Val[], ctx: LocateContext, a: Val, b?: Val, c?: Val): Range {
  const n = chain.length;
  chain.push(a);
  if (b) chain.push(b);
  if (c) chain.push(c);
  const r = locate(chain, ctx);
  chain.length = n;
  return r;
}

/** Most other places a location lists. */
const MAX_VIA = 8;

/**
 * Picks where a policy element should point: the nearest place inside the holder's module (the
 * reference through which a value reached the policy, else where it was written), else a policy
 * file read with file() or templatefile(). When that is code the user does not edit (a module
 * installed under .terraform/modules), the nearest place in the user's code that produced the
 * value wins (the module call argument, the tfvars line). The other places the value passed
 * through are kept in `via`.
 */
export function locate(chain: Val[], ctx: LocateContext): Range {
  // the candidates, innermost first (the reference before the written place): the first of the
  // best preference wins (a scan locates every element of every policy, so nothing is allocated
  // here unless the range has other places)
  let primary = ctx.fallback;
  let best = NO_PREFERENCE;
  for (let i = chain.length - 1; i >= 0 && best > 0; i--) {
    const { u, r } = chain[i];
    if (u) {
      const p = preference(u, ctx);
      if (p < best) {
        best = p;
        primary = u;
      }
    }
    if (r && best > 0) {
      const p = preference(r, ctx);
      if (p < best) {
        best = p;
        primary = r;
      }
    }
  }
  // the value's journey: where it was written and every reference it was read through (not the
  // JSON objects around it)
  let via: Range[] | undefined;
  const leaf = chain[chain.length - 1];
  if (leaf?.r) via = addVia(via, leaf.r, primary);
  for (let i = chain.length - 1; i >= 0; i--) {
    const u = chain[i].u;
    if (u) via = addVia(via, u, primary);
  }
  return via ? withVia(primary, via) : primary;
}

const NO_PREFERENCE = 5;

/**
 * Where a place stands in locate's order: 0 in the holder's module and in the user's code, 1 a
 * policy file in the user's code, 2 other user code, 3 the holder's module under .terraform/, 4
 * a policy file under .terraform/; else none.
 */
function preference(r: Range, ctx: LocateContext): number {
  const home = isHome(r, ctx);
  const user = isUserCode(r);
  const f = r.file;
  const policyFile = !isTerraformSource(f) && !f.endsWith('.tfvars') && !f.endsWith('.tfvars.json');
  if (user) {
    if (home) return 0;
    return policyFile ? 1 : 2;
  }
  if (home) return 3;
  return policyFile ? 4 : NO_PREFERENCE;
}

/** The places other than the primary one, each once, at most MAX_VIA. */
function addVia(via: Range[] | undefined, r: Range, primary: Range): Range[] | undefined {
  if (r === primary || sameRange(r, primary)) return via;
  if (!via) return [r];
  if (via.length >= MAX_VIA) return via;
  for (const x of via) if (x === r || sameRange(x, r)) return via;
  via.push(r);
  return via;
}

/**
 * Ranges with other places, by their primary range: each element of a policy gets one, and the
 * elements of a module's policies, once per module instance, mostly get the same (a fifth of
 * them are distinct). One range serves each primary range and list of places.
 */
const RANGES_WITH_VIA = new WeakMap<Range, Range[]>();

function withVia(primary: Range, via: Range[]): Range {
  const made = RANGES_WITH_VIA.get(primary) ?? [];
  for (const r of made) if (r.via!.length === via.length && r.via!.every((x, i) => x === via[i])) return r;
  const r: Range = { file: primary.file, start: primary.start, end: primary.end, via };
  // a primary range reached by many lists of places stays linear: past 8 lists they are not kept
  if (made.length < 8) RANGES_WITH_VIA.set(primary, [...made, r]);
  return r;
}

function sameRange(a: Range, b: Range): boolean {
  return a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

function toMaybe(v: Val): MaybeString | undefined {
  if (v.t === 'u') {
    const holeRefs = v.parts && v.holes ? v.holes.map((h) => h.ref) : undefined;
    return { unknown: true, why: v.why, ...(v.parts ? { parts: v.parts } : {}), ...(v.ref ? { ref: v.ref } : {}), ...(holeRefs ? { holeRefs } : {}) };
  }
  if (v.t === 'null') return undefined;
  const s = asString(v);
  return s;
}

/** The structured document behind a policy value: jsonencode's structure, or parsed JSON text. */
export function structuredPolicy(v: Val, fallback: Range): { doc: Val } | { unknown: string } | { invalid: string; range?: Range } {
  if (v.t === 's') {
    if (v.json) return { doc: v.json };
    if (v.v.trim() === '') return { invalid: 'the policy document is empty', range: v.r ?? fallback };
    const p = parseJsonValue(v, fallback);
    return isJsonFailure(p) ? { invalid: p.error, range: p.range } : { doc: p as Val };
  }
  if (v.t === 'u') {
    if (v.json) return { doc: v.json };
    if (v.parts) {
      const p = parseJsonValue(v, fallback);
      return isJsonFailure(p) ? { unknown: v.why } : { doc: p as Val };
    }
    return { unknown: v.why };
  }
  if (v.t === 'o') return { doc: v };
  return { invalid: `the policy is a ${v.t === 'l' ? 'list' : v.t === 'n' ? 'number' : v.t === 'b' ? 'bool' : 'null'}, not a JSON document`, range: v.r ?? fallback };
}

/** Reads a policy value into the normalised model. */
export function normalisePolicy(value: Val, ctx: LocateContext): PolicyDocument {
  return compactDocument(readPolicy(value, ctx));
}

/** The document with every list compacted (the model is kept for the whole scan). */
function compactDocument(doc: PolicyDocument): PolicyDocument {
  const patterns = (p: PatternList | undefined) => {
    if (!p) return;
    p.items = compact(p.items);
    // where every item is written where the list is (a single string), the list's range says it
    if (p.itemRanges) p.itemRanges = p.itemRanges.every((r) => r === p.range) ? undefined : compact(p.itemRanges);
  };
  const principal = (p: PrincipalBlock | undefined) => {
    if (p) p.entries = compact(p.entries);
  };
  doc.statements = compact(doc.statements);
  doc.unknowns = compact(doc.unknowns);
  doc.problems = compact(doc.problems);
  for (const st of doc.statements) {
    principal(st.principal);
    principal(st.notPrincipal);
    patterns(st.action);
    patterns(st.notAction);
    patterns(st.resource);
    patterns(st.notResource);
    st.conditions = compact(st.conditions);
    for (const c of st.conditions) c.values = compact(c.values);
  }
  return doc;
}

function readPolicy(value: Val, ctx: LocateContext): PolicyDocument {
  const out: PolicyDocument = { statements: [], unknowns: [], problems: [] };
  if ((value.t === 's' || value.t === 'u') && value.sensitive) out.sensitive = true;
  const s = structuredPolicy(value, ctx.fallback);
  if ('unknown' in s) {
    out.unknown = s.unknown;
    out.unknowns.push({ why: s.unknown, range: locate([value], ctx), path: '' });
    return out;
  }
  if ('invalid' in s) {
    out.problems.push({ message: s.invalid, range: s.range ?? locate([value], ctx) });
    return out;
  }
  const doc = s.doc;
  const chain0 = [value, doc];
  if (doc.t !== 'o') {
    if (doc.t === 'u') {
      out.unknown = doc.why;
      out.unknowns.push({ why: doc.why, range: locate(chain0, ctx), path: '' });
    } else out.problems.push({ message: 'the policy document is not a JSON object', range: locate(chain0, ctx) });
    return out;
  }
  if (duplicateKeysSeen() && hasDuplicateKeys(doc, 0)) {
    // keys written twice: a problem, and every reading is analysed (a grant under any of them counts)
    reportDuplicates(doc, out, 0);
    const all = readingsOf(doc, 0);
    for (const reading of all) {
      const one = normaliseStructure(value, reading as VObj, ctx);
      out.statements.push(...one.statements);
      out.unknowns.push(...one.unknowns);
      out.problems.push(...one.problems);
      out.version ??= one.version;
      if (one.unknown) out.unknown ??= one.unknown;
    }
    return out;
  }
  return normaliseStructure(value, doc, ctx, out);
}

/** Most readings of a document with duplicate keys that are analysed. */
const MAX_READINGS = 8;

function hasDuplicateKeys(v: Val, depth: number): boolean {
  if (depth > 200) return false;
  if (v.t === 'l') return v.items.some((i) => hasDuplicateKeys(i, depth + 1));
  if (v.t !== 'o') return false;
  if (v.dups) return true;
  for (const x of v.m.values()) if (hasDuplicateKeys(x, depth + 1)) return true;
  return false;
}

function reportDuplicates(v: Val, out: PolicyDocument, depth: number): void {
  if (depth > 200 || out.problems.length > 100) return;
  if (v.t === 'l') for (const i of v.items) reportDuplicates(i, out, depth + 1);
  if (v.t !== 'o') return;
  for (const [k, d] of v.dups ?? []) out.problems.push({ message: `duplicate key ${JSON.stringify(k)}: AWS may read either value, so each reading is analysed`, range: d.ranges[d.ranges.length - 1] });
  for (const x of v.m.values()) reportDuplicates(x, out, depth + 1);
}

/** Each way of reading a value whose objects repeat keys (one value per repeated key), at most MAX_READINGS. */
function readingsOf(v: Val, depth: number): Val[] {
  if (depth > 200) return [v];
  const product = (options: Val[][], build: (pick: Val[]) => Val): Val[] => {
    let acc: Val[][] = [[]];
    for (const o of options) {
      const next: Val[][] = [];
      for (const prefix of acc) for (const x of o) if (next.length < MAX_READINGS) next.push([...prefix, x]);
      acc = next;
    }
    return acc.map(build);
  };
  if (v.t === 'l') {
    if (!hasDuplicateKeys(v, depth)) return [v];
    return product(v.items.map((i) => readingsOf(i, depth + 1)), (items) => ({ ...v, items }));
  }
  if (v.t !== 'o' || !hasDuplicateKeys(v, depth)) return [v];
  const keys = [...v.m.keys()];
  const options = keys.map((k) => (v.dups?.get(k)?.values ?? [v.m.get(k)!]).flatMap((x) => readingsOf(x, depth + 1)));
  return product(options, (pick) => ({ ...v, m: new Map(keys.map((k, i) => [k, pick[i]])), dups: undefined }));
}

/** Reads a document object (one reading of it) into the normalised model. */
function normaliseStructure(value: Val, doc: VObj, ctx: LocateContext, out: PolicyDocument = { statements: [], unknowns: [], problems: [] }): PolicyDocument {
  const chain0 = [value, doc];
  const version = doc.m.get('Version');
  if (version?.t === 's') out.version = version.v;
  const st = doc.m.get('Statement');
  if (!st && doc.partial) {
    out.unknown = doc.partial;
    out.unknowns.push({ why: doc.partial, range: locate(chain0, ctx), path: '' });
    return out;
  }
  if (!st) {
    out.problems.push({ message: 'the policy document has no Statement', range: locate(chain0, ctx) });
    return out;
  }
  const list = st.t === 'l' ? st.items : [st];
  // one chain for the whole document: each reader pushes the value it reads and pops it after
  const chain = [...chain0, st];
  list.forEach((item, index) => {
    const path = st.t === 'l' ? `Statement[${index}]` : 'Statement';
    chain.push(item);
    out.statements.push(readStatement(item, index, path, chain, ctx, out));
    chain.pop();
  });
  if (st.t === 'u') {
    out.unknown = st.why;
    out.unknowns.push({ why: st.why, range: locate(chain, ctx), path: 'Statement' });
  }
  return out;
}

const PRINCIPAL_FIELDS = [
  ['Principal', 'principal'],
  ['NotPrincipal', 'notPrincipal'],
] as const;

const PATTERN_FIELDS = [
  ['Action', 'action'],
  ['NotAction', 'notAction'],
  ['Resource', 'resource'],
  ['NotResource', 'notResource'],
] as const;

function readStatement(v: Val, index: number, path: string, chain: Val[], ctx: LocateContext, doc: PolicyDocument): Statement {
  const range = locate(chain, ctx);
  const base: Statement = { index, path, range, effect: { unknown: true, why: 'unknown' }, effectRange: range, conditions: [] };
  if (v.t === 'u') {
    doc.unknowns.push({ why: v.why, range, path });
    return { ...base, unknown: v.why };
  }
  if (v.t !== 'o') {
    doc.problems.push({ message: `${path} is not an object`, range });
    return { ...base, unknown: 'not an object' };
  }
  const field = (k: string) => v.m.get(k);
  const sid = field('Sid');
  if (sid && sid.t === 's') base.sid = sid.v;
  const effect = field('Effect');
  if (!effect) {
    doc.problems.push({ message: `${path} has no Effect`, range });
    base.effect = { unknown: true, why: 'no Effect' };
  } else if (effect.t === 'u') {
    base.effect = { unknown: true, why: effect.why };
    doc.unknowns.push({ why: effect.why, range: locateIn(chain, ctx, effect), path: `${path}.Effect` });
  } else if (effect.t === 's' && (effect.v === 'Allow' || effect.v === 'Deny')) base.effect = effect.v;
  else {
    // AWS compares Effect case-sensitively: "allow" is rejected, and the statement grants nothing
    const got = JSON.stringify(asString(effect) ?? effect.t);
    doc.problems.push({ message: `${path}.Effect must be exactly "Allow" or "Deny" (case-sensitive), got ${got}`, range: locateIn(chain, ctx, effect) });
    base.effect = { unknown: true, why: 'invalid Effect' };
    base.invalid = `Effect ${got} is not "Allow" or "Deny"`;
  }
  if (effect) base.effectRange = locateIn(chain, ctx, effect);
  for (const [key, prop] of PRINCIPAL_FIELDS) {
    const p = field(key);
    if (!p) continue;
    chain.push(p);
    base[prop] = readPrincipal(p, `${path}.${key}`, chain, ctx, doc);
    chain.pop();
  }
  for (const [key, prop] of PATTERN_FIELDS) {
    const p = field(key);
    if (!p) continue;
    chain.push(p);
    base[prop] = readPatterns(p, `${path}.${key}`, chain, ctx, doc);
    chain.pop();
  }
  const cond = field('Condition');
  if (cond) {
    chain.push(cond);
    readConditions(cond, `${path}.Condition`, chain, ctx, doc, base);
    chain.pop();
  }
  if (v.partial) {
    // a key of the statement is not known: it may be a condition that narrows the statement
    base.conditionsUnknown ??= v.partial;
    doc.unknowns.push({ why: v.partial, range, path });
  }
  return base;
}

function readPatterns(v: Val, path: string, chain: Val[], ctx: LocateContext, doc: PolicyDocument): PatternList {
  const range = locate(chain, ctx);
  if (v.t === 'u') {
    doc.unknowns.push({ why: v.why, range, path });
    return { items: [], range, path, unknown: v.why };
  }
  const items = v.t === 'l' ? v.items : [v];
  const out: MaybeString[] = [];
  const itemRanges: Range[] = [];
  for (const i of items) {
    const m = toMaybe(i);
    if (m === undefined) continue;
    const at = v.t === 'l' ? locateIn(chain, ctx, i) : range;
    if (isUnknownString(m)) doc.unknowns.push({ why: m.why, range: at, path });
    out.push(m);
    itemRanges.push(at);
  }
  return { items: out, itemRanges, range, path };
}

const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

function readPrincipal(v: Val, path: string, chain: Val[], ctx: LocateContext, doc: PolicyDocument): PrincipalBlock {
  const range = locate(chain, ctx);
  if (v.t === 'u') {
    doc.unknowns.push({ why: v.why, range, path });
    return { entries: [], range, path, unknown: v.why };
  }
  if (v.t === 's') {
    if (v.v === '*') return { entries: [{ type: '*', value: '*', range, path }], range, path };
    doc.problems.push({ message: `${path} must be "*" or an object, got ${JSON.stringify(v.v)}`, range });
    return { entries: [], range, path, unknown: 'invalid principal' };
  }
  if (v.t !== 'o') {
    doc.problems.push({ message: `${path} must be "*" or an object`, range });
    return { entries: [], range, path, unknown: 'invalid principal' };
  }
  const entries: PrincipalEntry[] = [];
  let unknownWhy: string | undefined = v.partial;
  if (v.partial) doc.unknowns.push({ why: v.partial, range, path });
  for (const [type, ids] of v.m) {
    const tpath = `${path}.${type}`;
    if (!PRINCIPAL_TYPES.has(type)) {
      doc.problems.push({ message: `${tpath}: unknown principal type "${type}"`, range: locateIn(chain, ctx, ids) });
      continue;
    }
    if (ids.t === 'u') {
      unknownWhy ??= ids.why;
      doc.unknowns.push({ why: ids.why, range: locateIn(chain, ctx, ids), path: tpath });
      entries.push({ type: type as PrincipalType, value: toMaybe(ids)!, range: locateIn(chain, ctx, ids), path: tpath });
      continue;
    }
    const items = ids.t === 'l' ? ids.items : [ids];
    items.forEach((id, i) => {
      const m = toMaybe(id);
      if (m === undefined) return;
      const ipath = ids.t === 'l' ? `${tpath}[${i}]` : tpath;
      const r = locateIn(chain, ctx, ids, id);
      if (isUnknownString(m)) doc.unknowns.push({ why: m.why, range: r, path: ipath });
      const sensitive = doc.sensitive || ((id.t === 's' || id.t === 'u') && id.sensitive);
      entries.push({ type: type as PrincipalType, value: m, range: r, path: ipath, ...(sensitive ? { sensitive: true } : {}) });
    });
  }
  return { entries, range, path, ...(unknownWhy ? { unknown: unknownWhy } : {}) };
}

function readConditions(v: Val, path: string, chain: Val[], ctx: LocateContext, doc: PolicyDocument, st: Statement): void {
  const range = locate(chain, ctx);
  st.conditionRange = range;
  if (v.t === 'u') {
    st.conditionsUnknown = v.why;
    doc.unknowns.push({ why: v.why, range, path });
    return;
  }
  if (v.t !== 'o') {
    if (v.t === 'null') return;
    doc.problems.push({ message: `${path} must be an object`, range });
    st.conditionsUnknown = 'invalid condition';
    return;
  }
  if (v.partial) {
    st.conditionsUnknown ??= v.partial;
    doc.unknowns.push({ why: v.partial, range, path });
  }
  // An empty Condition block is valid and common (`cond ? {} : {...}`): AWS reads it as no condition.
  for (const [op, keys] of v.m) {
    const opPath = `${path}.${op}`;
    const opProblem = operatorProblem(op);
    if (opProblem) {
      const opRange = v.keyRanges?.get(op);
      doc.problems.push({ message: `${opPath}: ${opProblem}`, range: opRange && isHome(opRange, ctx) ? opRange : locateIn(chain, ctx, keys) });
    }
    if (keys.t === 'u') {
      st.conditionsUnknown ??= keys.why;
      doc.unknowns.push({ why: keys.why, range: locateIn(chain, ctx, keys), path: opPath });
      continue;
    }
    if (keys.t !== 'o') {
      doc.problems.push({ message: `${opPath} must be an object of condition keys`, range: locateIn(chain, ctx, keys) });
      continue;
    }
    if (keys.partial) {
      st.conditionsUnknown ??= keys.partial;
      doc.unknowns.push({ why: keys.partial, range: locateIn(chain, ctx, keys), path: opPath });
    }
    if (keys.m.size === 0 && !keys.partial) doc.problems.push({ message: `${opPath} has no condition keys`, range: locateIn(chain, ctx, keys) });
    for (const [key, vals] of keys.m) {
      const kpath = `${opPath}.${key}`;
      const r = locateIn(chain, ctx, keys, vals);
      const keyRange = keys.keyRanges?.get(key);
      const at = keyRange && isHome(keyRange, ctx) ? keyRange : r;
      const values: MaybeString[] = [];
      if (vals.t === 'u') {
        values.push(toMaybe(vals)!);
        doc.unknowns.push({ why: vals.why, range: r, path: kpath });
      } else {
        const items = vals.t === 'l' ? vals.items : [vals];
        if (items.length === 0) doc.problems.push({ message: `${kpath} has no values`, range: r });
        for (const x of items) {
          if (x.t === 'o' || x.t === 'l') {
            doc.problems.push({ message: `${kpath}: a condition value must be a string, number or boolean`, range: locateIn(chain, ctx, keys, vals, x) });
            continue;
          }
          const m = toMaybe(x);
          if (m === undefined) continue;
          if (isUnknownString(m)) doc.unknowns.push({ why: m.why, range: locateIn(chain, ctx, keys, vals, x), path: kpath });
          values.push(m);
        }
      }
      st.conditions.push({ operator: op, key, values, range: at, path: kpath });
    }
  }
}
