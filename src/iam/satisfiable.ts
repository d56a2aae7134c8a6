/**
 * Conditions that can never be true, and the Allow statements they make dead (TFXA302). AWS
 * compares condition values as the operator says: under `StringEquals` a `*` is a literal
 * character, so a subject, ARN or id written as a pattern never matches; a claim of another
 * OIDC issuer is never in the request; `Bool` compares with `true` or `false`; numeric and date
 * operators need numbers and dates. An Allow with such a condition grants nothing, so access
 * rules do not describe it as open.
 */
import { isIdentifierKey, oidcClaim } from './conditions';
import { parseDate, parseNumber } from './evaluate';
import { normaliseIssuer } from './oidc';
import { operatorFamily, parseOperator } from './operators';
import { isUnknownString, type ConditionEntry, type MaybeString, type Statement } from './policy';
import { classifyPrincipal } from './principals';
import { hasWildcard } from './wildcard';

export interface DeadCondition {
  condition: ConditionEntry;
  /** The values that never match. */
  values: string[];
  why: string;
  /** Every value of the condition is dead, so the Allow can never apply. */
  kills: boolean;
}

/** The known text of a value (unknown parts dropped), or undefined when nothing is known. */
function knownText(v: MaybeString): string | undefined {
  if (!isUnknownString(v)) return v;
  return v.parts ? v.parts.filter((p): p is string => p !== null).join('') : undefined;
}

/** Policy variables (`${aws:username}`) are filled in at request time: such a value is never judged. */
const hasVariable = (s: string) => s.includes('${');

/** OIDC issuers of the statement's Federated principals; undefined when one is not known. */
function federatedIssuers(st: Statement): string[] | undefined {
  const out: string[] = [];
  for (const e of st.principal?.entries ?? []) {
    if (e.type !== 'Federated') continue;
    const info = classifyPrincipal(e);
    if (info.kind === 'oidc' || info.kind === 'web-identity') {
      if (!info.provider) return undefined;
      out.push(normaliseIssuer(info.provider));
    } else if (info.kind === 'unknown') return undefined;
  }
  return out;
}

/** Dead conditions of one Allow statement (none for a Deny: a Deny is checked by other rules). */
export function deadConditions(st: Statement): DeadCondition[] {
  if (st.effect !== 'Allow' || st.unknown) return [];
  const out: DeadCondition[] = [];
  let issuers: string[] | undefined | null = null;
  for (const c of st.conditions) {
    const op = parseOperator(c.operator);
    const family = operatorFamily(op);
    // an absent key passes IfExists, negated operators and ForAllValues: never dead
    if (!family || op.ifExists || op.set === 'ForAllValues' || family === 'null') continue;
    const known = c.values.map(knownText);
    const judged = (test: (v: string) => boolean) => known.filter((v): v is string => v !== undefined && !hasVariable(v) && test(v));
    const all = (bad: string[]) => bad.length > 0 && bad.length === c.values.length;
    const claim = oidcClaim(c.key);
    if (claim && !op.negated && st.principal) {
      if (issuers === null) issuers = federatedIssuers(st);
      if (issuers && !issuers.includes(claim.provider)) {
        const theirs = issuers.length ? `the statement trusts ${issuers.join(', ')}` : 'the statement trusts no OIDC provider';
        out.push({ condition: c, values: [], why: `${c.key} is a claim of ${claim.provider}, but ${theirs}: the key is never in the request`, kills: true });
        continue;
      }
    }
    if (family === 'string' && /^string(not)?equals(ignorecase)?$/i.test(op.base) && (isIdentifierKey(c.key) || claim?.claim === 'sub')) {
      const bad = judged(hasWildcard);
      if (bad.length === 0) continue;
      const kills = !op.negated && all(bad);
      const why = op.negated
        ? `${op.base} compares ${c.key} with ${JSON.stringify(bad[0])} literally: the * or ? is not a pattern, so the condition excludes nothing`
        : `${op.base} compares ${c.key} with ${JSON.stringify(bad[0])} literally: the * or ? is not a pattern (use StringLike), so that value never matches`;
      out.push({ condition: c, values: bad, why, kills });
      continue;
    }
    if (op.negated) continue;
    if (family === 'bool') {
      const bad = judged((v) => !/^(true|false)$/i.test(v));
      if (bad.length) out.push({ condition: c, values: bad, why: `Bool compares ${c.key} with true or false, so ${JSON.stringify(bad[0])} never matches`, kills: all(bad) });
    } else if (family === 'numeric') {
      const bad = judged((v) => parseNumber(v) === undefined);
      if (bad.length) out.push({ condition: c, values: bad, why: `${op.base} needs a number, so ${JSON.stringify(bad[0])} never matches`, kills: all(bad) });
    } else if (family === 'date') {
      const bad = judged((v) => parseDate(v) === undefined);
      if (bad.length) out.push({ condition: c, values: bad, why: `${op.base} needs a date (ISO 8601 or epoch seconds), so ${JSON.stringify(bad[0])} never matches`, kills: all(bad) });
    }
  }
  return out;
}

/** Whether an Allow can never apply because one of its conditions is never true. */
export function isDeadAllow(st: Statement): boolean {
  if (st.conditions.length === 0) return false;
  let dead = deadCache.get(st);
  if (dead === undefined) deadCache.set(st, (dead = deadConditions(st).some((d) => d.kills)));
  return dead;
}
const deadCache = new WeakMap<Statement, boolean>();
