/**
 * Building witnesses from what a rule reports (its subject: the statement, grant, share or
 * failing request it is about) and the graph. Each builder picks the least specific principal
 * the statement admits, an action and resource of the grant, and context values from the
 * condition model (solve.ts); a part that is not known statically omits the witness, with the
 * reason. Pure functions of the graph, like the rules.
 */
import { derivedContext, callerOf } from '../graph/access';
import { scpVerdict } from '../graph/guardrails';
import { sharedLabel, sharingPolicy, type ShareEntry, type SharedData } from '../graph/sharing';
import type { Graph, KeyNode, RamShare } from '../graph/graph';
import type { IdentityNode } from '../graph/identities';
import { identityAllows } from '../graph/permissions';
import { statementPath } from '../graph/queries';
import { RAM_SHARED_ACTIONS, associationAccount, associationOrganization } from '../graph/ram';
import { arnOf, governedArn, policiesOfTarget, targetOfPolicy } from '../graph/targets';
import { expandAction } from '../iam/catalog';
import { conditionsOn } from '../iam/conditions';
import { admitsPrincipal, evaluateCondition, evaluatePolicies, RequestContext } from '../iam/evaluate';
import { parseOperator } from '../iam/operators';
import { isUnknownString, type ConditionEntry, type PrincipalEntry, type Statement } from '../iam/policy';
import { classifyAwsPrincipal, isAccountId, type PrincipalInfo } from '../iam/principals';
import type { DeadCondition } from '../iam/satisfiable';
import type { PolicyRef } from '../iam/sources';
import { coversAction, coversResource } from '../iam/statements';
import { hasWildcard } from '../iam/wildcard';
import { stringAttr, type ResourceInstance } from '../terraform/instance';
import { summaryOf, type FailingSide, type Witness, type WitnessDenial, type WitnessPrincipalType, type WitnessResult } from './model';
import { CALLER_ACCOUNT_VARIABLE, instantiate, instantiateArn, solve, type Choice, type SolveEnv } from './solve';

/** A grant in a trust, resource or key policy: the principal entry at fault (none for NotPrincipal). */
export interface StatementSubject {
  kind: 'statement';
  policy: PolicyRef;
  statement: Statement;
  entry?: PrincipalEntry;
  /** The action the finding is about (default: one the statement grants). */
  action?: string;
  /** Context values the finding is about, tried first (`aws:PrincipalOrgID=o-…`). */
  prefer?: Record<string, Choice>;
  /** The condition the finding is about, when it is one (TFXA013). */
  condition?: ConditionEntry;
}

/** An identity policy statement: a request of an identity it is attached to. */
export interface IdentitySubject {
  kind: 'identity';
  policy: PolicyRef;
  statement: Statement;
  action?: string;
  /** The resource pattern the finding is about (`arn:aws:iam::*:role/*`). */
  resource?: string;
  prefer?: Record<string, Choice>;
  condition?: ConditionEntry;
}

/** An aws_kms_grant to a grantee. */
export interface GrantSubject {
  kind: 'grant';
  grant: ResourceInstance;
  key: KeyNode | undefined;
  grantee: string;
  operation: string;
}

/** A RAM share, through one of its principal associations. */
export interface ShareSubject {
  kind: 'share';
  share: RamShare;
  association?: ResourceInstance;
  /** The shared resource the request is about (default: the first the share holds that is defined here). */
  resource?: ResourceInstance;
}

/** The caller of a failing request: a principal a statement names, or an identity of the configuration. */
export type FailureCaller = { entry: PrincipalEntry; statement: Statement } | { identity: IdentityNode };

/** A request that fails (correctness findings), and what fails it. */
export interface FailureSubject {
  kind: 'failure';
  caller: FailureCaller;
  action: string;
  /** The resource asked for: defined in the configuration, the one a policy governs, or the AWS managed key of a resource's account. */
  target: { resource: ResourceInstance } | { policy: PolicyRef } | { awsManagedKey: string; owner: ResourceInstance };
  /** Statements the request satisfies, so that only what the finding names fails it. */
  satisfy?: { statement: Statement; withPrincipal: boolean }[];
  denial: { decision: WitnessDenial['decision']; side: FailingSide; policy?: PolicyRef; statement?: Statement; address?: string; rootDir?: string; text: string };
  via?: string;
}

/** An Allow made dead by a condition that is never true (TFXA302). */
export interface DeadSubject {
  kind: 'dead';
  policy: PolicyRef;
  statement: Statement;
  dead: DeadCondition;
}

/** A finding that has no request to show, and why (a part of it is not defined in the configuration). */
export interface OmittedSubject {
  kind: 'omitted';
  why: string;
}

export type WitnessSubject = StatementSubject | IdentitySubject | GrantSubject | ShareSubject | FailureSubject | DeadSubject | OmittedSubject;

export interface WitnessOptions {
  /** Keys the request leaves out, the finding's point (sts:ExternalId). */
  absent?: string[];
  /** A person rather than a workload: the principal of an account is `user/any`. */
  human?: boolean;
}

const omit = (why: string): WitnessResult => ({ omitted: why });

// --- the unrelated account and organization -----------------------------------------------

const UNRELATED_ACCOUNTS = ['444455556666', '555566667777', '666677778888', '777788889999', '121212121212'];
const envCache = new WeakMap<Graph, SolveEnv & { accounts: string[] }>();

/** An account and an organization the configuration never names: "anyone" made concrete. */
export function envOf(graph: Graph): SolveEnv & { accounts: string[] } {
  let env = envCache.get(graph);
  if (!env) {
    const used = new Set<string>([...graph.inventory.internal.keys(), ...graph.inventory.thirdParties.keys()]);
    for (const r of graph.resources) if (r.account) used.add(r.account);
    for (const p of graph.policies) for (const st of p.doc.statements) for (const e of [...(st.principal?.entries ?? []), ...(st.notPrincipal?.entries ?? [])]) {
      const a = graph.principal(e).account;
      if (a) used.add(a);
    }
    const accounts = UNRELATED_ACCOUNTS.filter((a) => !used.has(a));
    env = { account: accounts[0] ?? '444455556666', organization: 'o-unrelated000', accounts };
    envCache.set(graph, env);
  }
  return env;
}

// --- principals -------------------------------------------------------------------------------

interface Caller {
  info: PrincipalInfo;
  type: WitnessPrincipalType;
}

function typeOf(info: PrincipalInfo): WitnessPrincipalType {
  return info.kind === 'service' ? 'Service' : info.kind === 'oidc' || info.kind === 'saml' || info.kind === 'web-identity' ? 'Federated' : 'AWS';
}

const concrete = (text: string) => !text.includes('…');

function arnPrincipal(account: string, name: string, human: boolean): PrincipalInfo {
  return classifyAwsPrincipal(`arn:aws:iam::${account}:${human ? 'user' : 'role'}/${name}`);
}

/** Positive patterns a statement's conditions give for a caller key. */
function positiveValues(st: Statement, key: string): string[] {
  return conditionsOn(st, key)
    .filter((c) => !parseOperator(c.operator).negated)
    // policy variables are filled in at request time; the caller's account is the one it is chosen in
    .flatMap((c) => c.values.filter((v): v is string => !isUnknownString(v) && !v.replace(CALLER_ACCOUNT_VARIABLE, '').includes('${')));
}

/**
 * The least specific caller a statement admits through an entry (or, for NotPrincipal, any caller
 * it does not exclude): any role (or, for a person, user) of a named account, a principal of an
 * unrelated account for `*`, the named role, user, service or identity provider itself. Conditions
 * on the caller's ARN or account that do not bind still pick which one.
 */
function callerFor(graph: Graph, st: Statement, entry: PrincipalEntry | undefined, resourceAccount: string | undefined, prefer: Record<string, Choice>, human: boolean): Caller | { why: string } {
  const env = envOf(graph);
  const info = entry ? graph.principal(entry) : undefined;
  if (info?.sensitive) return { why: 'the principal is a sensitive value' };
  const candidates: PrincipalInfo[] = [];
  const preferArn = Object.entries(prefer).find(([k]) => k.toLowerCase() === 'aws:principalarn')?.[1][0];
  const preferAccount = Object.entries(prefer).find(([k]) => k.toLowerCase() === 'aws:principalaccount')?.[1][0];
  const fromArnConditions = (account: string | undefined) =>
    positiveValues(st, 'aws:PrincipalArn')
      .map((v) => classifyAwsPrincipal(instantiateArn(v, { ...env, account: account ?? env.account })))
      .filter((p) => (p.kind === 'role' || p.kind === 'user') && (!account || p.account === account));
  if (!info || info.kind === 'anyone') {
    if (preferArn) candidates.push(classifyAwsPrincipal(preferArn));
    if (preferAccount && isAccountId(preferAccount)) candidates.push(arnPrincipal(preferAccount, 'any', human));
    candidates.push(...fromArnConditions(undefined));
    // the caller's account, as the statement pins it (kms:CallerAccount in key policies)
    for (const key of ['aws:PrincipalAccount', 'kms:CallerAccount']) {
      for (const v of positiveValues(st, key)) {
        const a = instantiate(v, key, env);
        if (isAccountId(a)) candidates.push(arnPrincipal(a, 'any', human));
      }
    }
    for (const a of env.accounts) candidates.push(arnPrincipal(a, 'any', human));
  } else if (info.kind === 'account') {
    if (!info.account) return { why: `the account of ${info.text} is not known statically${info.why ? ` (${info.why})` : ''}` };
    candidates.push(...fromArnConditions(info.account), arnPrincipal(info.account, 'any', human));
  } else if (info.kind === 'role' || info.kind === 'user' || info.kind === 'federated-user') {
    if (!info.account || !concrete(info.text)) return { why: `${info.text} is not known statically${info.why ? ` (${info.why})` : ''}` };
    candidates.push(info);
  } else if (info.kind === 'assumed-role') {
    if (!info.account || !info.name || !concrete(info.text)) return { why: `${info.text} is not known statically` };
    candidates.push(info);
  } else if (info.kind === 'service' || info.kind === 'oidc' || info.kind === 'saml' || info.kind === 'web-identity') {
    if (!concrete(info.text) || ((info.kind === 'oidc' || info.kind === 'saml') && !info.account)) return { why: `${info.text} is not known statically${info.why ? ` (${info.why})` : ''}` };
    candidates.push(info);
  } else {
    return { why: `the principal ${info.text} is not known statically${info.why ? ` (${info.why})` : ''}` };
  }
  let undecided = false;
  for (const c of candidates) {
    const admits = admitsPrincipal(st, c);
    if (admits === 'unknown') undecided = true;
    if (admits !== 'yes') continue;
    // the caller's own keys must satisfy what the statement asks of them
    const arn = c.text;
    const ctx = new RequestContext(Object.fromEntries(Object.entries(derivedContext(graph, c, arn, resourceAccount)).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Record<string, string | string[]>);
    const callerConditions = st.conditions.filter((x) => /^aws:(principalarn|principalaccount|principaltype|username)$/i.test(x.key));
    if (callerConditions.every((x) => evaluateCondition(x, ctx) === 'yes')) return { info: c, type: typeOf(c) };
  }
  if (undecided) return { why: `whether the statement admits ${info ? info.text : 'a caller'} is not known statically (its ${st.notPrincipal ? 'NotPrincipal' : 'Principal'} is not)` };
  return { why: `no principal ${info ? `of ${info.text} ` : ''}satisfies the statement's conditions on the caller` };
}

// --- actions and resources --------------------------------------------------------------------

/** A few actions per service a grant is most often about, tried before the catalog's. */
export const TYPICAL_ACTIONS: Record<string, string[]> = {
  s3: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
  sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
  sns: ['sns:Publish', 'sns:Subscribe'],
  kms: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'],
  lambda: ['lambda:InvokeFunction', 'lambda:GetLayerVersion'],
  secretsmanager: ['secretsmanager:GetSecretValue'],
  sts: ['sts:AssumeRole'],
  ecr: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  'ecr-public': ['ecr-public:BatchCheckLayerAvailability'],
  logs: ['logs:PutLogEvents', 'logs:CreateLogStream'],
  events: ['events:PutEvents'],
  dynamodb: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  kinesis: ['kinesis:GetRecords', 'kinesis:PutRecord'],
  es: ['es:ESHttpGet'],
  glacier: ['glacier:InitiateJob'],
  backup: ['backup:CopyIntoBackupVault'],
  iam: ['iam:PassRole'],
};

const isObjectAction = (a: string) => /object|multipartupload|parts/i.test(a);

/** A literal action as a request names it (the service prefix in lower case, `SNS:Publish` -> `sns:Publish`), or undefined for what is no action name. */
export function requestAction(a: string): string | undefined {
  const m = /^([A-Za-z0-9-]+):([A-Za-z0-9]+)$/.exec(a);
  return m ? `${m[1].toLowerCase()}:${m[2]}` : undefined;
}

/** Candidate literal actions for a statement, the finding's own first. */
function actionCandidates(st: Statement, service: string, wanted: string | undefined): string[] {
  if (wanted) return [wanted];
  const out: string[] = [];
  const items = (st.action?.items ?? []).filter((a): a is string => !isUnknownString(a));
  for (const a of items) if (!hasWildcard(a)) out.push(...[requestAction(a)].filter((x): x is string => x !== undefined));
  const typical = TYPICAL_ACTIONS[service] ?? [];
  out.push(...typical);
  for (const a of items) if (hasWildcard(a) && a !== '*') out.push(...expandAction(a).slice(0, 60));
  if (items.includes('*') || st.notAction) out.push(...expandAction(`${service}:*`).slice(0, 60));
  return [...new Set(out)].filter((a) => coversAction(st, a) === 'yes');
}

/** Candidate resource ARNs inside the target for an action: the target itself, or an object of a bucket. */
function resourceCandidates(st: Statement, targetArn: string, action: string): string[] {
  const out: string[] = [];
  const bucket = /^arn:[^:]+:s3:::[^/]+$/.test(targetArn);
  const accessPoint = /^arn:[^:]+:s3:[^:]*:\d{12}:accesspoint\/[^/]+$/.test(targetArn);
  if (accessPoint && isObjectAction(action)) out.push(`${targetArn}/object/any`);
  else if (bucket && isObjectAction(action)) {
    for (const p of st.resource?.items ?? []) {
      if (isUnknownString(p) || !p.startsWith(`${targetArn}/`)) continue;
      out.push(p.replace(/\*/g, 'any').replace(/\?/g, 'x'));
    }
    out.push(`${targetArn}/any`);
  } else out.push(targetArn);
  return out.filter((r) => coversResource(st, r) === 'yes');
}

/** An action and a resource inside the target the statement grants, object actions with object ARNs. */
function actionAndResource(st: Statement, targetArn: string, wanted: string | undefined, prefer?: (a: string) => boolean): { action: string; resource: string } | { why: string } {
  const service = targetArn.split(':')[2] ?? '';
  const actions = actionCandidates(st, service, wanted);
  if (actions.length === 0) return { why: wanted ? `the statement does not grant ${wanted}` : `no action the statement grants could be named (${st.action ? 'patterns the action catalog does not expand' : 'NotAction'})` };
  const ordered = prefer ? [...actions.filter(prefer), ...actions.filter((a) => !prefer(a))] : actions;
  for (const action of ordered) {
    const rs = resourceCandidates(st, targetArn, action);
    if (rs.length > 0) return { action, resource: rs[0] };
  }
  if (st.resource?.unknown || st.resource?.items.some(isUnknownString)) return { why: `whether the statement's resources include ${targetArn} is not known statically` };
  return { why: `the statement's resources do not include ${targetArn}` };
}

// --- the denies a request must not meet --------------------------------------------------------

interface DenyCheck {
  statement: Statement;
  principal?: PrincipalInfo;
  where: string;
}

function denyList(policies: PolicyRef[], principal: PrincipalInfo | undefined, label: string): DenyCheck[] {
  const out: DenyCheck[] = [];
  // a statement whose effect or content is not known may be a Deny
  for (const p of policies) for (const st of p.doc.statements) if ((st.effect !== 'Allow' || st.unknown) && !st.invalid) out.push({ statement: st, ...(principal ? { principal } : {}), where: `${label} ${p.holder.address} ${statementPath(p, st)}` });
  return out;
}

/** Every Deny check-access would meet: the resource's policies, the caller's identity policies, SCPs and RCPs. */
function deniesFor(graph: Graph, targetPolicies: PolicyRef[], caller: Caller, identity: IdentityNode | undefined, resourceAccount: string | undefined): DenyCheck[] {
  const out = denyList(targetPolicies, caller.info, 'the policy of');
  if (identity) out.push(...denyList(identity.policies, undefined, 'the identity policy'));
  const iam = caller.type === 'AWS';
  for (const node of graph.orgPolicies) {
    const account = node.kind === 'scp' ? (iam ? caller.info.account : undefined) : resourceAccount;
    if (!account || graph.organization.reach(node, account) === 'no') continue;
    out.push(...denyList([node.policy], node.kind === 'rcp' ? caller.info : undefined, node.kind === 'scp' ? 'the SCP' : 'the RCP'));
  }
  return out;
}

// --- assembling ---------------------------------------------------------------------------------

interface Assembled {
  expect: Witness['expect'];
  caller: Caller;
  action: string;
  resource: string;
  target?: ResourceInstance;
  /** The statements the request must satisfy. */
  allows: { statement: Statement; principal?: PrincipalInfo }[];
  targetPolicies: PolicyRef[];
  prefer: Record<string, Choice>;
  absent: string[];
  /** Deny statements are turned off (access) or left alone (a request that fails anyway). */
  avoidDenies: boolean;
  denial?: WitnessDenial;
  via?: string;
  /** Check the caller's own identity policies (it is defined in the configuration and they must allow). */
  identityMustAllow?: boolean;
}

function accountOfArn(arn: string): string | undefined {
  const a = arn.split(':')[4];
  return a && isAccountId(a) ? a : undefined;
}

/** Solves the context and writes the witness. */
function assemble(graph: Graph, a: Assembled): WitnessResult {
  const env = envOf(graph);
  const resourceAccount = a.target?.account ?? accountOfArn(a.resource);
  const identity = a.caller.type === 'AWS' ? graph.identities.forPrincipal(a.caller.info) : undefined;
  const opaque = [...a.targetPolicies, ...(identity?.policies ?? [])].find((p) => p.doc.unknown);
  if (opaque) return omit(`the policy of ${opaque.holder.address} is not known statically (${opaque.doc.unknown})`);
  const fixed = derivedContext(graph, a.caller.info, a.caller.info.text, resourceAccount);
  const prefer: Record<string, Choice> = { ...a.prefer };
  for (const k of a.absent) prefer[k] = [];
  const solved = solve({
    allows: a.allows,
    denies: a.avoidDenies ? deniesFor(graph, a.targetPolicies, a.caller, identity, resourceAccount) : [],
    action: a.action,
    resource: a.resource,
    fixed,
    prefer,
    env,
  });
  if ('why' in solved) return omit(solved.why);
  const context: Record<string, string[]> = {};
  const absent: string[] = [];
  const seen = new Set<string>();
  const fixedValue = (k: string) => {
    const hit = Object.entries(fixed).find(([x]) => x.toLowerCase() === k.toLowerCase())?.[1];
    return typeof hit === 'string' ? [hit] : Array.isArray(hit) ? hit : undefined;
  };
  for (const { key, values } of solved.chosen.values()) {
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    const f = fixedValue(key);
    if (f && values.length > 0 && f.join('\u0000') === values.join('\u0000')) continue;
    if (values.length === 0) absent.push(key);
    else context[key] = values;
  }
  // the request as check-access will see it: the derived keys, then the chosen ones
  const ctx = new RequestContext({});
  for (const [k, v] of Object.entries(fixed)) if (typeof v === 'string' || Array.isArray(v)) ctx.set(k, v);
  for (const [k, v] of Object.entries(context)) ctx.set(k, v);
  if (identity && a.identityMustAllow) {
    const id = identityAllows(identity, a.action, a.resource, ctx);
    if (id.decision !== 'allow') return omit(`the identity policies of ${identity.resource.address} ${id.decision === 'unknown' ? `may not allow ${a.action} (${id.why ?? 'not known statically'})` : `do not allow ${a.action} on it`}`);
  }
  if (a.expect === 'allowed' && a.target?.type === 'aws_s3_access_point') {
    const entries: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(fixed)) if (typeof v === 'string' || Array.isArray(v)) entries[k] = v;
    const refused = bucketRefuses(graph, a.target, a, { ...entries, ...context }, resourceAccount);
    if (refused) return omit(refused);
  }
  if (a.expect === 'allowed' && a.caller.type === 'AWS') {
    // an SCP allow list that leaves the action out stops every caller the statement admits
    const g = scpVerdict(graph, { principal: a.caller.info, ...(a.caller.info.account ? { principalAccount: a.caller.info.account } : {}), action: a.action, resource: a.resource, ...(resourceAccount ? { resourceAccount } : {}), context: ctx, outsideAllows: true });
    if (g.block?.kind === 'not-allowed') return omit(`${g.block.node.policy.holder.address}, the SCP allow list of ${g.block.level}, leaves ${a.action} out: no caller of that account can use the grant`);
  }
  const base: Omit<Witness, 'summary'> = {
    expect: a.expect,
    principal: a.caller.info.text,
    principalType: a.caller.type,
    action: a.action,
    resource: a.resource,
    ...(a.target ? { address: a.target.address, rootDir: a.target.rootDir } : {}),
    context,
    absent: absent.sort(),
    ...(a.denial ? { denial: a.denial } : {}),
    ...(a.via ? { via: a.via } : {}),
  };
  return { witness: { ...base, summary: summaryOf(base) } };
}

/**
 * Why the bucket behind an access point keeps a request out, if it does: through an access point
 * the bucket's policy must allow too (for a caller of another account, or anonymous), with the
 * access point's `s3:DataAccessPointArn` and `s3:DataAccessPointAccount`; an explicit Deny of
 * the bucket stops every caller. A bucket outside the scan is its owner's to write.
 */
function bucketRefuses(graph: Graph, ap: ResourceInstance, a: Assembled, entries: Record<string, string | string[]>, resourceAccount: string | undefined): string | undefined {
  const bucket = graph.bucketOfAccessPoint(ap);
  if (!bucket) return undefined;
  const name = stringAttr(bucket.bucket, 'bucket');
  if (!name) return `the name of ${bucket.bucket.address}, the bucket behind ${ap.address}, is not known statically`;
  const key = /\/object\/(.*)$/.exec(a.resource)?.[1];
  const context = new RequestContext(entries);
  context.set('s3:DataAccessPointArn', stringAttr(ap, 'arn') ?? a.resource.split('/').slice(0, 2).join('/'));
  if (ap.account) context.set('s3:DataAccessPointAccount', ap.account);
  const d = evaluatePolicies(bucket.policies.map((p) => p.doc), { principal: a.caller.info, action: a.action, resource: `arn:aws:s3:::${name}${key !== undefined ? `/${key}` : ''}`, context }).decision;
  if (d === 'allow') return undefined;
  if (d === 'explicit-deny') return `the policy of ${bucket.bucket.address}, the bucket behind ${ap.address}, denies the request`;
  const same = a.caller.info.account !== undefined && a.caller.info.account === resourceAccount;
  if (same) return undefined;
  return `through ${ap.address} the policy of its bucket ${bucket.bucket.address} must allow the request too, and it ${d === 'unknown' ? 'may not' : 'does not'}`;
}

/**
 * The resource a policy decides requests on, and the ARN a request names it by: its own; for a
 * policy resource whose resource is not defined here, the one its link attribute names; else an
 * instance of the statement's resource pattern in the policy resource's account.
 */
function targetArnOf(graph: Graph, policy: PolicyRef, st?: Statement): { target: ResourceInstance; arn: string } | { why: string } {
  const governed = targetOfPolicy(graph, policy);
  const target = governed ?? policy.holder;
  const a = arnOf(target);
  if ('arn' in a) return { target, arn: a.arn };
  if (governed && governed !== policy.holder) return a;
  const link = governedArn(target);
  if (link) return { target, arn: link };
  // a resource with an ARN of its own that is not known stays unknown; a policy resource names what it governs by its statements
  if (target.attrs.m.has('arn')) return a;
  const pattern = (st?.resource?.items ?? []).find((x): x is string => !isUnknownString(x) && x.startsWith('arn:'));
  if (pattern) return { target, arn: instantiateArn(pattern, { ...envOf(graph), ...(target.account ? { account: target.account } : {}) }) };
  return a;
}

/** What an identity policy's holder is, as a caller (the first role or user it is attached to with a known ARN). */
function holderCaller(graph: Graph, policy: PolicyRef): { identity: IdentityNode; caller: Caller } | { why: string } {
  const holders = graph.identities.holdersOf(policy);
  if (holders.length === 0) return { why: `${policy.holder.address} is attached to no role or user of the scanned configuration` };
  for (const h of holders) {
    const arn = h.arn ?? (h.resource.account && stringAttr(h.resource, 'name') ? `arn:aws:iam::${h.resource.account}:${h.kind}/${stringAttr(h.resource, 'name')}` : undefined);
    if (!arn) continue;
    const info = classifyAwsPrincipal(arn);
    if (info.kind === 'role' || info.kind === 'user') return { identity: h, caller: { info, type: 'AWS' } };
  }
  return { why: `the ARN of ${holders[0].resource.address} is not known statically` };
}

/** The trust action a caller uses: web identity for OIDC providers, SAML for SAML providers. */
function trustAction(caller: Caller): string {
  const k = caller.info.kind;
  return k === 'oidc' || k === 'web-identity' ? 'sts:AssumeRoleWithWebIdentity' : k === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRole';
}

// --- builders -------------------------------------------------------------------------------------

/** A witness of a grant in a trust, resource or key policy. */
export function statementWitness(graph: Graph, s: StatementSubject, opts: WitnessOptions = {}): WitnessResult {
  if (s.statement.unknown) return omit(`the statement is not known statically (${s.statement.unknown})`);
  const t = targetArnOf(graph, s.policy, s.statement);
  if ('why' in t) return omit(t.why);
  const caller = callerFor(graph, s.statement, s.entry, t.target.account ?? accountOfArn(t.arn), s.prefer ?? {}, opts.human === true);
  if ('why' in caller) return omit(caller.why);
  let action: string;
  let resource: string;
  if (s.policy.kind === 'trust') {
    action = s.action ?? trustAction(caller);
    if (coversAction(s.statement, action) !== 'yes') return omit(`the statement does not grant ${action}`);
    resource = t.arn;
  } else {
    const ar = actionAndResource(s.statement, t.arn, s.action);
    if ('why' in ar) return omit(ar.why);
    ({ action, resource } = ar);
  }
  const targetPolicies = policiesOfTarget(graph, t.target).policies;
  // a service acting for any customer: the source is an account unrelated to the configuration
  const prefer = caller.type === 'Service' ? { 'aws:SourceAccount': [envOf(graph).account], ...(s.prefer ?? {}) } : s.prefer ?? {};
  const cross = !caller.info.account || !(t.target.account ?? accountOfArn(t.arn)) || caller.info.account !== (t.target.account ?? accountOfArn(t.arn));
  return assemble(graph, {
    expect: 'allowed',
    caller,
    action,
    resource,
    target: t.target,
    allows: [{ statement: s.statement, principal: caller.info }],
    targetPolicies: targetPolicies.length > 0 ? targetPolicies : [s.policy],
    prefer,
    absent: opts.absent ?? [],
    avoidDenies: true,
    identityMustAllow: cross || (s.entry !== undefined && graph.principal(s.entry).kind === 'account'),
  });
}

/** Literal actions an identity statement allows, the finding's own first. */
function identityActions(st: Statement, wanted: string | undefined): string[] {
  if (wanted) return coversAction(st, wanted) === 'yes' ? [wanted] : [];
  const items = (st.action?.items ?? []).filter((a): a is string => !isUnknownString(a));
  const out = items.filter((a) => !hasWildcard(a)).map(requestAction).filter((a): a is string => a !== undefined);
  for (const a of items) if (hasWildcard(a) && a !== '*') {
    const service = a.split(':')[0].toLowerCase();
    out.push(...(TYPICAL_ACTIONS[service] ?? []), ...expandAction(a).slice(0, 60));
  }
  if (items.includes('*') || st.notAction) {
    const services = new Set((st.resource?.items ?? []).filter((r): r is string => !isUnknownString(r)).map((r) => r.split(':')[2]).filter((x) => x && !hasWildcard(x)));
    for (const svc of services.size > 0 ? services : new Set(['s3', 'sts'])) out.push(...(TYPICAL_ACTIONS[svc] ?? []), ...expandAction(`${svc}:*`).slice(0, 60));
  }
  return [...new Set(out)].filter((a) => coversAction(st, a) === 'yes');
}

/** A witness of an identity policy statement: a request its holder may make on a resource of another account. */
export function identityWitness(graph: Graph, s: IdentitySubject, opts: WitnessOptions = {}): WitnessResult {
  if (s.statement.unknown) return omit(`the statement is not known statically (${s.statement.unknown})`);
  const holder = holderCaller(graph, s.policy);
  if ('why' in holder) return omit(holder.why);
  const env = envOf(graph);
  const items = (s.statement.resource?.items ?? []).filter((r): r is string => !isUnknownString(r));
  const patterns = s.resource ? [s.resource] : items.length > 0 ? items : ['*'];
  for (const action of identityActions(s.statement, s.action)) {
    const service = action.split(':')[0].toLowerCase();
    for (const p of patterns) {
      const resource = p === '*' ? anyResourceOf(service, action, env.account) : instantiateArn(p, env);
      if (coversResource(s.statement, resource) !== 'yes') continue;
      return assemble(graph, {
        expect: 'allowed',
        caller: holder.caller,
        action,
        resource,
        allows: [{ statement: s.statement }],
        targetPolicies: [],
        prefer: s.prefer ?? {},
        absent: opts.absent ?? [],
        avoidDenies: true,
      });
    }
  }
  return omit('no action and resource the statement allows could be named');
}

/** A resource of another account an action is about, for an identity statement on `*`. */
function anyResourceOf(service: string, action: string, account: string): string {
  if (service === 's3') return isObjectAction(action) ? 'arn:aws:s3:::any-bucket/any' : 'arn:aws:s3:::any-bucket';
  if (service === 'iam' || service === 'sts') return `arn:aws:iam::${account}:role/any`;
  return `arn:aws:${service}:us-east-1:${account}:any`;
}

/** A witness of a KMS grant: the grantee uses the key for the operation. */
export function grantWitness(graph: Graph, s: GrantSubject): WitnessResult {
  const grantee = classifyAwsPrincipal(s.grantee);
  const info = grantee.kind === 'account' && grantee.account ? arnPrincipal(grantee.account, 'any', false) : grantee;
  if (!['role', 'user', 'assumed-role'].includes(info.kind) || !info.account) return omit(`the grantee ${s.grantee} is not a principal a request can name`);
  const action = `kms:${s.operation.replace(/\*$/, '')}`;
  let target: ResourceInstance | undefined;
  let resource: string;
  if (s.key) {
    const a = arnOf(s.key.key);
    if ('why' in a) return omit(a.why);
    target = s.key.key;
    resource = a.arn;
  } else {
    const id = stringAttr(s.grant, 'key_id');
    if (!id?.startsWith('arn:')) return omit(`the key of ${s.grant.address} is not defined in the scanned configuration and not named by its ARN`);
    resource = id;
  }
  return assemble(graph, {
    expect: 'allowed',
    caller: { info, type: 'AWS' },
    action,
    resource,
    ...(target ? { target } : {}),
    allows: [],
    targetPolicies: s.key?.policies ?? [],
    prefer: {},
    absent: [],
    avoidDenies: true,
  });
}

/** A witness of a RAM share: an account it names uses a resource it shares. */
export function shareWitness(graph: Graph, s: ShareSubject): WitnessResult {
  const env = envOf(graph);
  const associations = s.association ? [s.association] : s.share.principals.filter((a) => {
    const acct = associationAccount(a);
    return (acct && !graph.isInternal(acct, s.share.share)) || associationOrganization(a) !== undefined;
  });
  if (associations.length === 0) return omit(`no account outside the organization is associated with ${s.share.share.address} in the scanned configuration (yet)`);
  const shared = s.resource ? s.share.resources.find((r) => r.resource === s.resource) : s.share.resources.find((r) => r.resource);
  if (!shared?.resource) return omit(`the resources ${s.share.share.address} shares are not defined in the scanned configuration`);
  const actions = RAM_SHARED_ACTIONS[shared.resource.type];
  if (!actions) return omit(`what RAM's managed permission for ${shared.resource.type} allows is not modelled`);
  const arn = arnOf(shared.resource);
  if ('why' in arn) return omit(arn.why);
  const a = associations[0];
  const account = associationAccount(a);
  const org = associationOrganization(a);
  if (!account && !org) return omit(`the principal of ${a.address} is not known statically`);
  const info = arnPrincipal(account ?? env.account, 'any', false);
  return assemble(graph, {
    expect: 'allowed',
    caller: { info, type: 'AWS' },
    action: actions[0],
    resource: arn.arn,
    target: shared.resource,
    allows: [],
    targetPolicies: [],
    prefer: org && !account ? { 'aws:PrincipalOrgID': [org.org] } : {},
    absent: [],
    avoidDenies: true,
  });
}

/** The caller of a failing request. */
function failureCaller(graph: Graph, c: FailureCaller, resourceAccount: string | undefined): { caller: Caller; identity?: IdentityNode } | { why: string } {
  if ('identity' in c) {
    const arn = c.identity.arn;
    if (!arn) return { why: `the ARN of ${c.identity.resource.address} is not known statically` };
    return { caller: { info: classifyAwsPrincipal(arn), type: 'AWS' }, identity: c.identity };
  }
  const r = callerFor(graph, c.statement, c.entry, resourceAccount, {}, false);
  return 'why' in r ? r : { caller: r };
}

function denialOf(d: FailureSubject['denial']): WitnessDenial {
  const at = d.statement;
  return {
    decision: d.decision,
    side: d.side,
    ...(d.policy ? { address: d.policy.holder.address, rootDir: d.policy.holder.rootDir } : d.address ? { address: d.address, ...(d.rootDir !== undefined ? { rootDir: d.rootDir } : {}) } : {}),
    ...(d.policy && at ? { path: statementPath(d.policy, at), file: at.range.file, line: at.range.start.line } : {}),
    text: d.text,
  };
}

/** A witness of a request that fails, with what fails it. */
export function failureWitness(graph: Graph, s: FailureSubject): WitnessResult {
  let resource: string;
  let target: ResourceInstance | undefined;
  let account: string | undefined;
  if ('resource' in s.target) {
    const a = arnOf(s.target.resource);
    if ('why' in a) return omit(a.why);
    resource = a.arn;
    target = s.target.resource;
    account = target.account;
  } else if ('policy' in s.target) {
    const grant = s.satisfy?.find((x) => x.withPrincipal)?.statement;
    const t = targetArnOf(graph, s.target.policy, grant);
    if ('why' in t) return omit(t.why);
    // inside the grant's resources: an object of a bucket for an object action
    resource = (grant && resourceCandidates(grant, t.arn, s.action)[0]) ?? t.arn;
    target = t.target;
    account = target.account ?? accountOfArn(resource);
  } else {
    const owner = s.target.owner;
    if (!owner.account || !owner.region) return omit(`the ${!owner.account ? 'account' : 'region'} of ${owner.address} is not known statically, so its AWS managed key's ARN is not`);
    resource = `arn:aws:kms:${owner.region}:${owner.account}:${s.target.awsManagedKey}`;
    account = owner.account;
  }
  const c = failureCaller(graph, s.caller, account);
  if ('why' in c) return omit(c.why);
  const allows = (s.satisfy ?? []).map((x) => ({ statement: x.statement, ...(x.withPrincipal ? { principal: c.caller.info } : {}) }));
  return assemble(graph, {
    expect: 'denied',
    caller: c.caller,
    action: s.action,
    resource,
    ...(target ? { target } : {}),
    allows,
    targetPolicies: [],
    prefer: {},
    absent: [],
    avoidDenies: false,
    denial: denialOf(s.denial),
    ...(s.via ? { via: s.via } : {}),
  });
}

/**
 * A witness of a dead Allow (TFXA302): the request it is meant for, carrying the value the author
 * meant, fails; for a negated condition that excludes nothing, the request it meant to exclude is
 * allowed.
 */
export function deadWitness(graph: Graph, s: DeadSubject): WitnessResult {
  const { policy, statement: st, dead } = s;
  if (policy.kind === 'scp' || policy.kind === 'rcp') return omit('an Allow in an SCP or RCP only filters: check-access takes their allow lists to include the action');
  if (policy.kind === 'perimeter') return omit('a VPC endpoint policy only filters what other policies grant');
  const op = parseOperator(dead.condition.operator);
  if (dead.condition.values.some(isUnknownString)) return omit(`a value of the ${dead.condition.operator} condition on ${dead.condition.key} is only partly known`);
  const excludesNothing = op.negated;
  const env = envOf(graph);
  // the value the author meant: the pattern read as a pattern, a boolean read as true
  const meant = dead.values[0] !== undefined ? instantiate(dead.values[0], dead.condition.key, env) : 'any';
  const meantValue = /^bool$/i.test(op.base) ? 'true' : /^(numeric|date)/i.test(op.base) ? (/^date/i.test(op.base) ? '2030-01-01T00:00:00Z' : '0') : meant;
  const callerKey = /^aws:principalarn$/i.test(dead.condition.key);
  const prefer: Record<string, Choice> = callerKey ? { 'aws:PrincipalArn': [meantValue] } : { [dead.condition.key]: [meantValue] };
  const others = { ...st, conditions: st.conditions.filter((c) => c !== dead.condition) };
  if (policy.kind === 'identity') {
    const w = identityWitness(graph, { kind: 'identity', policy, statement: excludesNothing ? st : others, prefer }, {});
    if ('omitted' in w) return w;
    if (excludesNothing) return w;
    return asDenied(w.witness, { decision: 'implicit-deny', side: 'identity', address: policy.holder.address, rootDir: policy.holder.rootDir, path: statementPath(policy, st), file: st.range.file, line: st.range.start.line, text: `${statementPath(policy, st)} of ${policy.holder.address} never applies: ${dead.why}` });
  }
  const entry = st.principal?.entries[0];
  const w = statementWitness(graph, { kind: 'statement', policy, statement: excludesNothing ? st : others, ...(entry ? { entry } : {}), prefer }, {});
  if ('omitted' in w) return w;
  if (excludesNothing) return w;
  const witness = w.witness;
  // with the dead statement out of the way, nothing else may allow the request
  const rest = policiesOfTarget(graph, targetOfPolicy(graph, policy) ?? policy.holder).policies;
  const docs = (rest.length > 0 ? rest : [policy]).map((p) => ({ ...p.doc, statements: p.doc.statements.filter((x) => x !== st) }));
  const ctx = new RequestContext({});
  for (const [k, v] of Object.entries(witness.context)) ctx.set(k, v);
  const info = callerOf(witness.principal);
  for (const [k, v] of Object.entries(derivedContext(graph, info, info.text, accountOfArn(witness.resource)))) if (typeof v === 'string' || Array.isArray(v)) ctx.set(k, v);
  if (evaluatePolicies(docs, { principal: info, action: witness.action, resource: witness.resource, context: ctx }).decision === 'allow') return omit('another statement allows the request the dead statement is meant for');
  const same = info.account !== undefined && info.account === (targetOfPolicy(graph, policy)?.account ?? policy.holder.account);
  if (policy.kind === 'resource' && same) return omit("in the resource's own account, the caller's identity policies can allow the request without the resource policy");
  const side: FailingSide = policy.kind === 'trust' ? 'trust' : policy.kind === 'key' ? 'key' : 'resource';
  return asDenied(witness, { decision: 'implicit-deny', side, address: policy.holder.address, rootDir: policy.holder.rootDir, path: statementPath(policy, st), file: st.range.file, line: st.range.start.line, text: `${statementPath(policy, st)} of ${policy.holder.address} never applies: ${dead.why}` });
}

/** The same request, now the one that fails. */
function asDenied(w: Witness, denial: WitnessDenial): WitnessResult {
  const base: Omit<Witness, 'summary'> = { ...w, expect: 'denied', denial };
  delete (base as Partial<Witness>).summary;
  return { witness: { ...base, summary: summaryOf(base) } };
}


/**
 * The subject of a sharing finding (TFXA110/111): the statement check-access reads the sharing
 * attribute's entry as, naming the snapshot or image by its ARN.
 */
export function sharingSubject(s: SharedData, entry: ShareEntry): WitnessSubject {
  if (!s.arn) return { kind: 'omitted', why: `the ARN of ${sharedLabel(s)} is not known statically` };
  // an organization or unit share admits the accounts of that organization: which they are is not in the scan
  if (entry.grantee.kind === 'organization' || entry.grantee.kind === 'organizational-unit') return { kind: 'omitted', why: `${entry.path} shares with an organization whose accounts the scanned configuration does not list` };
  const policy = sharingPolicy(s);
  const statement = policy.doc.statements.find((st) => st.path === entry.path && st.range === entry.range);
  if (!statement || !statement.principal?.entries[0]) return { kind: 'omitted', why: `${entry.path} is not a grant check-access reads` };
  const withResource: Statement = { ...statement, resource: { items: [s.arn], range: statement.range, path: statement.path } };
  return { kind: 'statement', policy: { ...policy, doc: { ...policy.doc, statements: [withResource] } }, statement: withResource, entry: statement.principal.entries[0] };
}
