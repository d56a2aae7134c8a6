/**
 * What a principal entry denotes: anyone, a whole account, a role or user, a service or an
 * identity provider, and in which account. A 12-digit id and `arn:aws:iam::<id>:root` are the
 * same thing: every principal of that account that its own IAM lets through.
 */
import { isUnknownString, type MaybeString, type PrincipalEntry } from './policy';

export type PrincipalKind =
  | 'anyone'
  | 'account'
  | 'role'
  | 'user'
  | 'assumed-role'
  | 'federated-user'
  | 'service'
  | 'oidc'
  | 'saml'
  | 'web-identity'
  | 'canonical-user'
  | 'unknown'
  | 'invalid';

export interface PrincipalInfo {
  kind: PrincipalKind;
  /** 12-digit account id, when known. */
  account?: string;
  /** The text of the principal (with … for unknown parts). */
  text: string;
  /** Why the principal (or its account) is unknown. */
  why?: string;
  /** Identity provider host for OIDC principals (token.actions.githubusercontent.com). */
  provider?: string;
  /** Service principal name. */
  service?: string;
  /** Comes from a sensitive value: `text` is redacted and the account must not be printed. */
  sensitive?: boolean;
  /** Role or user name for IAM principals. */
  name?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):(iam|sts)::([^:]*):(.*)$/;

export function isAccountId(s: string): boolean {
  return ACCOUNT_ID.test(s);
}

/** Most principal texts whose reading is kept (past it the memo starts again: its memory stays bounded). */
const MAX_MEMO = 50_000;
const memo = new Map<string, PrincipalInfo>();

/**
 * Reads an IAM or STS principal ARN (or bare account id). The rules read the same principals
 * many times: each text is read once (the reading is frozen, as it is shared).
 */
export function classifyAwsPrincipal(text: string): PrincipalInfo {
  let info = memo.get(text);
  if (!info) {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(text, (info = Object.freeze(readAwsPrincipal(text))));
  }
  return info;
}

function readAwsPrincipal(text: string): PrincipalInfo {
  if (text === '*') return { kind: 'anyone', text };
  if (isAccountId(text)) return { kind: 'account', account: text, text };
  const m = IAM_ARN.exec(text);
  if (!m) {
    // unique ids (AROA… roles, AIDA… users, AGPA… groups) name a principal whose account is unknown
    if (/^(AROA|AIDA|AGPA)[A-Z0-9]+$/.test(text)) return { kind: text.startsWith('AROA') ? 'role' : text.startsWith('AIDA') ? 'user' : 'unknown', text, why: 'a unique id: its account is not known' };
    return { kind: 'invalid', text };
  }
  const [, , service, account, resource] = m;
  if (!isAccountId(account)) return { kind: 'invalid', text };
  if (service === 'iam') {
    if (resource === 'root') return { kind: 'account', account, text };
    if (resource.startsWith('role/')) return { kind: 'role', account, text, name: resource.split('/').pop() };
    if (resource.startsWith('user/')) return { kind: 'user', account, text, name: resource.split('/').pop() };
    if (resource.startsWith('oidc-provider/')) return { kind: 'oidc', account, text, provider: resource.slice('oidc-provider/'.length) };
    if (resource.startsWith('saml-provider/')) return { kind: 'saml', account, text };
    return { kind: 'invalid', text };
  }
  if (resource.startsWith('assumed-role/')) return { kind: 'assumed-role', account, text, name: resource.split('/')[1] };
  if (resource.startsWith('federated-user/')) return { kind: 'federated-user', account, text };
  return { kind: 'invalid', text };
}

/** The same for a partly known principal: `arn:aws:iam::${var.x}:root` is the root of an unknown account. */
function classifyPartial(parts: (string | null)[], why: string): PrincipalInfo {
  const text = parts.map((p) => (p === null ? '…' : p)).join('');
  const joined = parts.map((p) => (p === null ? '\u0000' : p)).join('');
  const m = /^arn:[^:\u0000]*:(iam|sts)::([^:]*):(.*)$/.exec(joined);
  if (!m) return { kind: 'unknown', text, why };
  const [, service, account, resource] = m;
  const acct = isAccountId(account) ? account : undefined;
  const kindOf = (): PrincipalKind => {
    if (service === 'iam' && resource === 'root') return 'account';
    if (service === 'iam' && resource.startsWith('role/')) return 'role';
    if (service === 'iam' && resource.startsWith('user/')) return 'user';
    if (service === 'iam' && resource.startsWith('oidc-provider/')) return 'oidc';
    if (service === 'sts' && resource.startsWith('assumed-role/')) return 'assumed-role';
    return 'unknown';
  };
  const kind = kindOf();
  const info: PrincipalInfo = { kind, text, why };
  if (acct) info.account = acct;
  if (kind === 'oidc' && !resource.includes('\u0000')) info.provider = resource.slice('oidc-provider/'.length);
  return info;
}

export function classifyPrincipal(entry: Pick<PrincipalEntry, 'type' | 'value' | 'sensitive'>): PrincipalInfo {
  const info = classifyValue(entry);
  return entry.sensitive ? { ...info, text: '(sensitive value)', sensitive: true } : info;
}

/** The account of a principal as it may appear in output (never from a sensitive value). */
export function reportedAccount(info: PrincipalInfo): string | undefined {
  return info.sensitive ? undefined : info.account;
}

function classifyValue(entry: Pick<PrincipalEntry, 'type' | 'value'>): PrincipalInfo {
  const v: MaybeString = entry.value;
  if (isUnknownString(v)) {
    if (v.parts && (entry.type === 'AWS' || entry.type === 'Federated')) {
      const info = classifyPartial(v.parts, v.why);
      if (entry.type === 'AWS' || info.kind === 'oidc' || info.kind === 'saml') return info;
    }
    // logs.${var.region}.amazonaws.com: a service principal whose region is unknown is still that service
    if (v.parts && entry.type === 'Service' && typeof v.parts[0] === 'string' && /^[a-z0-9-]+\./.test(v.parts[0])) {
      const text = v.parts.map((p) => (p === null ? '…' : p)).join('');
      return { kind: 'service', text, service: text, why: v.why };
    }
    return { kind: 'unknown', text: v.parts ? v.parts.map((p) => (p === null ? '…' : p)).join('') : '(unknown)', why: v.why };
  }
  switch (entry.type) {
    case '*':
      return { kind: 'anyone', text: '*' };
    case 'AWS':
      return classifyAwsPrincipal(v);
    case 'Service':
      if (v === '*') return { kind: 'anyone', text: v };
      return { kind: 'service', text: v, service: v };
    case 'Federated': {
      const arn = classifyAwsPrincipal(v);
      if (arn.kind === 'oidc' || arn.kind === 'saml') return arn;
      if (v === '*') return { kind: 'anyone', text: v };
      return { kind: 'web-identity', text: v, provider: v };
    }
    case 'CanonicalUser':
      return { kind: 'canonical-user', text: v };
  }
}

/** Principals that stand for identities in an AWS account (not services or identity providers). */
export function isAccountPrincipal(kind: PrincipalKind): boolean {
  return kind === 'account' || kind === 'role' || kind === 'user' || kind === 'assumed-role' || kind === 'federated-user';
}

/** Whether a key-policy or trust principal admits a given principal (same account root, or same ARN). */
export function principalCovers(granted: PrincipalInfo, requester: PrincipalInfo): boolean | undefined {
  if (granted.kind === 'anyone') return true;
  if (granted.kind === 'unknown' || requester.kind === 'unknown') return undefined;
  // a service or an identity provider is named only as itself, never through an account
  if (!isAccountPrincipal(requester.kind)) {
    if (granted.kind !== requester.kind) return false;
    return granted.why && granted.text.includes('…') ? undefined : granted.text === requester.text;
  }
  if (granted.kind === 'account') {
    if (!granted.account || !requester.account) return undefined;
    return granted.account === requester.account;
  }
  if (granted.kind === 'role' && requester.kind === 'role') return granted.text === requester.text;
  if (granted.kind === 'role' && requester.kind === 'assumed-role') return granted.account === requester.account && granted.name === requester.name;
  return granted.text === requester.text;
}
