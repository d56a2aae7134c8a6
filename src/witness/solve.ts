/**
 * Context values for a witness, found from the condition model: for each key an Allow statement
 * tests, a value (or its absence) that satisfies every condition on that key; then, for each Deny
 * that would apply, a value of one of its keys that makes it not apply, without breaking the
 * Allows. Values come from the conditions themselves (a pattern instantiated, a number just
 * inside the bound, the first address of a range), so the request is concrete. Keys the caller's
 * identity fixes (aws:PrincipalArn, aws:PrincipalAccount…) are not chosen here: the principal is.
 */
import { ipInCidr, parseDate, parseNumber, RequestContext, evaluateCondition, evaluateConditions, statementApplies, type Request } from '../iam/evaluate';
import { operatorFamily, parseOperator } from '../iam/operators';
import { isUnknownString, type ConditionEntry, type Statement } from '../iam/policy';
import type { PrincipalInfo } from '../iam/principals';

/** The chosen value of a key: its values, or absent (`[]`). */
export type Choice = string[];

/** Keys AWS fills in from who the caller is and whose resource it asks for. */
export const IDENTITY_KEYS: ReadonlySet<string> = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:username', 'aws:principalservicename', 'aws:principalisawsservice', 'aws:resourceaccount']);

/** Keys a Deny may not be turned off by: who the caller is, and which organization it belongs to. */
export const CALLER_KEYS: ReadonlySet<string> = new Set([...IDENTITY_KEYS, 'aws:principalorgid', 'aws:principalorgpaths', 'aws:userid', 'aws:resourceorgid']);

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'aws:resourceaccount', 'kms:calleraccount', 'aws:vpceaccount', 's3:dataaccesspointaccount']);
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:sourceorgid', 'aws:resourceorgid', 'aws:vpceorgid']);

export interface SolveEnv {
  /** The account a wildcard account field stands for (one unrelated to the configuration). */
  account: string;
  /** An organization id unrelated to the configuration. */
  organization: string;
}

/** A concrete value a pattern matches: `*` and `?` filled in as the key's values are written. */
export function instantiate(pattern: string, key: string, env: SolveEnv): string {
  const k = key.toLowerCase();
  if (ACCOUNT_KEYS.has(k)) return fillDigits(pattern, env.account);
  if (ORG_KEYS.has(k)) return /^[*?]+$/.test(pattern) ? env.organization : fillTo(pattern, 12, '0');
  if (pattern.startsWith('arn:') || /^arn[*?]/.test(pattern)) return instantiateArn(pattern, env);
  return pattern.replace(/\*/g, 'any').replace(/\?/g, 'x');
}

/** The policy variable of the caller's own account: the account the witness's caller is chosen in. */
export const CALLER_ACCOUNT_VARIABLE = /\$\{aws:PrincipalAccount\}/gi;

/** An ARN pattern made concrete field by field: a wildcard region is us-east-1, a wildcard account the unrelated account. */
export function instantiateArn(pattern: string, env: SolveEnv): string {
  // the caller's own account as a policy variable is the account the caller is chosen in
  const fields = pattern.replace(CALLER_ACCOUNT_VARIABLE, env.account).split(':');
  if (fields.length < 6) return pattern.replace(/\*/g, 'any').replace(/\?/g, 'x');
  const [, partition, service, region, account] = fields;
  const resource = fields.slice(5).join(':');
  const plain = (s: string, whole: string) => (/^[*?]+$/.test(s) ? whole : s.replace(/\*/g, 'any').replace(/\?/g, 'x'));
  const acct = account === '' ? '' : fillDigits(account, env.account);
  return ['arn', plain(partition, 'aws'), plain(service, 'any'), region === '' ? '' : plain(region, 'us-east-1'), acct, resource.replace(/\*/g, 'any').replace(/\?/g, 'x')].join(':');
}

/** A 12-digit account id a pattern matches (the unrelated account when the pattern is all wildcards). */
function fillDigits(pattern: string, fallback: string): string {
  if (/^[*?]+$/.test(pattern) || pattern === '') return fallback;
  if (!/[*?]/.test(pattern)) return pattern;
  return fillTo(pattern.replace(/\?/g, '0'), 12, '0');
}

/** Fills the `*`s of a pattern so that the result has `length` characters (at least one per `*` is dropped to nothing when too long). */
function fillTo(pattern: string, length: number, pad: string): string {
  const literal = pattern.replace(/[*?]/g, '').length + (pattern.match(/\?/g)?.length ?? 0);
  const stars = pattern.match(/\*/g)?.length ?? 0;
  if (stars === 0) return pattern.replace(/\?/g, pad);
  const room = Math.max(0, length - literal);
  const each = Math.floor(room / stars);
  let extra = room - each * stars;
  return pattern.replace(/\?/g, pad).replace(/\*/g, () => pad.repeat(each + (extra-- > 0 ? 1 : 0)));
}

const DAY = 86_400_000;

/**
 * Values to try for a key so that one condition on it holds (absent is tried separately): a
 * pattern's instance before an exact value, so that the request shows how wide the pattern is.
 */
function valuesFor(c: ConditionEntry, env: SolveEnv): string[] {
  const op = parseOperator(c.operator);
  const family = operatorFamily(op);
  const base = op.base.toLowerCase();
  const out: string[] = [];
  const patterns = /like$|^arnequals$/.test(base) && !op.negated;
  const values = patterns ? [...c.values.filter((v) => typeof v === 'string' && /[*?]/.test(v)), ...c.values.filter((v) => !(typeof v === 'string' && /[*?]/.test(v)))] : c.values;
  for (const v of values) {
    if (isUnknownString(v) || v.includes('${')) continue;
    switch (family) {
      case 'string':
      case 'arn':
        if (op.negated) out.push(`${instantiate(v, c.key, env)}-other`);
        else out.push(/like$|^arnequals$/.test(base) ? instantiate(v, c.key, env) : v);
        break;
      case 'numeric': {
        const n = parseNumber(v);
        if (n === undefined) break;
        if (base === 'numericlessthan') out.push(String(n - 1));
        else if (base === 'numericgreaterthan') out.push(String(n + 1));
        else if (base === 'numericnotequals') out.push(String(n + 1));
        else out.push(String(n));
        break;
      }
      case 'date': {
        const t = parseDate(v);
        if (t === undefined) break;
        const at = base === 'datelessthan' || base === 'datelessthanequals' ? t - DAY : base === 'dategreaterthan' || base === 'dategreaterthanequals' || base === 'datenotequals' ? t + DAY : t;
        out.push(new Date(at).toISOString().replace(/\.000Z$/, 'Z'));
        break;
      }
      case 'bool':
      case 'binary':
        out.push(v);
        break;
      case 'ip':
        if (op.negated) out.push(...['203.0.113.7', '198.51.100.7', '192.0.2.7'].filter((ip) => ipInCidr(ip, v) === false));
        else out.push(firstAddress(v));
        break;
      case 'null':
        if (v.toLowerCase() === 'false') out.push('any');
        break;
    }
  }
  return out;
}

/** The first address of a range (`10.1.0.0/16` -> 10.1.0.0), the address itself otherwise. */
function firstAddress(cidr: string): string {
  return cidr.split('/')[0];
}

export interface Solved {
  /** Chosen context: key (as written) -> values, `[]` for absent. */
  chosen: Map<string, { key: string; values: Choice }>;
}

/** A request context of fixed and chosen keys; every other key is absent. */
export function contextOf(fixed: Record<string, string | string[] | { unknown: string }>, chosen: Map<string, { key: string; values: Choice }>): RequestContext {
  const ctx = new RequestContext({});
  for (const [k, v] of Object.entries(fixed)) if (typeof v === 'string' || Array.isArray(v)) ctx.set(k, v);
  for (const { key, values } of chosen.values()) ctx.set(key, values);
  return ctx;
}

export interface SolveInput {
  /** Allow statements the request must satisfy, with the principal they are evaluated for (none for identity policies). */
  allows: { statement: Statement; principal?: PrincipalInfo }[];
  /** Deny statements that must not apply, each with where it is (for the reason when one cannot be avoided). */
  denies: { statement: Statement; principal?: PrincipalInfo; where: string }[];
  action: string;
  resource: string;
  /** Keys AWS fills in (from the principal and the resource); unknown ones may be chosen. */
  fixed: Record<string, string | string[] | { unknown: string }>;
  /** Values to try first, by key (the finding's point: no external id, another customer's subject). */
  prefer: Record<string, Choice>;
  env: SolveEnv;
}

/** Finds context values for the request, or why none do. */
export function solve(input: SolveInput): { chosen: Map<string, { key: string; values: Choice }> } | { why: string } {
  const chosen = new Map<string, { key: string; values: Choice }>();
  const isFixed = (k: string) => {
    const hit = Object.entries(input.fixed).find(([x]) => x.toLowerCase() === k);
    return hit !== undefined && (typeof hit[1] === 'string' || Array.isArray(hit[1]));
  };
  for (const [k, v] of Object.entries(input.prefer)) chosen.set(k.toLowerCase(), { key: k, values: v });
  const request = (principal: PrincipalInfo | undefined): Request => ({ ...(principal ? { principal } : {}), action: input.action, resource: input.resource, context: contextOf(input.fixed, chosen) });

  // 1. the Allows: a value for every key they test, tried key by key
  for (const { statement } of input.allows) {
    if (statement.conditionsUnknown) return { why: `the conditions of ${statement.path} are not known statically (${statement.conditionsUnknown})` };
    const byKey = new Map<string, ConditionEntry[]>();
    for (const c of statement.conditions) {
      const k = c.key.toLowerCase();
      byKey.set(k, [...(byKey.get(k) ?? []), c]);
    }
    for (const [k, conds] of byKey) {
      const undefinedOperator = conds.find((c) => operatorFamily(parseOperator(c.operator)) === undefined);
      if (undefinedOperator) return { why: `${undefinedOperator.operator} is not a condition operator AWS defines, so the request it would let through cannot be evaluated` };
      if (conds.some((c) => c.values.some(isUnknownString))) {
        const c = conds.find((x) => x.values.some(isUnknownString))!;
        return { why: `the ${c.operator} condition on ${c.key} has a value that is not known statically` };
      }
      const holds = () => {
        const ctx = contextOf(input.fixed, chosen);
        return conds.every((c) => evaluateCondition(c, ctx) === 'yes');
      };
      if (isFixed(k) && !chosen.has(k)) {
        if (holds()) continue;
        return { why: `the condition on ${conds[0].key} does not hold for this principal and resource` };
      }
      const preferred = chosen.get(k);
      if (preferred && holds()) continue;
      const key = conds[0].key;
      const candidates: Choice[] = [];
      if (preferred) candidates.push(preferred.values);
      const present = conds.flatMap((c) => valuesFor(c, input.env)).map((v) => [v]);
      const needsPresence = conds.some((c) => {
        const op = parseOperator(c.operator);
        return !op.ifExists && !op.negated && op.set !== 'ForAllValues' && operatorFamily(op) !== 'null';
      });
      if (needsPresence) candidates.push(...present, []);
      else candidates.push([], ...present);
      candidates.push(['true'], ['false'], ['any']);
      let found = false;
      for (const values of candidates) {
        chosen.set(k, { key, values });
        if (holds()) {
          found = true;
          break;
        }
      }
      if (!found) {
        chosen.delete(k);
        return { why: `no value of ${key} satisfies every condition of ${statement.path} on it` };
      }
    }
  }
  const allowsHold = () => input.allows.every(({ statement, principal }) => statementApplies(statement, request(principal)) === 'yes');
  if (!allowsHold()) {
    const bad = input.allows.find(({ statement, principal }) => statementApplies(statement, request(principal)) !== 'yes')!;
    return { why: `no request of this principal, action and resource satisfies ${bad.statement.path}` };
  }

  // 2. the Denies: each that applies is turned off through one of its keys, if one is free
  for (const { statement: d, principal, where } of input.denies) {
    const applies = statementApplies(d, request(principal));
    if (applies === 'no') continue;
    if (applies === 'unknown') return { why: `whether ${where} denies the request is not known statically${d.unknown ? ` (${d.unknown})` : ''}` };
    let off = false;
    for (const c of d.conditions) {
      const k = c.key.toLowerCase();
      if (CALLER_KEYS.has(k) || isFixed(k)) continue;
      const before = chosen.get(k);
      const tries: Choice[] = [[], ...valuesFor(c, input.env).map((v) => [v]), ['true'], ['false'], ['any']];
      for (const values of tries) {
        chosen.set(k, { key: c.key, values });
        if (evaluateConditions(d, contextOf(input.fixed, chosen)) === 'no' && allowsHold()) {
          off = true;
          break;
        }
      }
      if (off) break;
      if (before) chosen.set(k, before);
      else chosen.delete(k);
    }
    if (!off) return { why: `${where} denies the request${d.conditions.length ? ' (no context value the caller controls turns it off)' : ''}` };
  }
  // a key an earlier Deny was turned off by must still keep the others off
  for (const { statement: d, principal, where } of input.denies) {
    if (statementApplies(d, request(principal)) !== 'no') return { why: `${where} denies the request` };
  }
  return { chosen };
}
