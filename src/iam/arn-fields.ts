/**
 * The fields of an ARN known in part. A hole stands in the field it is written in: a value that
 * holds colons would move the fields after it, which only a partition or region hole before the
 * account could do, and their values hold none.
 */
import type { Ref } from '../terraform/value';
import type { UnknownString } from './policy';

const HOLE = '\u0000';

/** Attributes whose value is an account id (twelve digits: never a wildcard, never a colon). */
export const ACCOUNT_ID_ATTRIBUTES: ReadonlySet<string> = new Set(['account_id', 'owner_id']);

/** The six or more fields of `arn:partition:service:region:account:resource`, holes as NUL; undefined if it is not an ARN. */
export function arnFields(v: UnknownString): string[] | undefined {
  if (!v.parts) return undefined;
  const fields = v.parts.map((p) => (p === null ? HOLE : p)).join('').split(':');
  return fields.length >= 6 && fields[0] === 'arn' ? fields : undefined;
}

/**
 * The account field of an ARN known in part when it is exactly one hole: which hole it is (its
 * index in `parts`' holes) and the attribute that hole reads.
 */
export function accountHole(v: UnknownString, fields = arnFields(v)): { index: number; ref?: Ref } | undefined {
  if (!fields || fields[4] !== HOLE) return undefined;
  const index = fields.slice(0, 4).join(':').split(HOLE).length - 1;
  return { index, ref: v.holeRefs?.[index] };
}

/** Whether the account field of an ARN known in part is an account id: literal, or a hole that reads an account id attribute. */
export function arnAccountPinned(v: UnknownString): boolean {
  const fields = arnFields(v);
  if (!fields) return false;
  if (/^\d{12}$/.test(fields[4])) return true;
  const ref = accountHole(v, fields)?.ref;
  return !!ref && ACCOUNT_ID_ATTRIBUTES.has(ref.attr);
}
