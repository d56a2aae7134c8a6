/**
 * A witness: one concrete request that shows a finding is real. For an access finding it is a
 * request the configuration allows — the least specific principal the statement admits (any role
 * of a trusted account, a principal of an account unrelated to the configuration for `*`, a
 * service with any source), the action and resource of the grant, and the context values that
 * satisfy the conditions that remain (or the keys left out). For a correctness finding it is the
 * request that fails, with the statement (or the missing grant) that fails it. `check-access`
 * answers the request as the witness says (test/witness.test.ts holds every fixture to that).
 */
import type { AccessRequest } from '../graph/access';

export type WitnessPrincipalType = 'AWS' | 'Service' | 'Federated';

/** The side of the request that fails it, as check-access names the policies. */
export type FailingSide = 'scp' | 'rcp' | 'identity' | 'trust' | 'resource' | 'key';

export interface WitnessDenial {
  decision: 'explicit-deny' | 'implicit-deny';
  side: FailingSide;
  /** The statement that denies (explicit), or the policy that grants nothing (implicit). */
  address?: string;
  rootDir?: string;
  /** Logical path of the denying statement (`content/Statement[0]`). */
  path?: string;
  file?: string;
  line?: number;
  /** In words: which statement denies it, or which grant is missing. */
  text: string;
}

export interface Witness {
  /** `allowed`: the configuration lets the request through (access findings); `denied`: it fails (correctness findings). */
  expect: 'allowed' | 'denied';
  principal: string;
  principalType: WitnessPrincipalType;
  action: string;
  /** The ARN the request names; an id AWS generates is written `(known-after-apply)`. */
  resource: string;
  /** The resource in the configuration (address and root module), when it is defined there. */
  address?: string;
  rootDir?: string;
  /** Context keys the request carries, with their values. */
  context: Record<string, string[]>;
  /** Keys the request does not carry (an absent sts:ExternalId, no MFA). */
  absent: string[];
  /** For a denied request: what denies it. */
  denial?: WitnessDenial;
  /** The request this one is a step of (`s3:GetObject on …` needs `kms:Decrypt` on its key). */
  via?: string;
  /** One line for text and markdown. */
  summary: string;
}

/** A witness, or why none could be built (a part is not known statically, or the request would not do what the finding says). */
export type WitnessResult = { witness: Witness } | { omitted: string };

/** How the absence of a key reads in a sentence. */
const ABSENT_WORDS: Record<string, string> = {
  'sts:externalid': 'no external id',
  'aws:multifactorauthpresent': 'no MFA',
  'aws:multifactorauthage': '',
  'aws:principalorgid': 'no organization',
  'aws:principalorgpaths': '',
};

/** The one-line form: "e.g. P can A on R with K=V and no external id". */
export function summaryOf(w: Omit<Witness, 'summary'>): string {
  const given = Object.entries(w.context).map(([k, v]) => `${k}=${v.join('|')}`);
  const missing = w.absent.map((k) => ABSENT_WORDS[k.toLowerCase()] ?? `no ${k}`).filter((s) => s !== '');
  const conditions = [...given, ...[...new Set(missing)]];
  const tail = conditions.length > 0 ? ` with ${conditions.length === 1 ? conditions[0] : `${conditions.slice(0, -1).join(', ')} and ${conditions[conditions.length - 1]}`}` : '';
  const via = w.via ? ` (for ${w.via})` : '';
  if (w.expect === 'allowed') return `e.g. ${w.principal} can ${w.action} on ${w.resource}${tail}`;
  return `e.g. ${w.principal} cannot ${w.action} on ${w.resource}${tail}${via}: ${w.denial?.text ?? 'it is denied'}`;
}

/** The check-access request a witness stands for (absent keys given as empty, so they override derived ones). */
export function witnessRequest(w: Witness): AccessRequest {
  const context: Record<string, string[]> = { ...w.context };
  for (const k of w.absent) context[k] = [];
  return {
    principal: w.principal,
    action: w.action,
    resource: w.resource,
    context,
    absentKeysMissing: true,
    outsideAllows: true,
    ...(w.address !== undefined && w.rootDir !== undefined ? { resourceAt: { rootDir: w.rootDir, address: w.address } } : {}),
  };
}
