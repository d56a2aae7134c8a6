/**
 * `data "aws_iam_policy_document"` rendered as the AWS provider renders it: statements from
 * `source_policy_documents` first, then the document's own statements (replacing a source
 * statement with the same Sid), then `override_policy_documents` (same rule); single-element
 * string sets become strings and sets are sorted in reverse order, as the provider does.
 * The result is a value whose every element keeps the source range of the block attribute it
 * came from, so findings point into the data block.
 */
import type { Range } from '../hcl/ast';
import { isJsonFailure, parseJsonValue } from './json-value';
import { KeyRangeList, firstUnknown, lazyJsonString, list, str, withUse, unknown, type VObj, type Val } from './value';
import { appendTo } from '../collections';

function within(inner: Range, outer: Range): boolean {
  if (inner.file !== outer.file) return false;
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * Block attribute values keep where they were used: an identifier that reached the block
 * through `identifiers = var.arns` points at that attribute, one written in the block at itself.
 */
function anchored(v: Val): Val {
  const use = v.u ?? v.r;
  if (!use || v.t !== 'l') return v;
  return { ...v, items: v.items.map((i) => (i.u || (i.r && within(i.r, use)) ? i : withUse(i, use))) };
}

function get(o: VObj, k: string): Val | undefined {
  const v = o.m.get(k);
  return v && v.t !== 'null' ? anchored(v) : undefined;
}

/** A provider string set: deduplicated, reverse-sorted, a single element rendered as a string. */
function renderSet(v: Val | undefined): Val | undefined {
  if (!v) return undefined;
  if (v.t !== 'l') return v;
  if (v.items.length === 0) return undefined;
  const allKnown = v.items.every((i) => i.t === 's');
  let items = v.items;
  if (allKnown) {
    const seen = new Set<string>();
    items = items.filter((i) => {
      const s = (i as { v: string }).v;
      if (seen.has(s)) return false;
      seen.add(s);
      return true;
    });
    items = [...items].sort((a, b) => ((a as { v: string }).v < (b as { v: string }).v ? 1 : -1));
  }
  return items.length === 1 ? items[0] : { ...v, items };
}

function renderPrincipals(blocks: Val | undefined, statementRange: Range | undefined): Val | undefined {
  if (!blocks) return undefined;
  if (blocks.t === 'u') return blocks;
  if (blocks.t !== 'l' || blocks.items.length === 0) return undefined;
  // the element points at its first block (principals / not_principals), not at the statement
  const range = blocks.items[0].r ?? statementRange;
  const byType = new Map<string, Val[]>();
  const typeRanges = new KeyRangeList();
  for (const b of blocks.items) {
    if (b.t !== 'o') return unknown(b.t === 'u' ? b.why : 'principals block is not an object', b.r ?? range);
    const type = b.m.get('type');
    const ids = get(b, 'identifiers');
    if (!type || type.t !== 's') return unknown(type?.t === 'u' ? type.why : 'principal type is unknown', b.r ?? range);
    if (!ids) continue;
    const items = ids.t === 'l' ? ids.items : [ids];
    appendTo(byType, type.v, ...items);
    if (type.r) typeRanges.set(type.v, type.r);
  }
  const star = byType.get('*');
  if (star && byType.size === 1 && star.every((i) => i.t === 's' && i.v === '*')) return str('*', star[0].r ?? range);
  const m = new Map<string, Val>();
  for (const [t, ids] of byType) m.set(t === '*' ? 'AWS' : t, renderSet(list(ids, ids[0]?.r)) ?? list([]));
  return { t: 'o', m, keyRanges: typeRanges.done(), ...(range ? { r: range } : {}) };
}

function renderConditions(blocks: Val | undefined, range: Range | undefined): Val | undefined {
  if (!blocks) return undefined;
  if (blocks.t === 'u') return blocks;
  if (blocks.t !== 'l' || blocks.items.length === 0) return undefined;
  const tests = new Map<string, Map<string, Val[]>>();
  const ranges = new Map<string, Range>();
  const unknowns: Val[] = [];
  for (const b of blocks.items) {
    if (b.t !== 'o') {
      unknowns.push(b);
      continue;
    }
    const test = b.m.get('test');
    const variable = b.m.get('variable');
    const values = get(b, 'values');
    if (!test || test.t !== 's' || !variable || variable.t !== 's') {
      unknowns.push(unknown('condition test or variable is unknown', b.r ?? range));
      continue;
    }
    const vars = tests.get(test.v) ?? new Map<string, Val[]>();
    const items = !values ? [] : values.t === 'l' ? values.items : [values];
    appendTo(vars, variable.v, ...items);
    tests.set(test.v, vars);
    if (b.r) ranges.set(`${test.v}\u0000${variable.v}`, b.r);
  }
  if (unknowns.length > 0) {
    const u = unknowns[0];
    return u.t === 'u' ? u : unknown('condition is unknown', u.r ?? range);
  }
  const m = new Map<string, Val>();
  const testRanges = new KeyRangeList();
  for (const [test, vars] of tests) {
    const vm = new Map<string, Val>();
    const varRanges = new KeyRangeList();
    for (const [variable, values] of vars) {
      const r = ranges.get(`${test}\u0000${variable}`);
      vm.set(variable, renderSet(list(values, r)) ?? list([], r));
      if (r) varRanges.set(variable, r);
      if (r && !testRanges.has(test)) testRanges.set(test, r);
    }
    m.set(test, { t: 'o', m: vm, keyRanges: varRanges.done(), ...(testRanges.get(test) ? { r: testRanges.get(test) } : {}) });
  }
  return { t: 'o', m, keyRanges: testRanges.done(), ...(range ? { r: range } : {}) };
}

function renderStatement(b: Val): Val {
  if (b.t !== 'o') return b.t === 'u' ? b : unknown('statement is not an object', b.r);
  const m = new Map<string, Val>();
  const keyRanges = new KeyRangeList();
  const put = (k: string, v: Val | undefined, from?: string) => {
    if (!v) return;
    m.set(k, v);
    const kr = from ? b.keyRanges?.get(from) : undefined;
    if (kr) keyRanges.set(k, kr);
  };
  const sid = get(b, 'sid');
  if (sid && !(sid.t === 's' && sid.v === '')) put('Sid', sid, 'sid');
  put('Effect', get(b, 'effect') ?? str('Allow', b.r), 'effect');
  put('Action', renderSet(get(b, 'actions')), 'actions');
  put('NotAction', renderSet(get(b, 'not_actions')), 'not_actions');
  put('Resource', renderSet(get(b, 'resources')), 'resources');
  put('NotResource', renderSet(get(b, 'not_resources')), 'not_resources');
  put('Principal', renderPrincipals(get(b, 'principals'), b.r));
  put('NotPrincipal', renderPrincipals(get(b, 'not_principals'), b.r));
  put('Condition', renderConditions(get(b, 'condition'), b.r));
  return { t: 'o', m, keyRanges: keyRanges.done(), ...(b.r ? { r: b.r } : {}) };
}

/** Statements of another policy document given as a string (source or override documents). */
function statementsOf(doc: Val, range: Range | undefined): Val[] {
  let structured: Val | undefined = doc;
  if (doc.t === 's') {
    if (doc.json) structured = doc.json;
    else {
      const p = parseJsonValue(doc, range);
      structured = isJsonFailure(p) ? unknown(p.error, p.range ?? range) : (p as Val);
    }
  } else if (doc.t === 'u') structured = doc.json ?? doc;
  if (!structured || structured.t === 'u') return [structured ?? unknown('policy document is unknown', range)];
  if (structured.t !== 'o') return [unknown('policy document is not an object', range)];
  const st = structured.m.get('Statement');
  if (!st) return [];
  if (st.t === 'o') return [st];
  if (st.t === 'l') return st.items;
  return [st];
}

function sidOf(s: Val): string | undefined {
  if (s.t !== 'o') return undefined;
  const sid = s.m.get('Sid');
  return sid && sid.t === 's' && sid.v !== '' ? sid.v : undefined;
}

/** Merges statements, replacing those with the same Sid. */
function mergeInto(out: Val[], add: Val[]): void {
  for (const s of add) {
    const sid = sidOf(s);
    const at = sid === undefined ? -1 : out.findIndex((x) => sidOf(x) === sid);
    if (at === -1) out.push(s);
    else out[at] = s;
  }
}

function docList(v: Val | undefined): Val[] {
  if (!v) return [];
  if (v.t === 'l') return v.items.filter(isDocument);
  // a list known in part (concat with an unknown list): its known documents, and the unknown rest
  if (v.t === 'u' && v.json?.t === 'l') return v.json.items.filter(isDocument);
  return isDocument(v) ? [v] : [];
}

/**
 * Whether a source or override document adds anything: the provider skips a null or "" one (a ""
 * reaches it as nil, as a module's `[var.custom_policy]` with a default of "" does; `source_json`
 * and `override_json` are read with GetOk, whose zero value is "").
 */
function isDocument(v: Val): boolean {
  return v.t !== 'null' && !(v.t === 's' && !v.json && v.v === '');
}

/** The rendered document, and the `json` attribute value (known text, or Unknown holding the structure). */
export function renderPolicyDocument(attrs: VObj, range: Range): { doc: Val; json: Val; minified: Val } {
  const statements: Val[] = [];
  for (const d of [...docList(get(attrs, 'source_policy_documents')), ...docList(get(attrs, 'source_json'))]) {
    statements.push(...statementsOf(d, range));
  }
  const own = get(attrs, 'statement');
  if (own?.t === 'u') statements.push(own);
  else mergeInto(statements, (own?.t === 'l' ? own.items : []).map(renderStatement));
  for (const d of [...docList(get(attrs, 'override_policy_documents')), ...docList(get(attrs, 'override_json'))]) {
    mergeInto(statements, statementsOf(d, range));
  }
  const m = new Map<string, Val>();
  m.set('Version', get(attrs, 'version') ?? str('2012-10-17', range));
  const id = get(attrs, 'policy_id');
  if (id) m.set('Id', id);
  m.set('Statement', list(statements, range));
  const doc: VObj = { t: 'o', m, r: range };
  const u = firstUnknown(doc);
  if (!u) {
    // the texts are made when read (most policies are read as their structure)
    return { doc, json: lazyJsonString(doc, 'indented', range), minified: lazyJsonString(doc, 'compact', range) };
  }
  const json = unknown(u.why, range, { json: doc, ...(u.err ? { err: true } : {}) });
  return { doc, json, minified: json };
}
