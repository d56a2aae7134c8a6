/**
 * check-access: the offline counterpart of the IAM policy simulator, over the scanned
 * configuration. For one request (principal, action, resource, context) it evaluates the
 * policies AWS would: organization guardrails (SCPs of the principal's account, their allow lists
 * level by level and their denies, and RCPs of the resource's account), the principal's identity policies and permissions
 * boundary, and the resource's own policy (bucket, queue, topic, secret or function policy, a
 * role's trust policy, a key's policy and grants, the sharing attribute of a snapshot or image),
 * with AWS's rules for combining them:
 *
 * - an explicit Deny anywhere decides;
 * - within one account, an Allow in either the identity or the resource policy is enough, except
 *   that a role's trust policy and a KMS key policy must always allow, and a resource policy that
 *   names the whole account (its root) delegates to the identity policies;
 * - across accounts, both sides must allow (a KMS grant to the principal is enough on its own);
 * - a snapshot or image shared by an attribute is used by another account only when the attribute
 *   names that account (or `all`, or its organization) and the caller's own policies allow the
 *   action; the owner's principals need no sharing.
 *
 * The caller may also be an AWS service principal (`sns.amazonaws.com`) or an identity provider
 * (an OIDC or SAML provider ARN): they have no identity policies and are allowed by the resource's
 * (or role's trust) policy alone; service control policies do not apply to them. An AWS managed
 * key (`alias/aws/<service>`) lets only principals of its own account use it, through its service;
 * a resource in a RAM share is granted to the accounts the share names.
 *
 * Every answer carries the statements that decided it, each with its file and line, and the
 * context keys it needed but was not given.
 */
import type { Range } from '../hcl/ast';
import type { Tri } from '../iam/conditions';
import { RequestContext, evaluatePolicies, type ContextValue, type Decision, type Request, type StatementMatch } from '../iam/evaluate';
import type { Statement } from '../iam/policy';
import { classifyAwsPrincipal, isAccountId, principalCovers, type PrincipalInfo } from '../iam/principals';
import { coversAction } from '../iam/statements';
import { wildcardMatch } from '../iam/wildcard';
import { awsManagedPolicyRef, type PolicyRef } from '../iam/sources';
import { managedPolicyByArn } from '../aws/managed-policies';
import { stringAttr, type ResourceInstance } from '../terraform/instance';
import type { Graph, KeyNode } from './graph';
import { guardrailVerdict } from './guardrails';
import { identityAllows, orgIdOf } from './permissions';
import { listText, statementPath } from './queries';
import { designates, sharedData, sharingPolicy } from './sharing';
import { policyStatementText } from './trust-map';
import { ramAllows, associationRange } from './ram';
import { TargetError, policiesOfTarget, resourceAt } from './targets';

export type AccessDecision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown';

export type EvidenceSource = 'scp' | 'rcp' | 'identity' | 'boundary' | 'resource' | 'trust' | 'key' | 'grant' | 'share' | 'ram';

export interface Evidence {
  source: EvidenceSource;
  /** Address and root module of the resource holding the policy. */
  address: string;
  rootDir: string;
  /** The statement (or grant) and where it is written. */
  path: string;
  range: Range;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /**
   * `yes`: it applies to this request; `unknown`: it may, depending on what is not known
   * statically; `no`: an SCP allow list's statement that leaves the request out (it decides an
   * implicit deny).
   */
  applies: 'yes' | 'unknown' | 'no';
  text: string;
}

export interface AccessParty {
  arn: string;
  account?: string;
  /** Where it is defined in the configuration, if it is. */
  address?: string;
  rootDir?: string;
  range?: Range;
}

export interface AccessAnswer {
  decision: AccessDecision;
  /** How each side decided: organization guardrails, the caller's identity policies, the resource's policy. */
  sides: { guardrails: AccessDecision; identity: AccessDecision; resource: AccessDecision };
  principal: AccessParty;
  action: string;
  resource: AccessParty;
  crossAccount: Tri;
  evidence: Evidence[];
  /** How the decision follows from the evidence, one sentence each. */
  reasons: string[];
  /** Condition keys the policies asked for that were not given with --context. */
  missingContext: string[];
}

export interface AccessRequest {
  principal: string;
  action: string;
  resource: string;
  /** Context keys given by the user; repeated keys are multi-valued. */
  context: Record<string, string[]>;
  /** Treat context keys not given as absent (as the IAM policy simulator does) rather than unknown. */
  absentKeysMissing?: boolean;
  /**
   * The resource in the configuration the request is about, when its ARN (`resource`) does not
   * name it on its own: an id AWS generates is written `(known-after-apply)` there.
   */
  resourceAt?: { rootDir: string; address: string };
  /**
   * A principal or resource not defined in the scanned configuration has the policies its owner
   * gives it, taken to allow: the answer is then about what the scanned configuration allows
   * (a witness of a finding is checked so). Without it, their policies are unknown.
   */
  outsideAllows?: boolean;
}

export class AccessRequestError extends Error {}

const NOT_GIVEN = 'not given with --context';

/** A request context that remembers which keys a policy asked for but nobody gave. */
class TrackingContext extends RequestContext {
  readonly missing = new Set<string>();

  constructor(entries: Record<string, string | string[] | { unknown: string }>, absent: boolean) {
    super(entries, absent ? undefined : NOT_GIVEN);
  }

  override get(key: string): ContextValue | undefined {
    const v = super.get(key);
    if (!v || ('unknown' in v && v.unknown === NOT_GIVEN)) this.missing.add(key);
    return v;
  }
}

interface Evaluated {
  decision: Decision;
  evidence: Evidence[];
  /** The Allow statements that apply for certain. */
  admitting: Statement[];
}

function evaluateRefs(source: EvidenceSource, refs: PolicyRef[], req: Request): Evaluated {
  const { decision, matches } = evaluatePolicies(
    refs.map((r) => r.doc),
    req,
  );
  const admitting = matches.filter((m) => m.effect === 'Allow' && m.applies === 'yes').map((m) => m.statement);
  return { decision, evidence: evidenceFrom(source, refs, matches), admitting };
}

/** Evidence for the statements that matched, each with the policy holding it. */
function evidenceFrom(source: EvidenceSource, refs: PolicyRef[], matches: StatementMatch[]): Evidence[] {
  const evidence: Evidence[] = [];
  for (const m of matches) {
    const ref = refs.find((r) => r.doc.statements.includes(m.statement));
    if (ref) evidence.push(evidenceOf(source, ref, m.statement, m.effect, m.applies === 'yes' ? 'yes' : 'unknown'));
  }
  return evidence;
}

function evidenceOf(source: EvidenceSource, ref: PolicyRef, st: Statement, effect: 'Allow' | 'Deny', applies: Evidence['applies']): Evidence {
  // a sharing attribute read as a policy has no attribute of its own: the entry's path says where it is
  return { source, address: ref.holder.address, rootDir: ref.holder.rootDir, path: ref.attribute ? statementPath(ref, st) : st.path, range: st.range, ...(st.sid ? { sid: st.sid } : {}), effect, applies, text: policyStatementText(ref, st) };
}

interface ResolvedResource {
  resource?: ResourceInstance;
  /** The ARN policies are evaluated against, when not the one asked (a key asked by its alias). */
  evaluatedArn?: string;
  /** The key's id is known only after apply: evaluatedArn carries a placeholder id. */
  keyIdUnknown?: boolean;
  account?: string;
  /** Policies that come with the resource, and how each counts. */
  policies: PolicyRef[];
  /** The bucket behind an access point: its policy must allow the request too. */
  underlying?: { resource?: ResourceInstance; policies: PolicyRef[]; arn?: string; context: Record<string, string[]> };
  kind: 'role' | 'key' | 'sharing' | 'other';
  key?: KeyNode;
  /** An AWS managed key (`alias/aws/sqs`): AWS writes its policy, and RCPs do not restrict it. */
  awsManagedKey?: string;
}

/** The resource an ARN designates in the configuration, with its policies. */
function resolveResource(graph: Graph, arn: string): ResolvedResource {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new AccessRequestError(`--resource must be an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE), got "${arn}"`);
  const [, , service, , accountField] = parts;
  const rest = parts.slice(5).join(':');
  const arnAccount = isAccountId(accountField) ? accountField : undefined;
  const sameAccount = (r: ResourceInstance) => !arnAccount || !r.account || r.account === arnAccount;
  const withAccount = (r: ResourceInstance | undefined, x: Omit<ResolvedResource, 'account' | 'resource'>): ResolvedResource => ({ ...(r ? { resource: r } : {}), ...((arnAccount ?? r?.account) ? { account: arnAccount ?? r?.account } : {}), ...x });
  if (service === 'iam' && rest.startsWith('role/')) {
    const node = graph.identities.forPrincipal(classifyAwsPrincipal(arn), true);
    const role = node && graph.roles.find((r) => r.role === node.resource);
    return withAccount(node?.resource, { policies: role?.trust ? [role.trust] : [], kind: 'role' });
  }
  if (service === 's3' && rest.startsWith('accesspoint/')) return resolveAccessPoint(graph, arn, rest, arnAccount);
  if (service === 's3') {
    const name = rest.split('/')[0];
    const b = graph.buckets.find((x) => stringAttr(x.bucket, 'bucket') === name);
    return withAccount(b?.bucket, { policies: b?.policies ?? [], kind: 'other' });
  }
  if (service === 'kms') {
    const anchor = graph.resources[0];
    // a key by its ARN or key id, or through an alias (arn:…:alias/NAME matches the alias's name)
    const res = anchor ? graph.resolveKey({ t: 's', v: rest.startsWith('alias/') ? rest : arn }, anchor) : undefined;
    const id = rest.startsWith('key/') ? rest.slice(4) : undefined;
    const key = res?.kind === 'customer' ? res.key : graph.keys.find((k) => (id && stringAttr(k.key, 'key_id') === id) || stringAttr(k.key, 'arn') === arn);
    let evaluatedArn: string | undefined;
    let keyIdUnknown = false;
    if (key) {
      const keyArn = stringAttr(key.key, 'arn');
      const keyId = stringAttr(key.key, 'key_id');
      keyIdUnknown = !keyArn && !keyId;
      evaluatedArn = keyArn ?? `arn:${parts[1]}:kms:${parts[3]}:${accountField}:key/${keyId ?? UNKNOWN_KEY_ID}`;
    }
    if (!key && res?.kind === 'aws-managed' && rest.startsWith('alias/aws/')) return withAccount(undefined, { policies: [], kind: 'key', awsManagedKey: res.alias });
    return withAccount(key?.key, { policies: key?.policies ?? [], kind: 'key', ...(key ? { key } : {}), ...(evaluatedArn && evaluatedArn !== arn ? { evaluatedArn } : {}), ...(keyIdUnknown ? { keyIdUnknown } : {}) });
  }
  // a snapshot or image shared by an attribute: every sharing resource that designates it
  const shares = sharedData(graph).filter((s) => designates(s, arn));
  if (shares.length > 0) {
    const account = arnAccount ?? shares[0].account;
    return { resource: shares[0].resource ?? shares[0].holder, ...(account ? { account } : {}), policies: shares.map(sharingPolicy), kind: 'sharing' };
  }
  const byArn = graph.resources.find((r) => r.mode === 'managed' && stringAttr(r, 'arn') === arn);
  const name = rest.replace(/^(function|secret):/, '').split(':')[0];
  const byName = (type: string, attr: string, match: (v: string) => boolean) => graph.ofType(type).find((r) => sameAccount(r) && match(stringAttr(r, attr) ?? '\u0000'));
  let resource = byArn;
  if (!resource && service === 'sqs') resource = byName('aws_sqs_queue', 'name', (v) => v === name);
  if (!resource && service === 'sns') resource = byName('aws_sns_topic', 'name', (v) => v === name);
  if (!resource && service === 'secretsmanager') resource = byName('aws_secretsmanager_secret', 'name', (v) => v === name || wildcardMatch(`${v}-??????`, name));
  if (!resource && service === 'lambda') resource = byName('aws_lambda_function', 'function_name', (v) => v === name);
  if (!resource) return withAccount(undefined, { policies: [], kind: 'other' });
  const policies = graph.shared.find((s) => s.resource === resource)?.policies ?? graph.otherResourcePolicies().get(resource) ?? [];
  return withAccount(resource, { policies, kind: 'other' });
}

/**
 * The resource at an address, with its policies as resolveResource finds them; `arn` is the ARN
 * the request carries (statements are evaluated against it).
 */
function resolveAt(graph: Graph, at: { rootDir: string; address: string }, arn: string): ResolvedResource {
  const r = graph.resources.find((x) => x.mode === 'managed' && x.rootDir === at.rootDir && x.address === at.address);
  if (!r) throw new AccessRequestError(`--resource ${at.rootDir}:${at.address}: no resource with this address in the scanned configuration`);
  const byArn = resolveResource(graph, arn);
  if (byArn.resource === r) return byArn;
  const arnAccount = arn.split(':')[4];
  const account = isAccountId(arnAccount ?? '') ? arnAccount : r.account;
  const base = { resource: r, ...(account ? { account } : {}) };
  const t = policiesOfTarget(graph, r);
  return { ...base, policies: t.policies, kind: t.kind, ...(t.key ? { key: t.key, ...(stringAttr(r, 'arn') ? {} : { keyIdUnknown: true }) } : {}) };
}

/** The resource in the configuration an ARN names (a bucket for its objects, a key for its aliases), if any. */
export function resourceOfArn(graph: Graph, arn: string): ResourceInstance | undefined {
  return resolveResource(graph, arn).resource;
}

/** The resource a `--resource` names: an ARN, or an address (`ROOT:ADDRESS` when several root modules define it). */
export function resourceArgument(graph: Graph, text: string, arnOfResource: (r: ResourceInstance) => { arn: string } | { why: string }): { resource: string; resourceAt?: { rootDir: string; address: string } } {
  if (text.startsWith('arn:')) return { resource: text };
  let r: ResourceInstance | undefined;
  try {
    r = resourceAt(graph, text);
  } catch (e) {
    if (e instanceof TargetError) throw new AccessRequestError(`--resource ${text}: ${e.message}`);
    throw e;
  }
  if (!r) throw new AccessRequestError(`--resource must be an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE) or the address of a resource in the scanned configuration, got "${text}"`);
  const a = arnOfResource(r);
  if ('why' in a) throw new AccessRequestError(`--resource ${text}: ${a.why}; give its ARN`);
  return { resource: a.arn, resourceAt: { rootDir: r.rootDir, address: r.address } };
}

/**
 * An S3 access point (`arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME[/object/KEY]`): its own policy,
 * and the policy of the bucket behind it, evaluated against the bucket's ARN with the access
 * point's `s3:DataAccessPointArn` / `s3:DataAccessPointAccount` (a bucket that delegates to its
 * account's access points allows through that condition). Both must allow.
 */
function resolveAccessPoint(graph: Graph, arn: string, rest: string, arnAccount: string | undefined): ResolvedResource {
  const [, name, ...tail] = rest.split('/');
  const ap = graph.ofType('aws_s3_access_point').find((r) => stringAttr(r, 'arn') === `${arn.split(':').slice(0, 5).join(':')}:accesspoint/${name}` || (stringAttr(r, 'name') === name && (!arnAccount || !r.account || r.account === arnAccount)));
  if (!ap) return { policies: [], kind: 'other', ...(arnAccount ? { account: arnAccount } : {}) };
  const account = arnAccount ?? ap.account;
  const bucket = graph.bucketOfAccessPoint(ap);
  const bucketName = stringAttr(ap, 'bucket') ?? (bucket && stringAttr(bucket.bucket, 'bucket'));
  const objectKey = tail[0] === 'object' ? tail.slice(1).join('/') : undefined;
  const bucketArn = bucketName ? `arn:aws:s3:::${bucketName}${objectKey !== undefined ? `/${objectKey}` : ''}` : undefined;
  const apArn = stringAttr(ap, 'arn') ?? arn.split('/').slice(0, 2).join('/');
  return {
    resource: ap,
    ...(account ? { account } : {}),
    policies: graph.otherResourcePolicies().get(ap) ?? [],
    kind: 'other',
    underlying: {
      ...(bucket ? { resource: bucket.bucket } : {}),
      policies: bucket?.policies ?? [],
      ...(bucketArn ? { arn: bucketArn } : {}),
      context: { 's3:DataAccessPointArn': [apArn], ...(account ? { 's3:DataAccessPointAccount': [account] } : {}) },
    },
  };
}

/** Stands for a key id known only after apply: matches `key/*`, never a written key id. */
const UNKNOWN_KEY_ID = '(known-after-apply)';

/** Whether some Allow statement for the action names a specific key (which might be this one). */
function namesSomeKey(statements: Statement[], action: string): boolean {
  return statements.some((st) => st.effect === 'Allow' && coversAction(st, action) !== 'no' && (st.resource?.items ?? []).some((r) => typeof r !== 'string' || /^arn:[^:]+:kms:[^:]*:[^:]*:key\/[^*?]+$/.test(r)));
}

const and = (a: Decision, b: Decision): Decision => {
  if (a === 'explicit-deny' || b === 'explicit-deny') return 'explicit-deny';
  if (a === 'implicit-deny' || b === 'implicit-deny') return 'implicit-deny';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'allow';
};
const or = (a: Decision, b: Decision): Decision => {
  if (a === 'explicit-deny' || b === 'explicit-deny') return 'explicit-deny';
  if (a === 'allow' || b === 'allow') return 'allow';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'implicit-deny';
};

/** Web identity providers a role trust names by host rather than by provider ARN. */
const WEB_IDENTITY_PROVIDERS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

/**
 * The caller a `--principal` names: an IAM role, user, assumed-role session or account root; an
 * AWS service principal; or an identity provider (OIDC or SAML provider ARN, or a web identity
 * provider's host).
 */
export function callerOf(text: string): PrincipalInfo {
  const info = classifyAwsPrincipal(text);
  if (['role', 'user', 'assumed-role', 'federated-user', 'account', 'oidc', 'saml'].includes(info.kind) && info.account) return info;
  if (WEB_IDENTITY_PROVIDERS.has(text)) return { kind: 'web-identity', text, provider: text };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(text) || /^[a-z0-9-]+\.amazon\.com$/.test(text)) return { kind: 'service', text, service: text };
  throw new AccessRequestError(`--principal must be the ARN of an IAM role, user, assumed-role session or account root, a service principal (sns.amazonaws.com) or an identity provider ARN, got "${text}"`);
}

/**
 * The request context AWS fills in for a caller: who it is (principal ARN, account, organization,
 * type; for a service its name) and whose resource it asks for.
 */
export function derivedContext(graph: Graph, info: PrincipalInfo, principalArn: string, resourceAccount: string | undefined): Record<string, string | string[] | { unknown: string }> {
  const service = info.kind === 'service';
  const federated = info.kind === 'oidc' || info.kind === 'saml' || info.kind === 'web-identity';
  const principalAccount = service || federated ? undefined : info.account;
  const derived: Record<string, string | string[] | { unknown: string }> = service
    ? { 'aws:PrincipalServiceName': info.text, 'aws:PrincipalIsAWSService': 'true' }
    : federated
      ? {}
      : {
          'aws:PrincipalArn': principalArn,
          'aws:PrincipalOrgID': orgIdOf(graph, principalAccount),
          'aws:PrincipalType': info.kind === 'assumed-role' ? 'AssumedRole' : info.kind === 'user' ? 'User' : info.kind === 'account' ? 'Account' : 'AssumedRole',
          'aws:PrincipalIsAWSService': 'false',
        };
  if (principalAccount) derived['aws:PrincipalAccount'] = principalAccount;
  if (resourceAccount) derived['aws:ResourceAccount'] = resourceAccount;
  if (info.kind === 'user' && info.name) derived['aws:username'] = info.name;
  if (resourceAccount) derived['aws:ResourceOrgID'] = orgIdOf(graph, resourceAccount);
  return derived;
}

export function checkAccess(graph: Graph, req: AccessRequest): AccessAnswer {
  const info = callerOf(req.principal);
  const service = info.kind === 'service';
  const federated = info.kind === 'oidc' || info.kind === 'saml' || info.kind === 'web-identity';
  if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(req.action)) throw new AccessRequestError(`--action must look like SERVICE:Action (s3:GetObject), got "${req.action}"`);
  const resource = req.resourceAt ? resolveAt(graph, req.resourceAt, req.resource) : resolveResource(graph, req.resource);
  const identity = service || federated ? undefined : graph.identities.forPrincipal(info);
  // a service or an identity provider is no IAM principal of an account: SCPs and identity policies play no part
  const principalAccount = service || federated ? undefined : info.account;
  const crossAccount: Tri = !principalAccount || !resource.account ? 'unknown' : principalAccount === resource.account ? 'no' : 'yes';
  const principalArn = info.kind === 'assumed-role' && info.name ? identity?.arn ?? `arn:aws:iam::${info.account}:role/${info.name}` : info.text;

  const derived = derivedContext(graph, info, principalArn, resource.account);
  for (const [k, v] of Object.entries(req.context)) derived[k] = v;
  // keys are case-insensitive: the user's spelling replaces ours
  const context = new TrackingContext(derived, req.absentKeysMissing === true);

  const evidence: Evidence[] = [];
  const reasons: string[] = [];
  // a key named by its alias is authorized as the key itself
  const target = resource.evaluatedArn ?? req.resource;
  const request: Request = { principal: info, action: req.action, resource: target, context };

  // 1. organization guardrails: SCPs of the principal's account, RCPs of the resource's account
  const verdict = guardrailVerdict(graph, {
    principal: info,
    ...(principalAccount ? { principalAccount } : {}),
    action: req.action,
    resource: target,
    ...(resource.account ? { resourceAccount: resource.account } : {}),
    ...(resource.awsManagedKey ? { awsManagedKey: true } : {}),
    context,
    ...(req.outsideAllows ? { outsideAllows: true } : {}),
  });
  const guard: Decision = verdict.decision;
  for (const g of verdict.statements) evidence.push(evidenceOf(g.node.kind, g.node.policy, g.statement, g.effect, g.applies));
  reasons.push(...verdict.reasons);

  // 2. the principal's identity policies and permissions boundary
  let idDecision: Decision;
  if (service || federated) {
    idDecision = 'allow';
    reasons.push(`${info.text} is ${service ? 'an AWS service principal' : 'an identity provider'}: it has no identity policies, the ${resource.kind === 'role' ? 'trust' : 'resource'} policy alone decides`);
  } else if (info.kind === 'account') {
    idDecision = 'allow';
    reasons.push(`the root user of ${principalAccount} has every permission in its own account`);
  } else if (!identity) {
    idDecision = req.outsideAllows ? 'allow' : 'unknown';
    reasons.push(
      req.outsideAllows
        ? `${principalArn} is not defined in the scanned configuration: its identity policies are its account's to write, taken to allow`
        : `${principalArn} is not defined in the scanned configuration: its identity policies are not known`,
    );
  } else {
    const id = identityAllows(identity, req.action, target, context);
    evidence.push(...evidenceFrom('identity', identity.policies, id.matches));
    idDecision = id.decision;
    if (idDecision === 'implicit-deny' && resource.keyIdUnknown && namesSomeKey(identity.policies.map((p) => p.doc.statements).flat(), req.action)) {
      idDecision = 'unknown';
      reasons.push(`the ARN of ${resource.resource?.address} is known only after apply, and an identity policy names specific keys`);
    }
    if (id.why) reasons.push(`${identity.resource.address}: ${id.why}`);
    const boundary = identity.resource.attrs.m.get('permissions_boundary');
    if (boundary && boundary.t !== 'null' && idDecision !== 'explicit-deny') {
      const policy = graph.lookup('aws_iam_policy', ['arn', 'id'], boundary, identity.resource);
      const managed = !policy && boundary.t === 's' ? managedPolicyByArn(boundary.v) : undefined;
      const refs = policy ? graph.policiesOf(policy).filter((p) => p.kind === 'identity') : managed && !('unknown' in managed) && boundary.t === 's' ? [awsManagedPolicyRef(identity.resource, 'permissions_boundary', boundary, managed)] : [];
      if (refs.length === 0) {
        idDecision = and(idDecision, 'unknown');
        reasons.push(managed && 'unknown' in managed ? `the permissions boundary of ${identity.resource.address}: ${managed.unknown}` : `the permissions boundary of ${identity.resource.address} is not in the scanned configuration`);
      } else {
        const b = evaluateRefs('boundary', refs, { action: req.action, resource: target, context });
        evidence.push(...b.evidence);
        if (b.decision !== 'allow') reasons.push(`the permissions boundary of ${identity.resource.address} ${b.decision === 'unknown' ? 'may not allow' : 'does not allow'} ${req.action}`);
        idDecision = and(idDecision, b.decision);
      }
    }
    reasons.push(`identity policies of ${identity.resource.address}: ${describe(idDecision)}`);
  }

  // 3. the resource's policy
  const resSource: EvidenceSource = resource.kind === 'role' ? 'trust' : resource.kind === 'key' ? 'key' : resource.kind === 'sharing' ? 'share' : 'resource';
  let resDecision: Decision = 'implicit-deny';
  let viaAccount = false;
  if (resource.awsManagedKey) {
    // AWS writes the policy of its managed keys: principals of the key's account, through the service
    const k = resource.awsManagedKey;
    resDecision = !resource.account || !principalAccount ? 'unknown' : resource.account === principalAccount ? 'unknown' : 'implicit-deny';
    reasons.push(
      resDecision === 'implicit-deny'
        ? `${k} is an AWS managed key of account ${resource.account}: its policy, which AWS writes and no one can change, lets only principals of that account use it, through ${k.slice('alias/aws/'.length)}`
        : `${k} is an AWS managed key: its policy lets principals of its own account use it through ${k.slice('alias/aws/'.length)} (kms:ViaService), which is not modelled`,
    );
  } else if (!resource.resource) {
    resDecision = req.outsideAllows ? 'allow' : 'unknown';
    reasons.push(
      req.outsideAllows
        ? `${req.resource} is not defined in the scanned configuration: its policy is its owner's to write, taken to allow`
        : `${req.resource} is not defined in the scanned configuration: its resource policy is not known`,
    );
  } else if (resource.policies.length === 0 && resource.kind === 'key') {
    // the default key policy delegates to the key's own account
    viaAccount = true;
    resDecision = resource.account && principalAccount ? (resource.account === principalAccount ? 'allow' : 'implicit-deny') : 'unknown';
    reasons.push(`${resource.resource.address} has the default key policy: it delegates to IAM in account ${resource.account ?? '(unknown)'}`);
  } else {
    const r = evaluateRefs(resSource, resource.policies, request);
    evidence.push(...r.evidence);
    resDecision = r.decision;
    if (resDecision === 'allow') {
      // admitted by name, or only through the account root (which delegates to IAM)?
      viaAccount = r.admitting.every(
        (st) =>
          !st.principal?.entries.some((entry) => {
            const g = graph.principal(entry);
            return g.kind !== 'account' && principalCovers(g, info) === true;
          }),
      );
    }
    const what = resSource === 'trust' ? 'trust policy' : resSource === 'key' ? 'key policy' : resSource === 'share' ? 'sharing attribute' : 'resource policy';
    reasons.push(`${what} of ${resSource === 'share' ? listText(resource.policies.map((p) => p.holder.address)) : resource.resource.address}: ${describe(resDecision)}${resDecision === 'allow' && viaAccount ? ` (through account ${principalAccount}, so IAM must allow too)` : ''}`);
  }
  let bucketDecision: Decision | undefined;
  const under = resource.underlying;
  if (under) {
    if (!under.resource || !under.arn) {
      bucketDecision = req.outsideAllows ? 'allow' : 'unknown';
      reasons.push(`the bucket behind ${resource.resource?.address} is not defined in the scanned configuration: its policy is ${req.outsideAllows ? "its owner's to write, taken to allow" : 'not known'}`);
    } else {
      const ctx = new TrackingContext({ ...derived, ...under.context }, req.absentKeysMissing === true);
      const r = evaluateRefs('resource', under.policies, { principal: info, action: req.action, resource: under.arn, context: ctx });
      for (const k of ctx.missing) context.missing.add(k);
      evidence.push(...r.evidence);
      bucketDecision = r.decision;
      reasons.push(`bucket policy of ${under.resource.address}, for a request through the access point: ${describe(bucketDecision)}`);
    }
  }
  if (resource.key && resDecision !== 'explicit-deny' && resDecision !== 'allow') {
    const g = grantAllows(resource.key, info, req.action);
    if (g.evidence) evidence.push(g.evidence);
    if (g.decision === 'allow') {
      resDecision = 'allow';
      viaAccount = false;
      reasons.push(`${g.evidence!.address} grants ${req.action} to the principal`);
    } else if (g.decision === 'unknown' && resDecision === 'implicit-deny') resDecision = 'unknown';
  }

  if (resource.resource && resource.kind === 'other' && resDecision !== 'explicit-deny' && resDecision !== 'allow' && !service && !federated) {
    const share = ramAllows(graph, resource.resource, info, req.action, context);
    if (share.association && share.decision !== 'implicit-deny') {
      const a = share.association;
      evidence.push({ source: 'ram', address: a.address, rootDir: a.rootDir, path: 'principal', range: associationRange(a), effect: 'Allow', applies: share.decision === 'allow' ? 'yes' : 'unknown', text: share.why });
      reasons.push(share.why);
      if (share.decision === 'allow') resDecision = 'allow';
      else if (resDecision === 'implicit-deny') resDecision = 'unknown';
    }
  }

  // 4. combination
  let decision: Decision;
  const mustHaveResource = resource.kind === 'role' || resource.kind === 'key' || crossAccount !== 'no';
  if (resource.kind === 'sharing') {
    // sharing opens the snapshot or image to other accounts; inside the owner's account IAM alone decides
    decision = crossAccount === 'no' ? idDecision : and(resDecision, idDecision);
    reasons.push(
      crossAccount === 'no'
        ? "the principal is in the owner's account: sharing plays no part, its identity policies decide"
        : "another account uses a shared snapshot or image only when it is shared with that account and the caller's identity policies allow the action",
    );
  } else if (service || federated) {
    decision = resDecision;
  } else if (mustHaveResource) {
    const needIdentity = crossAccount !== 'no' || viaAccount;
    decision = needIdentity ? and(resDecision, idDecision) : resDecision;
    if (crossAccount === 'yes') reasons.push('across accounts, both the identity policies and the resource policy must allow');
    else if (crossAccount === 'unknown') reasons.push('whether the principal and the resource are in the same account is not known, so both sides must allow');
  } else {
    // a resource policy that names only the account delegates to IAM: it grants nothing on its own
    decision = or(idDecision, viaAccount && resDecision === 'allow' ? 'implicit-deny' : resDecision);
    reasons.push('in one account, an Allow in either the identity policies or the resource policy is enough');
  }
  if (bucketDecision !== undefined) {
    // through an access point, the bucket's policy must allow too (or, in one account, IAM)
    decision = and(decision, crossAccount === 'no' ? or(idDecision, bucketDecision) : and(idDecision, bucketDecision));
    reasons.push('through an access point, both the access point policy and the bucket policy must allow');
    if (bucketDecision === 'explicit-deny') decision = 'explicit-deny';
  }
  if (idDecision === 'explicit-deny' || resDecision === 'explicit-deny') decision = 'explicit-deny';
  if (guard === 'explicit-deny') decision = 'explicit-deny';
  else if (guard === 'implicit-deny' && decision !== 'explicit-deny') decision = 'implicit-deny';
  else if (guard === 'unknown' && decision === 'allow') decision = 'unknown';

  const missing = [...context.missing].sort();
  if (decision === 'unknown' && missing.length > 0) reasons.push(`the answer depends on ${missing.join(', ')}: give ${missing.length === 1 ? 'it' : 'them'} with --context KEY=VALUE`);
  const party = (arn: string, account: string | undefined, r: ResourceInstance | undefined): AccessParty => ({ arn, ...(account ? { account } : {}), ...(r ? { address: r.address, rootDir: r.rootDir, range: r.range } : {}) });
  const answer = (d: Decision): AccessDecision => (d === 'allow' ? 'allowed' : d);
  return {
    decision: answer(decision),
    sides: { guardrails: answer(guard), identity: answer(idDecision), resource: answer(bucketDecision === undefined ? resDecision : and(resDecision, bucketDecision)) },
    principal: party(req.principal, principalAccount ?? (federated ? info.account : undefined), identity?.resource),
    action: req.action,
    resource: party(req.resource, resource.account, resource.resource),
    crossAccount,
    evidence: dedupe(evidence),
    reasons,
    missingContext: missing,
  };
}

function describe(d: Decision): string {
  return d === 'allow' ? 'allow' : d === 'explicit-deny' ? 'explicitly deny' : d === 'implicit-deny' ? 'do not allow' : 'undecided (it depends on what is not known statically)';
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.source}:${e.rootDir}:${e.address}:${e.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether an aws_kms_grant gives the principal this operation. */
function grantAllows(key: KeyNode, info: PrincipalInfo, action: string): { decision: Decision; evidence?: Evidence } {
  let unknown: Evidence | undefined;
  for (const g of key.grants) {
    const grantee = g.attrs.m.get('grantee_principal');
    const ops = g.attrs.m.get('operations');
    const opNames = ops?.t === 'l' ? ops.items.map((o) => (o.t === 's' ? o.v : undefined)) : undefined;
    const op = action.replace(/^kms:/i, '');
    const opMatch: Tri = !opNames ? 'unknown' : opNames.some((o) => o !== undefined && o.toLowerCase() === op.toLowerCase()) ? 'yes' : opNames.includes(undefined) ? 'unknown' : 'no';
    const granteeInfo = grantee?.t === 's' ? classifyAwsPrincipal(grantee.v) : undefined;
    const covers = granteeInfo ? principalCovers(granteeInfo, info) : undefined;
    if (opMatch === 'no' || covers === false) continue;
    const ev: Evidence = {
      source: 'grant',
      address: g.address,
      rootDir: g.rootDir,
      path: 'grantee_principal',
      range: g.range,
      effect: 'Allow',
      applies: opMatch === 'yes' && covers === true ? 'yes' : 'unknown',
      text: `grant ${opNames?.map((o) => o ?? '…').join(', ') ?? '(operations not known)'} to ${granteeInfo?.text ?? '(grantee not known statically)'}`,
    };
    if (ev.applies === 'yes') return { decision: 'allow', evidence: ev };
    unknown = unknown ?? ev;
  }
  return unknown ? { decision: 'unknown', evidence: unknown } : { decision: 'implicit-deny' };
}

/** Parses `--context KEY=VALUE` options (repeated keys are multi-valued; `KEY=` alone says the key is absent). */
export function parseContext(pairs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new AccessRequestError(`--context expects KEY=VALUE, got "${p}"`);
    const k = p.slice(0, eq);
    const existing = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
    const value = p.slice(eq + 1);
    out[existing] = value === '' ? out[existing] ?? [] : [...(out[existing] ?? []), value];
  }
  return out;
}
