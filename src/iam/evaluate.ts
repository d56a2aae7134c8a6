/**
 * IAM evaluation: conditions against a request context that may hold unknown values, statements
 * against a request (principal, action, resource), and policies with the documented precedence
 * (an explicit Deny wins over an Allow; without an Allow the request is implicitly denied).
 * Results are three-valued: "unknown" when the answer depends on what cannot be known statically.
 */
import type { Tri } from './conditions';
import { parseOperator } from './operators';
import { isUnknownString, type ConditionEntry, type MaybeString, type PolicyDocument, type Statement } from './policy';
import { classifyPrincipal, principalCovers, type PrincipalInfo } from './principals';
import { coversAction, coversResource } from './statements';
import { LITERAL_QUESTION, LITERAL_STAR, wildcardMatch } from './wildcard';

/** A value of the request context: its values, or why it is unknown. */
export type ContextValue = { values: string[] } | { unknown: string };

export class RequestContext {
  private readonly map = new Map<string, ContextValue>();

  /**
   * @param defaultUnknown when set, keys not given are unknown (with this reason) rather than
   *   absent: for requests whose context tfxacct cannot know (source IP, tags, region…).
   */
  constructor(
    entries: Record<string, string | string[] | { unknown: string }> = {},
    private readonly defaultUnknown?: string,
  ) {
    for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }

  set(key: string, v: string | string[] | { unknown: string }): this {
    this.map.set(key.toLowerCase(), typeof v === 'string' ? { values: [v] } : Array.isArray(v) ? { values: v } : v);
    return this;
  }

  get(key: string): ContextValue | undefined {
    return this.map.get(key.toLowerCase()) ?? (this.defaultUnknown ? { unknown: this.defaultUnknown } : undefined);
  }
}

const not = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'unknown');
const or = (ts: Iterable<Tri>): Tri => {
  let u = false;
  for (const t of ts) {
    if (t === 'yes') return 'yes';
    if (t === 'unknown') u = true;
  }
  return u ? 'unknown' : 'no';
};
const and = (ts: Iterable<Tri>): Tri => {
  let u = false;
  for (const t of ts) {
    if (t === 'no') return 'no';
    if (t === 'unknown') u = true;
  }
  return u ? 'unknown' : 'yes';
};

/** Replaces `${key}` policy variables (and `${*}`, `${?}`, `${$}`) from the context. */
function substitute(value: string, ctx: RequestContext, like: boolean): string | { unknown: string } | null {
  let missing = false;
  let unknownWhy: string | undefined;
  const out = value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name === '*') return like ? LITERAL_STAR : '*';
    if (name === '?') return like ? LITERAL_QUESTION : '?';
    if (name === '$') return '$';
    const v = ctx.get(name.split(',')[0].trim());
    if (!v) {
      // `${key, 'default'}` supplies a default for an absent key
      const def = /,\s*'([^']*)'\s*$/.exec(name);
      if (def) return def[1];
      missing = true;
      return whole;
    }
    if ('unknown' in v) {
      unknownWhy = v.unknown;
      return whole;
    }
    return v.values[0] ?? '';
  });
  if (unknownWhy) return { unknown: unknownWhy };
  if (missing) return null;
  return out;
}

export function parseNumber(s: string): number | undefined {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** Dates as AWS reads them: ISO 8601 (`2027-12-31`, `2027-12-31T00:00:00Z`) or epoch seconds. */
export function parseDate(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function ipToBigInt(ip: string): { v: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v: parts.reduce((a, p) => (a << 8n) + BigInt(p), 0n), bits: 32 };
  }
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
    if (tail === undefined && h.length !== 8) return undefined;
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return { v: groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  return undefined;
}

export function ipInCidr(ip: string, cidr: string): boolean | undefined {
  const [net, lenText] = cidr.split('/');
  const a = ipToBigInt(ip);
  const b = ipToBigInt(net);
  if (!a || !b || a.bits !== b.bits) return undefined;
  const len = lenText === undefined ? a.bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > a.bits) return undefined;
  const shift = BigInt(a.bits - len);
  return a.v >> shift === b.v >> shift;
}

/** ARN comparison, component by component (the resource part may contain colons). */
function arnMatch(pattern: string, arn: string, like: boolean): boolean {
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return like ? wildcardMatch(pattern, arn) : pattern === arn;
  const pParts = [...p.slice(0, 5), p.slice(5).join(':')];
  const aParts = [...a.slice(0, 5), a.slice(5).join(':')];
  return pParts.every((x, i) => (like ? wildcardMatch(x, aParts[i]) : x === aParts[i]));
}

/** Whether one context value matches one policy value under a base operator. */
function matchOne(base: string, policyValue: string, contextValue: string, ctx: RequestContext): Tri {
  const b = base.toLowerCase().replace(/^(string|arn|numeric|date)not/, '$1').replace(/^notipaddress$/, 'ipaddress');
  // ArnEquals matches wildcards exactly as ArnLike does (AWS reads both as patterns, field by field)
  const like = b === 'stringlike' || b === 'arnlike' || b === 'arnequals';
  const usesVars = b.startsWith('string') || b.startsWith('arn');
  let pv: string = policyValue;
  if (usesVars) {
    const sub = substitute(policyValue, ctx, like);
    if (sub === null) return 'no';
    if (typeof sub !== 'string') return 'unknown';
    pv = sub;
  }
  switch (b) {
    case 'stringequals':
      return pv === contextValue ? 'yes' : 'no';
    case 'stringequalsignorecase':
      return pv.toLowerCase() === contextValue.toLowerCase() ? 'yes' : 'no';
    case 'stringlike':
      return wildcardMatch(pv, contextValue) ? 'yes' : 'no';
    case 'arnequals':
    case 'arnlike':
      return arnMatch(pv, contextValue, true) ? 'yes' : 'no';
    case 'numericequals':
    case 'numericlessthan':
    case 'numericlessthanequals':
    case 'numericgreaterthan':
    case 'numericgreaterthanequals': {
      const x = parseNumber(contextValue);
      const y = parseNumber(pv);
      if (x === undefined || y === undefined) return 'no';
      const r = b === 'numericequals' ? x === y : b === 'numericlessthan' ? x < y : b === 'numericlessthanequals' ? x <= y : b === 'numericgreaterthan' ? x > y : x >= y;
      return r ? 'yes' : 'no';
    }
    case 'dateequals':
    case 'datelessthan':
    case 'datelessthanequals':
    case 'dategreaterthan':
    case 'dategreaterthanequals': {
      const x = parseDate(contextValue);
      const y = parseDate(pv);
      if (x === undefined || y === undefined) return 'no';
      const r = b === 'dateequals' ? x === y : b === 'datelessthan' ? x < y : b === 'datelessthanequals' ? x <= y : b === 'dategreaterthan' ? x > y : x >= y;
      return r ? 'yes' : 'no';
    }
    case 'bool':
      return pv.toLowerCase() === contextValue.toLowerCase() ? 'yes' : 'no';
    case 'binaryequals':
      return pv === contextValue ? 'yes' : 'no';
    case 'ipaddress': {
      const r = ipInCidr(contextValue, pv);
      return r === undefined ? 'no' : r ? 'yes' : 'no';
    }
  }
  return 'unknown';
}

/**
 * Evaluates one condition (operator + key + values) against the request context:
 * values are ORed; `IfExists` passes on an absent key; `ForAllValues` is true on an empty or
 * absent set; `ForAnyValue` is false then; negated operators are true when the key is absent.
 */
export function evaluateCondition(c: ConditionEntry, ctx: RequestContext): Tri {
  const op = parseOperator(c.operator);
  const base = op.base;
  const ctxValue = ctx.get(c.key);
  if (base.toLowerCase() === 'null') {
    const wantAbsent = or(c.values.map((v) => (isUnknownString(v) ? 'unknown' : v.toLowerCase() === 'true' ? 'yes' : 'no')));
    if (ctxValue && 'unknown' in ctxValue) return 'unknown';
    const absent = !ctxValue || ctxValue.values.length === 0;
    if (wantAbsent === 'unknown') return 'unknown';
    return (wantAbsent === 'yes') === absent ? 'yes' : 'no';
  }
  if (ctxValue && 'unknown' in ctxValue) return 'unknown';
  const values = ctxValue?.values ?? [];
  const absent = !ctxValue || values.length === 0;
  if (absent) {
    if (op.set === 'ForAllValues') return 'yes';
    if (op.set === 'ForAnyValue') return 'no';
    if (op.ifExists) return 'yes';
    return op.negated ? 'yes' : 'no';
  }
  const negated = op.negated;
  const matchesAnyPolicyValue = (cv: string): Tri =>
    or(c.values.map((pv) => (isUnknownString(pv) ? 'unknown' : matchOne(base, pv, cv, ctx))));
  const perValue = values.map((cv) => (negated ? not(matchesAnyPolicyValue(cv)) : matchesAnyPolicyValue(cv)));
  if (op.set === 'ForAllValues') return and(perValue);
  return or(perValue);
}

/** All conditions of a statement (operators and keys are ANDed). */
export function evaluateConditions(st: Statement, ctx: RequestContext): Tri {
  if (st.conditionsUnknown) return 'unknown';
  return and(st.conditions.map((c) => evaluateCondition(c, ctx)));
}

export interface Request {
  /** The caller; omit for identity policies (the caller is the policy's holder). */
  principal?: PrincipalInfo;
  action: string;
  resource: string;
  context?: RequestContext;
}

/** Whether the statement's Principal / NotPrincipal admits the caller. */
export function admitsPrincipal(st: Statement, principal: PrincipalInfo | undefined): Tri {
  if (!principal) return 'yes';
  if (st.principal) {
    if (st.principal.unknown && st.principal.entries.length === 0) return 'unknown';
    const r = or(
      st.principal.entries.map((e): Tri => {
        const c = principalCovers(classifyPrincipal(e), principal);
        return c === undefined ? 'unknown' : c ? 'yes' : 'no';
      }),
    );
    return r === 'no' && st.principal.unknown ? 'unknown' : r;
  }
  if (st.notPrincipal) {
    const excluded = or(
      st.notPrincipal.entries.map((e): Tri => {
        const c = principalCovers(classifyPrincipal(e), principal);
        return c === undefined ? 'unknown' : c ? 'yes' : 'no';
      }),
    );
    return not(excluded);
  }
  return 'no';
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown';

export interface StatementMatch {
  statement: Statement;
  effect: 'Allow' | 'Deny';
  applies: Tri;
}

/** Whether a statement applies to a request (principal, action, resource and conditions). */
export function statementApplies(st: Statement, req: Request): Tri {
  if (st.unknown) return 'unknown';
  return and([
    admitsPrincipal(st, req.principal),
    coversAction(st, req.action),
    coversResource(st, req.resource),
    evaluateConditions(st, req.context ?? new RequestContext()),
  ]);
}

/** Evaluates documents that apply together: explicit deny > allow > implicit deny. */
export function evaluatePolicies(docs: PolicyDocument[], req: Request): { decision: Decision; matches: StatementMatch[] } {
  const matches: StatementMatch[] = [];
  let unknownDoc = false;
  for (const d of docs) {
    if (d.unknown) unknownDoc = true;
    for (const st of d.statements) {
      if (st.invalid) continue;
      const effect = st.effect === 'Allow' || st.effect === 'Deny' ? st.effect : undefined;
      const applies = statementApplies(st, req);
      if (applies === 'no') continue;
      if (!effect) {
        unknownDoc = true;
        continue;
      }
      matches.push({ statement: st, effect, applies });
    }
  }
  const denies = matches.filter((m) => m.effect === 'Deny');
  const allows = matches.filter((m) => m.effect === 'Allow');
  if (denies.some((m) => m.applies === 'yes')) return { decision: 'explicit-deny', matches };
  if (denies.some((m) => m.applies === 'unknown')) return { decision: 'unknown', matches };
  if (allows.some((m) => m.applies === 'yes')) return { decision: unknownDoc ? 'unknown' : 'allow', matches };
  if (allows.some((m) => m.applies === 'unknown') || unknownDoc) return { decision: 'unknown', matches };
  return { decision: 'implicit-deny', matches };
}

export function maybeText(v: MaybeString): string {
  return isUnknownString(v) ? (v.parts ? v.parts.map((p) => (p === null ? '…' : p)).join('') : '(unknown)') : v;
}
