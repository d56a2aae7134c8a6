/**
 * Which conditions really narrow who can use an Allow. A condition is binding only with a
 * positive string or ARN operator on one of the narrowing keys, with values that do not match
 * anything: `...IfExists` passes when the key is absent, negated operators allow everything else,
 * `ForAllValues:` is true when the key is absent, and `*` (or an ARN with a wildcard account)
 * matches any account. Unknown values are "unknown", never "safe".
 */
import { isUnknownString, type ConditionEntry, type Statement, type UnknownString } from './policy';
import { MULTIVALUED_SERVICE_KEYS } from './multivalued-keys';
import { parseOperator, type OperatorInfo } from './operators';
import { hasWildcard, matchesEverything } from './wildcard';
import { arnAccountPinned } from './arn-fields';

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
export const isServiceContextArn = (k: string): boolean => /^kms:encryptioncontext:aws:[a-z0-9-]+:arn$/.test(k);

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

/**
 * Global condition keys that hold several values (IAM User Guide, "AWS global condition context
 * keys": the ones documented as multivalued).
 */
const MULTIVALUED_GLOBAL_KEYS = ['aws:calledvia', 'aws:principalorgpaths', 'aws:principalservicenameslist', 'aws:resourceorgpaths', 'aws:sourceorgpaths', 'aws:tagkeys', 'aws:vpceorgpaths'];
const MULTIVALUED_KEYS = new Set([...MULTIVALUED_GLOBAL_KEYS, ...MULTIVALUED_SERVICE_KEYS]);

/** Whether a condition key holds several values (`unknown` for a key that names no service). */
export function isMultivaluedKey(key: string): Tri {
  const k = key.toLowerCase();
  if (MULTIVALUED_KEYS.has(k)) return 'yes';
  // OIDC amr claims (Cognito identity pools) are lists
  const claim = oidcClaim(k);
  if (claim) return claim.claim === 'amr' ? 'yes' : 'no';
  // every array-typed key of the Service Authorization Reference is listed
  if (/^[a-z0-9-]+:./.test(k)) return 'no';
  return 'unknown';
}

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
    if (parts[4] !== '') return false;
    // ARNs without an account: names global to every customer (S3 buckets, first come first
    // served) or assigned by AWS (Route 53 hosted zone ids), so a wildcard in the part that names
    // the resource matches other customers' resources: the bucket name for S3 (a wildcard in the
    // object key after it does not unpin the bucket), anywhere in the resource otherwise
    // (`arn:aws:route53:::hostedzone/*` is every customer's zones)
    const resource = parts.slice(5).join(':');
    return parts[2] === 's3' ? hasWildcard(resource.split('/')[0]) : hasWildcard(resource);
  }
  return false;
}

/**
 * Policy variables that the resource's side fills in (`aws:PrincipalOrgID` =
 * `${aws:ResourceOrgID}` is the data perimeter's own-organization condition); `${*}`, `${?}` and
 * `${$}` are literal characters.
 */
const RESOURCE_SIDE_VARIABLE = /^(aws:resourceaccount|aws:resourceorgid|aws:resourceorgpaths|aws:resourcetag\/.+|\*|\?|\$)$/i;

/**
 * The first policy variable in a value that the request fills in (`${aws:PrincipalAccount}`,
 * `${aws:username}`, `${aws:SourceAccount}`): the caller decides it, so such a value pins no one
 * (`aws:SourceAccount` = `${aws:SourceAccount}` is true for every request that has the key).
 */
export function requestVariable(value: string): string | undefined {
  for (const m of value.matchAll(/\$\{([^}]*)\}/g)) {
    const name = m[1].split(',')[0].trim();
    if (!RESOURCE_SIDE_VARIABLE.test(name)) return name;
  }
  return undefined;
}

/**
 * Whether a request-filled policy variable makes a value pin no one: anywhere in an account or
 * organization value, in the fields up to the account of an ARN (after a literal account,
 * `arn:aws:iam::111111111111:role/${aws:username}`, the account is still pinned).
 */
function variableUnpins(key: string, value: string): boolean {
  if (requestVariable(value) === undefined) return false;
  if (!ARN_KEYS.has(key.toLowerCase()) && !isServiceContextArn(key.toLowerCase())) return true;
  const fields = value.split(':');
  return !(fields.length >= 6 && /^\d{12}$/.test(fields[4]) && requestVariable(fields.slice(0, 4).join(':')) === undefined);
}

/**
 * A partly known ARN value whose account field is an account id binds that account whatever the
 * unknown parts are: a literal one (`arn:aws:logs:${var.region}:111111111111:log-group:*`) or a
 * hole that reads one (`arn:aws:cloudwatch:${region}:${data.aws_caller_identity.c.account_id}:alarm:*`).
 */
function arnAccountKnown(key: string, v: UnknownString): boolean {
  const k = key.toLowerCase();
  return (ARN_KEYS.has(k) || isServiceContextArn(k)) && arnAccountPinned(v);
}

/**
 * Keys whose binding depends on the value, not only on its being one literal: MFA flags, and OIDC
 * claims (a GitHub `sub` that starts with `workflow:` pins no customer). An account that may be
 * the principal's own is one literal too: TFXA001 and TFXA103 ask whether it restates it.
 */
const VALUE_DECIDES = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage']);

/**
 * Under StringEquals (and StringEqualsIgnoreCase) a value is a literal, whatever it is: an unknown
 * one pins the key to one value as a known one does (`aws:SourceAccount` =
 * `data.aws_caller_identity.c.account_id`, `sts:ExternalId` = `var.external_id`).
 */
function unknownLiteralBinds(key: string, op: OperatorInfo): boolean {
  return /^stringequals(ignorecase)?$/i.test(op.base) && !VALUE_DECIDES.has(key.toLowerCase()) && oidcClaim(key) === undefined;
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
      if (!arnAccountKnown(c.key, v) && !unknownLiteralBinds(c.key, op)) unknown = true;
      continue;
    }
    if (valueMatchesAny(c.key, v, op) || variableUnpins(c.key, v)) return 'no';
  }
  return unknown ? 'unknown' : 'yes';
}

/**
 * Whether a condition only restates the accounts a statement already names: `aws:PrincipalAccount`
 * (or `kms:CallerAccount`) equal to each of them, or an `aws:PrincipalArn` pattern with each as its
 * account and only wildcards after it (`arn:aws:iam::222222222222:*`). Every user and role of those
 * accounts passes it, so for a grant to their roots it narrows nothing. `unknownAccounts`: some
 * of the accounts are not known statically, so a condition of that form may restate them
 * ('unknown'); so may a value of the condition that is not known statically.
 */
export function restatesAccounts(c: ConditionEntry, accounts: readonly string[], unknownAccounts = false): Tri {
  if (accounts.length === 0 && !unknownAccounts) return 'no';
  const op = parseOperator(c.operator);
  if (op.ifExists || op.negated || op.set === 'ForAllValues' || !POSITIVE_MATCH.has(op.base.toLowerCase())) return 'no';
  const key = c.key.toLowerCase();
  const values = c.values.filter((v): v is string => typeof v === 'string');
  const someUnknown = values.length < c.values.length;
  let known: boolean;
  if (key === 'aws:principalaccount' || key === 'kms:calleraccount') {
    if (accounts.every((a) => values.includes(a))) known = true;
    // a value not known statically may be the account
    else return someUnknown ? 'unknown' : 'no';
  } else if (key === 'aws:principalarn' && /like$/i.test(op.base)) {
    if (someUnknown) return 'no';
    const accountWide = values.filter((v) => {
      const f = v.split(':');
      return f.length >= 6 && f[0] === 'arn' && (f[2] === 'iam' || f[2] === '*') && /^\*+$/.test(f.slice(5).join(':'));
    });
    if (unknownAccounts && accountWide.length === 0) return 'no';
    known = accounts.every((a) => accountWide.some((v) => v.split(':')[4] === a));
  } else return 'no';
  if (!known) return 'no';
  return unknownAccounts ? 'unknown' : 'yes';
}

/**
 * Whether a statement carries a binding condition (on the given keys); conditions `ignore` accepts
 * (one that only restates the principal's account, for example) do not count.
 */
export function statementBinding(st: Statement, keys?: (key: string) => boolean, ignore?: (c: ConditionEntry) => Tri): Tri {
  let unknown = st.conditionsUnknown !== undefined;
  for (const c of st.conditions) {
    const ignored = ignore?.(c) ?? 'no';
    if (ignored === 'yes') continue;
    if (ignored === 'unknown') {
      // it may narrow nothing: it cannot make the statement bound
      unknown = true;
      continue;
    }
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
  const unpinned = c.values.find((v): v is string => typeof v === 'string' && !valueMatchesAny(c.key, v, op) && variableUnpins(c.key, v));
  const variable = unpinned === undefined ? undefined : requestVariable(unpinned);
  if (variable !== undefined) return `the policy variable \${${variable}} in its value is filled in from the caller's request`;
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

/**
 * Whether a statement is limited to fixed source addresses: an `IpAddress` (or `ForAnyValue:`)
 * condition on `aws:SourceIp` whose ranges are all known and no wider than /8 (IPv4) or /32
 * (IPv6), as S3 Block Public Access and IAM Access Analyzer decide what is public. It makes a
 * grant to `*` "any principal from these addresses", never a narrowing of an account-root trust.
 */
export function sourceIpLimited(st: Statement): Tri {
  let unknown = false;
  for (const c of conditionsOn(st, 'aws:SourceIp')) {
    const op = parseOperator(c.operator);
    if (op.base.toLowerCase() !== 'ipaddress' || op.ifExists || op.set === 'ForAllValues' || c.values.length === 0) continue;
    if (c.values.some(isUnknownString)) {
      unknown = true;
      continue;
    }
    if ((c.values as string[]).every(isFixedRange)) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

/** The ranges of a statement's source-address limit, for messages. */
export function sourceIpRanges(st: Statement): string[] {
  return conditionsOn(st, 'aws:SourceIp').flatMap((c) => c.values.filter((v): v is string => !isUnknownString(v)));
}

function isFixedRange(v: string): boolean {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(v.trim());
  if (!m) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(m[1]);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255)) return false;
    const bits = m[2] === undefined ? 32 : Number(m[2]);
    return bits >= 8 && bits <= 32;
  }
  if (!/^[0-9a-f:.]+$/i.test(m[1]) || !m[1].includes(':')) return false;
  const bits = m[2] === undefined ? 128 : Number(m[2]);
  return bits >= 32 && bits <= 128;
}

/**
 * Keys that name an organization, account or principal, where AWS documents no use for a
 * wildcard (TFXA013). `aws:PrincipalOrgPaths` is checked path segment by segment, `aws:userid`
 * before its colon.
 */
const SENSITIVE_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:vpceaccount', 'aws:vpceorgid', 'aws:userid']);

export const isSensitiveIdKey = (key: string): boolean => SENSITIVE_KEYS.has(key.toLowerCase());

/** Why a pattern value of a sensitive key has a wildcard AWS documents no use for (undefined when it is fine). */
export function sensitiveWildcard(key: string, value: string): string | undefined {
  const k = key.toLowerCase();
  if (!SENSITIVE_KEYS.has(k) || !hasWildcard(value)) return undefined;
  if (k === 'aws:principalorgpaths') {
    // o-xxxx/r-xxxx/ou-xxxx/…: whole-segment wildcards after a literal organization id are the documented form
    const segs = value.split('/');
    const bad = hasWildcard(segs[0]) || segs.slice(1).some((s) => hasWildcard(s) && !/^\*+$/.test(s));
    return bad ? `${key} "${value}" has a wildcard inside the organization id or an OU id` : undefined;
  }
  if (k === 'aws:userid') {
    const colon = value.indexOf(':');
    const head = colon < 0 ? value : value.slice(0, colon);
    return hasWildcard(head) ? `${key} "${value}" has a wildcard in the unique id before the colon` : undefined;
  }
  return `${key} "${value}" is a pattern over ${/org/.test(k) ? 'organization ids' : 'account ids'}`;
}

/** Keys whose values are ARNs, account, organization or principal ids: no real value contains `*` or `?`. */
export function isIdentifierKey(key: string): boolean {
  const k = key.toLowerCase();
  return ACCOUNT_KEYS.has(k) || ARN_KEYS.has(k) || SENSITIVE_KEYS.has(k) || isServiceContextArn(k) || /^aws:(principal|source|vpce)orgpaths$/.test(k) || k === 'aws:sourcevpce' || k === 'aws:sourcevpc';
}
