/**
 * Questions asked of one statement: does it allow an action, on which resources.
 */
import type { Tri } from './conditions';
import { isUnknownString, type PatternList, type Statement } from './policy';
import { wildcardMatch } from './wildcard';

/** Whether a pattern list matches a value (actions and their service prefixes are case-insensitive). */
export function listMatches(list: PatternList | undefined, value: string, ignoreCase: boolean): Tri {
  if (!list) return 'no';
  if (list.unknown) return 'unknown';
  let unknown = false;
  for (const p of list.items) {
    if (isUnknownString(p)) {
      unknown = true;
      continue;
    }
    if (wildcardMatch(p, value, ignoreCase)) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

/** Whether the statement's Action / NotAction covers an action, whatever its effect. */
export function coversAction(st: Statement, action: string): Tri {
  if (st.action) return listMatches(st.action, action, true);
  if (st.notAction) {
    const m = listMatches(st.notAction, action, true);
    return m === 'yes' ? 'no' : m === 'no' ? 'yes' : 'unknown';
  }
  return 'no';
}

/** Whether the statement's Resource / NotResource covers a resource ARN. */
export function coversResource(st: Statement, arn: string): Tri {
  if (st.resource) return listMatches(st.resource, arn, false);
  if (st.notResource) {
    const m = listMatches(st.notResource, arn, false);
    return m === 'yes' ? 'no' : m === 'no' ? 'yes' : 'unknown';
  }
  // resource policies without Resource apply to the resource holding them
  return 'yes';
}

export function isAllow(st: Statement): Tri {
  // a statement AWS rejects grants nothing
  if (st.invalid) return 'no';
  if (st.unknown) return 'unknown';
  if (st.effect === 'Allow') return 'yes';
  if (st.effect === 'Deny') return 'no';
  return 'unknown';
}

/** Allow statements that cover one of the actions. */
export function allowsAny(st: Statement, actions: string[]): Tri {
  const allow = isAllow(st);
  if (allow === 'no') return 'no';
  let unknown = allow === 'unknown';
  for (const a of actions) {
    const c = coversAction(st, a);
    if (c === 'yes' && allow === 'yes') return 'yes';
    if (c !== 'no') unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}

/** Actions that let a principal assume a role through a trust policy. */
export const ASSUME_ROLE = 'sts:AssumeRole';
