/**
 * Which conditions really narrow who can use an Allow. A condition is binding only with a
 * positive string or ARN operator on one of the narrowing keys, with values that do not match
 * anything: `...IfExists` passes when the key is absent, negated operators allow everything else,
 * `ForAllValues:` is true when the key is absent, and `*` (or an ARN with a wildcard account)
 * matches any account. Unknown values are "unknown", never "safe".
 */
import { isUnknownString, type ConditionEntry, type Statement } from './policy';
import { hasWildcard, matchesEverything } from './wildcard';

export interface OperatorInfo {
  /** Operator without set prefix and IfExists suffix, e.g. `StringEquals`. */
  base: string;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
  negated: boolean;
}

export function parseOperator(op: string): OperatorInfo {
  let rest = op;
  let set: OperatorInfo['set'];
  const m = /^(ForAllValues|ForAnyValue):(.*)$/i.exec(rest);
  if (m) {
    set = m[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    rest = m[2];
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const negated = /^(StringNot|ArnNot|NotIpAddress|NumericNotEquals|DateNotEquals)/i.test(rest);
  return { base: rest, set, ifExists, negated };
}

const POSITIVE_MATCH = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/** Keys that identify who the caller is or on whose behalf it acts. */
const NARROWING_KEYS = new Set([
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcevpce',
  'aws:sourcevpc',
  // the legacy owner key of SNS default topic policies
  'aws:sourceowner',
  'aws:vpceaccount',
  'aws:vpceorgid',
  'aws:vpceorgpaths',
  // AWS's documented delegation of a bucket to its own account's access points
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
  'aws:userid',
  'sts:externalid',
  'sts:sourceidentity',
  'aws:sourceidentity',
  'kms:calleraccount',
  'kms:viaservice',
]);

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'kms:calleraccount', 'aws:principalorgid', 'aws:sourceorgid', 'aws:vpceaccount', 'aws:vpceorgid', 's3:dataaccesspointaccount']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn', 's3:dataaccesspointarn']);

/** `kms:EncryptionContext:aws:<service>:arn`: the service guard CloudTrail and CloudWatch Logs document for key policies. */
const isServiceContextArn = (k: string) => /^kms:encryptioncontext:aws:[a-z0-9-]+:arn$/.test(k);

/** OIDC claim keys: `<provider host>:sub`, `:aud`, `:amr`… */
export function oidcClaim(key: string): { provider: string; claim: string } | undefined {
  const m = /^([a-z0-9.-]+\.[a-z]{2,}(?:\/[^:]*)?):([a-z_]+)$/i.exec(key);
  if (!m || m[1].toLowerCase().startsWith('aws')) return undefined;
  return { provider: m[1].toLowerCase(), claim: m[2].toLowerCase() };
}

export function isNarrowingKey(key: string): boolean {
  const k = key.toLowerCase();
  if (NARROWING_KEYS.has(k) || isServiceContextArn(k)) return true;
  if (k === 'aws:multifactorauthpresent' || k === 'aws:multifactorauthage') return true;
  if (k.startsWith('aws:principaltag/') || k.startsWith('aws:requesttag/')) return true;
  const claim = oidcClaim(k);
  return !!claim && (claim.claim === 'sub' || claim.claim === 'aud');
}

/**
 * Keys that make a grant to `*` non-public when they bind: the narrowing keys, except those the
 * caller chooses (`aws:PrincipalTag/*`, `aws:RequestTag/*`, `sts:ExternalId`, `sts:SourceIdentity`,
 * a KMS encryption context), MFA (any account's users have it) and `kms:ViaService`.
 */
export function isPublicBoundaryKey(key: string): boolean {
  const k = key.toLowerCase();
  if (!isNarrowingKey(k)) return false;
  if (k.startsWith('aws:principaltag/') || k.startsWith('aws:requesttag/') || k.startsWith('kms:encryptioncontext:')) return false;
  if (k === 'sts:externalid' || k === 'sts:sourceidentity' || k === 'aws:sourceidentity' || k === 'kms:viaservice') return false;
  if (k === 'aws:multifactorauthpresent' || k === 'aws:multifactorauthage') return false;
  return oidcClaim(k) === undefined;
}

export type Tri = 'yes' | 'no' | 'unknown';

/** Whether one value lets any caller through for this key. */
function valueMatchesAny(key: string, value: string, op: OperatorInfo): boolean {
  if (value === '') return false;
  const k = key.toLowerCase();
  // ArnEquals matches wildcards as ArnLike does; under StringEquals `*` and `?` are literal
  // characters (binding, and usually unsatisfiable: TFXA302's concern), never patterns
  const like = /like$/i.test(op.base) || /^arnequals$/i.test(op.base);
  if (!like) return false;
  if (matchesEverything(value)) return true;
  if (ACCOUNT_KEYS.has(k)) return hasWildcard(value);
  if (ARN_KEYS.has(k) || isServiceContextArn(k)) {
    const parts = value.split(':');
    // arn:partition:service:region:account:resource — ArnLike compares the six fields one by
    // one, so only a wildcard in the account field matches every account (a wildcard region or
    // service does not unpin it)
    if (parts.length < 6) return hasWildcard(value);
    if (hasWildcard(parts[4])) return true;
    // ARNs without an account (S3 buckets): a resource that is only a wildcard names anyone's
    const resource = parts.slice(5).join(':');
    return parts[4] === '' && /^[*?]*$/.test(resource);
  }
  return false;
}

/**
 * Whether one condition is binding for the keys of interest (default: every narrowing key).
 * `unknown` when its values are not known.
 */
export function conditionBinding(c: ConditionEntry, keys?: (key: string) => boolean): Tri {
  const isKey = keys ?? isNarrowingKey;
  const op = parseOperator(c.operator);
  const base = op.base.toLowerCase();
  const key = c.key.toLowerCase();
  if (!isKey(c.key)) return 'no';
  if (op.ifExists || op.negated || op.set === 'ForAllValues') return 'no';
  if (c.values.length === 0) return 'no';
  if (base === 'bool' && key === 'aws:multifactorauthpresent') {
    if (c.values.some(isUnknownString)) return 'unknown';
    return c.values.every((v) => typeof v === 'string' && v.toLowerCase() === 'true') ? 'yes' : 'no';
  }
  if ((base === 'numericlessthan' || base === 'numericlessthanequals') && key === 'aws:multifactorauthage') {
    return c.values.some(isUnknownString) ? 'unknown' : 'yes';
  }
  if (!POSITIVE_MATCH.has(base)) return 'no';
  let unknown = false;
  for (const v of c.values) {
    if (isUnknownString(v)) {
      unknown = true;
      continue;
    }
    if (valueMatchesAny(c.key, v, op)) return 'no';
  }
  return unknown ? 'unknown' : 'yes';
}

/** Whether a statement carries a binding condition (on the given keys). */
export function statementBinding(st: Statement, keys?: (key: string) => boolean): Tri {
  let unknown = st.conditionsUnknown !== undefined;
  for (const c of st.conditions) {
    const b = conditionBinding(c, keys);
    if (b === 'yes') return 'yes';
    if (b === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}

export const keyIn =
  (...names: string[]) =>
  (key: string): boolean =>
    names.includes(key.toLowerCase());

/** Conditions of a statement on a key (case-insensitive), for rules that look at one key. */
export function conditionsOn(st: Statement, key: string): ConditionEntry[] {
  const k = key.toLowerCase();
  return st.conditions.filter((c) => c.key.toLowerCase() === k);
}

/** Why a condition does not narrow who can use an Allow (undefined when it does, or may). */
export function whyNotBinding(c: ConditionEntry, keys?: (key: string) => boolean): string | undefined {
  if (conditionBinding(c, keys) !== 'no') return undefined;
  const op = parseOperator(c.operator);
  if (!(keys ?? isNarrowingKey)(c.key)) return `${c.key} does not identify the caller`;
  if (op.ifExists) return `${c.operator} passes when ${c.key} is absent`;
  if (op.negated) return `${c.operator} allows every other value`;
  if (op.set === 'ForAllValues') return `${c.operator} is true when ${c.key} is absent`;
  if (c.values.length === 0) return 'it has no values';
  if (!POSITIVE_MATCH.has(op.base.toLowerCase()) && !/^(bool|numericlessthan)/i.test(op.base)) return `${op.base} does not pin the caller`;
  return `a value of ${c.key} matches any caller`;
}

export interface StatementAnalysis {
  /** Conditions that narrow who can use the statement. */
  binding: ConditionEntry[];
  /** Conditions that look like a boundary but are not, with the reason. */
  apparent: { condition: ConditionEntry; why: string }[];
  /** Conditions whose effect cannot be decided statically. */
  undecided: ConditionEntry[];
}

/** Which conditions of a statement bind, which only appear to, and which cannot be decided. */
export function analyzeConditions(st: Statement, keys?: (key: string) => boolean): StatementAnalysis {
  const out: StatementAnalysis = { binding: [], apparent: [], undecided: [] };
  for (const c of st.conditions) {
    const b = conditionBinding(c, keys);
    if (b === 'yes') out.binding.push(c);
    else if (b === 'unknown') out.undecided.push(c);
    else if ((keys ?? isNarrowingKey)(c.key)) out.apparent.push({ condition: c, why: whyNotBinding(c, keys)! });
  }
  return out;
}
