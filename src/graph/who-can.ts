/**
 * who-can: every principal that can reach one resource, and how. Starting from the resource's own
 * policy (a role's trust, a key's policy and grants, a bucket's, queue's or function's resource
 * policy, a RAM share), each principal it admits is an entry; a whole account stands for its
 * principals, and those the configuration defines are listed with the identity policy that lets
 * them; roles are followed backwards through their trusts (role chaining), so a vendor that
 * reaches a bucket through two roles is an entry with both steps. Each role assumption on the way
 * meets the organization guardrails (the SCPs of the account that makes it, the RCPs of the role's
 * account), and the final request the key that encrypts the resource and the guardrails of its
 * caller and resource: a principal a key or a guardrail stops is listed as blocked, with the
 * statement that stops it (and the step, when it is a role assumption). Entries are grouped:
 * anyone, other accounts, the organization, the same account, services, federated identities, and
 * unknown (the configuration does not decide, with the reason).
 */
import type { Range } from '../hcl/ast';
import { analyzeConditions } from '../iam/conditions';
import { evaluatePolicies, maybeText, RequestContext, type StatementMatch } from '../iam/evaluate';
import { expandAction } from '../iam/catalog';
import type { PrincipalEntry, Statement } from '../iam/policy';
import { classifyAwsPrincipal, classifyPrincipal, principalCovers, type PrincipalInfo, type PrincipalKind } from '../iam/principals';
import { isDeadAllow } from '../iam/satisfiable';
import type { PolicyRef } from '../iam/sources';
import { coversAction, coversResource } from '../iam/statements';
import { hasWildcard } from '../iam/wildcard';
import { attributeRange, stringAttr, type ResourceInstance } from '../terraform/instance';
import type { EvidenceSource } from './access';
import type { Graph, KeyNode } from './graph';
import type { IdentityNode } from './identities';
import type { OrgPolicyNode } from './organization';
import { crossAccountContext, identityAllows } from './permissions';
import { statementPath } from './queries';
import { associationAccount, associationOrganization, RAM_SHARED_ACTIONS } from './ram';
import { arnOf, policiesOfTarget } from './targets';
import { policyStatementText } from './trust-map';

export type WhoCanGroup = 'anyone' | 'other-accounts' | 'organization' | 'same-account' | 'services' | 'federated' | 'unknown';

export const GROUP_ORDER: WhoCanGroup[] = ['anyone', 'other-accounts', 'organization', 'same-account', 'services', 'federated', 'unknown'];

/** One statement (or grant, or share) on the way from a principal to the resource. */
export interface ChainStep {
  source: EvidenceSource;
  effect: 'Allow' | 'Deny';
  address: string;
  rootDir: string;
  path: string;
  range: Range;
  text: string;
}

export interface WhoCanEntry {
  group: WhoCanGroup;
  /** The principal: an ARN, an account root, `*`, a service or an identity provider. */
  principal: string;
  kind: PrincipalKind;
  account?: string;
  /** Where the principal is defined, when it is. */
  address?: string;
  rootDir?: string;
  /** What it can do on the resource. */
  actions: string[];
  /** Conditions that bind along the way (ExternalId, PrincipalOrgID…), with their values. */
  conditions: string[];
  /** `unknown`: whether it can depends on what is not known statically (see `why`). */
  decision: 'yes' | 'unknown';
  why?: string;
  /** Roles assumed on the way, first to last (role chaining). */
  via: string[];
  /** The statements that let it through: trust, identity, resource, key, in that order. */
  chain: ChainStep[];
}

/** One role assumption on the way: who calls sts:AssumeRole (or its web identity or SAML form) on which role. */
export interface Hop {
  principal: string;
  action: string;
  /** The role assumed: its address, root module and ARN. */
  role: string;
  rootDir: string;
  arn?: string;
}

export interface BlockedEntry extends WhoCanEntry {
  /** What stops it: a Deny of a guardrail, or a key that grants it nothing; `hop` when it stops a role assumption on the way. */
  blockedBy: { source: EvidenceSource; text: string; step?: ChainStep; hop?: Hop };
}

export interface WhoCanResult {
  resource: { address: string; rootDir: string; type: string; arn?: string; account?: string };
  action?: string;
  entries: WhoCanEntry[];
  blocked: BlockedEntry[];
}

const MAX_DEPTH = 8;
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** A principal a policy lets through, before it is followed further. */
interface Grant {
  info: PrincipalInfo;
  entryText: string;
  /** What it can do on the resource in the end. */
  actions: string[];
  /** What its own IAM must allow for the step it takes (the resource's actions, or sts:AssumeRole on the next role). */
  stepActions?: string[];
  /** Who makes the request on the resource: the principal itself, or the last role of its chain. */
  caller?: PrincipalInfo;
  /** The binding conditions of the statement that admits this principal (the others are later steps'). */
  admitConditions?: string[];
  conditions: string[];
  unknown?: string;
  chain: ChainStep[];
  via: string[];
  /** The roles of `via`, first to last: each is assumed by the one before (the first by the principal). */
  hops?: IdentityNode[];
  /** The principal is a whole account (its root): its own IAM must allow too. */
  wholeAccount: boolean;
  identity?: IdentityNode;
}

function stepOf(source: EvidenceSource, p: PolicyRef, st: Statement): ChainStep {
  return { source, effect: st.effect === 'Deny' ? 'Deny' : 'Allow', address: p.holder.address, rootDir: p.holder.rootDir, path: statementPath(p, st), range: st.range, text: policyStatementText(p, st) };
}

/** Binding conditions as they read, with the policy that sets them: `sts:ExternalId StringEquals vendor-7f3a (aws_iam_role.vendor)`. */
function bindingConditions(st: Statement, holder: ResourceInstance): string[] {
  return analyzeConditions(st).binding.map((c) => `${c.key} ${c.operator} ${c.values.map(maybeText).join(' | ')} (${holder.address})`);
}

function actionsOf(st: Statement): string[] {
  if (st.action) return st.action.items.map(maybeText);
  if (st.notAction) return [`everything except ${st.notAction.items.map(maybeText).join(', ')}`];
  return [];
}

/** Actions of a statement that match the one asked for (all of them when none is). */
function matchingActions(st: Statement, action: string | undefined, trust: boolean): { actions: string[]; undecided: boolean } | undefined {
  if (action) {
    const c = coversAction(st, action);
    return c === 'no' ? undefined : { actions: [action], undecided: c === 'unknown' };
  }
  if (trust) {
    const covered = ASSUME_ACTIONS.filter((a) => coversAction(st, a) === 'yes');
    return covered.length > 0 ? { actions: covered, undecided: false } : coversAction(st, 'sts:AssumeRole') === 'unknown' ? { actions: actionsOf(st), undecided: true } : undefined;
  }
  return { actions: actionsOf(st), undecided: false };
}

/** Identities by the account they are in (once per graph: the html graph asks for every node). */
const identitiesByAccount = new WeakMap<Graph, Map<string, IdentityNode[]>>();

function byAccountOf(graph: Graph): Map<string, IdentityNode[]> {
  let index = identitiesByAccount.get(graph);
  if (!index) {
    index = new Map();
    for (const n of graph.identities.nodes) {
      const a = n.identityCenter?.account ?? n.resource.account;
      if (!a) continue;
      const l = index.get(a);
      if (l) l.push(n);
      else index.set(a, [n]);
    }
    identitiesByAccount.set(graph, index);
  }
  return index;
}

class Query {
  private readonly byAccount: Map<string, IdentityNode[]>;
  readonly blocked: BlockedEntry[] = [];

  constructor(
    readonly graph: Graph,
    readonly target: ResourceInstance,
  ) {
    this.byAccount = byAccountOf(graph);
  }

  /** Whether a statement applies to this resource (and for a bucket, to its objects). */
  coversTarget(st: Statement, arn: string | undefined): 'yes' | 'no' | 'unknown' {
    if (!arn) return st.resource?.items.every((r) => r === '*') || (!st.resource && !st.notResource) ? 'yes' : 'unknown';
    const a = coversResource(st, arn);
    if (a !== 'no') return a;
    return /^arn:[^:]+:s3:::[^/]+$/.test(arn) ? coversResource(st, `${arn}/any`) : 'no';
  }

  /** The principals a resource's policies (trust, key policy, resource policy, grants, shares) admit. */
  direct(target: ResourceInstance, arn: string | undefined, action: string | undefined): Grant[] {
    const t = policiesOfTarget(this.graph, target);
    const source: EvidenceSource = t.kind === 'role' ? 'trust' : t.kind === 'key' ? 'key' : 'resource';
    const out: Grant[] = [];
    for (const p of t.policies) {
      if (p.doc.unknown) {
        out.push(this.unknownGrant(`the policy of ${p.holder.address} is not known statically (${p.doc.unknown})`, [], [{ source, effect: 'Allow', address: p.holder.address, rootDir: p.holder.rootDir, path: p.attribute, range: p.attributeRange, text: '(not known statically)' }]));
        continue;
      }
      for (const st of p.doc.statements) {
        if (st.invalid || isDeadAllow(st)) continue;
        if (st.unknown) {
          out.push(this.unknownGrant(`${statementPath(p, st)} of ${p.holder.address} is not known statically (${st.unknown})`, [], [stepOf(source, p, st)]));
          continue;
        }
        if (st.effect !== 'Allow') continue;
        const acts = matchingActions(st, action, t.kind === 'role');
        if (!acts) continue;
        const covers = this.coversTarget(st, arn);
        if (covers === 'no') continue;
        const analysis = analyzeConditions(st);
        const undecided =
          acts.undecided || covers === 'unknown'
            ? 'whether the statement covers this action and resource is not known statically'
            : st.conditionsUnknown
              ? `its conditions are not known statically (${st.conditionsUnknown})`
              : analysis.undecided.length > 0
                ? `its condition on ${analysis.undecided.map((c) => c.key).join(', ')} is not known statically`
                : st.principal?.unknown
                  ? `its principal is not known statically (${st.principal.unknown})`
                  : undefined;
        const step = stepOf(source, p, st);
        const conditions = bindingConditions(st, p.holder);
        for (const e of st.principal?.entries ?? []) out.push(this.grantOf(e, acts.actions, conditions, undecided, step));
        if (st.notPrincipal) {
          const text = `* except ${st.notPrincipal.entries.map((e) => maybeText(e.value)).join(', ')}`;
          out.push({ info: { kind: 'anyone', text: '*' }, entryText: text, actions: acts.actions, conditions, ...(undecided ? { unknown: undecided } : {}), chain: [step], via: [], wholeAccount: false });
        }
        if (st.principal?.unknown && st.principal.entries.length === 0) out.push(this.unknownGrant(`the principal of ${statementPath(p, st)} is not known statically (${st.principal.unknown})`, acts.actions, [step]));
      }
    }
    if (t.key) out.push(...this.grants(t.key, action));
    out.push(...this.shares(target, action));
    return out;
  }

  grantOf(e: PrincipalEntry, actions: string[], conditions: string[], undecided: string | undefined, step: ChainStep): Grant {
    const info = this.graph.principal(e);
    const identity = info.kind === 'role' || info.kind === 'user' || info.kind === 'assumed-role' ? this.graph.identities.forPrincipal(info) : undefined;
    const unknown = undecided ?? (info.kind === 'unknown' || info.kind === 'invalid' ? `the principal is not known statically${info.why ? ` (${info.why})` : ''}` : info.sensitive ? 'the principal is a sensitive value' : undefined);
    const text = info.sensitive ? '(sensitive value)' : info.kind === 'account' && info.account ? `arn:aws:iam::${info.account}:root` : info.text;
    return { info, entryText: text, actions, conditions, ...(unknown ? { unknown } : {}), chain: [step], via: [], wholeAccount: info.kind === 'account', ...(identity ? { identity } : {}) };
  }

  unknownGrant(why: string, actions: string[], chain: ChainStep[]): Grant {
    return { info: { kind: 'unknown', text: '(not known statically)', why }, entryText: '(not known statically)', actions, conditions: [], unknown: why, chain, via: [], wholeAccount: false };
  }

  /** KMS grants of a key. */
  grants(key: KeyNode, action: string | undefined): Grant[] {
    const out: Grant[] = [];
    for (const g of key.grants) {
      const grantee = stringAttr(g, 'grantee_principal');
      const ops = g.attrs.m.get('operations');
      const operations = ops?.t === 'l' ? ops.items.map((o) => (o.t === 's' ? `kms:${o.v}` : 'kms:…')) : ['kms:…'];
      if (action && !operations.some((o) => o.toLowerCase() === action.toLowerCase() || o === 'kms:…')) continue;
      const step: ChainStep = { source: 'grant', effect: 'Allow', address: g.address, rootDir: g.rootDir, path: 'grantee_principal', range: attributeRange(g, 'grantee_principal'), text: `grant ${operations.join(', ')} to ${grantee ?? '(not known statically)'}` };
      if (!grantee) {
        out.push(this.unknownGrant(`the grantee of ${g.address} is not known statically`, operations, [step]));
        continue;
      }
      const info = classifyAwsPrincipal(grantee);
      const identity = this.graph.identities.forPrincipal(info);
      out.push({ info, entryText: grantee, actions: action ? [action] : operations, conditions: [], chain: [step], via: [], wholeAccount: info.kind === 'account', ...(identity ? { identity } : {}) });
    }
    return out;
  }

  /** RAM shares that hold the resource. */
  shares(target: ResourceInstance, action: string | undefined): Grant[] {
    const out: Grant[] = [];
    const shared = RAM_SHARED_ACTIONS[target.type];
    for (const s of this.graph.ramShares()) {
      if (!s.resources.some((r) => r.resource === target)) continue;
      const actions = action ? [action] : shared ?? [`what RAM shares ${target.type} for`];
      if (action && shared && !shared.some((a) => a.toLowerCase() === action.toLowerCase())) continue;
      for (const a of s.principals) {
        const step: ChainStep = { source: 'share', effect: 'Allow', address: a.address, rootDir: a.rootDir, path: 'principal', range: attributeRange(a, 'principal'), text: `${s.share.address} shares ${target.address} with ${stringAttr(a, 'principal') ?? '(not known statically)'}` };
        const account = associationAccount(a);
        const org = associationOrganization(a);
        if (account) out.push({ info: { kind: 'account', account, text: `arn:aws:iam::${account}:root` }, entryText: `arn:aws:iam::${account}:root`, actions, conditions: [], chain: [step], via: [], wholeAccount: true });
        else if (org) out.push({ info: { kind: 'anyone', text: '*' }, entryText: `${org.ou ? 'organizational unit' : 'organization'} ${stringAttr(a, 'principal')}`, actions, conditions: [`aws:PrincipalOrgID StringEquals ${org.org} (${a.address})`], chain: [step], via: [], wholeAccount: false });
        else out.push(this.unknownGrant(`the principal of ${a.address} is not known statically`, actions, [step]));
      }
    }
    return out;
  }

  /** The identity policy statement that lets an identity take the action on the resource, if one does. */
  identityStep(node: IdentityNode, action: string, arn: string): { decision: 'allow' | 'unknown' | 'deny'; step?: ChainStep; why?: string } {
    const id = identityAllows(node, action, requestArn(arn, action));
    if (id.decision === 'implicit-deny' || id.decision === 'explicit-deny') return { decision: 'deny' };
    const m = pick(id.matches);
    const p = m && node.policies.find((x) => x.doc.statements.includes(m.statement));
    const step = p && m ? stepOf('identity', p, m.statement) : undefined;
    if (id.decision === 'allow') return { decision: 'allow', ...(step ? { step } : {}) };
    return { decision: 'unknown', ...(step ? { step } : {}), why: `whether ${node.resource.address} may ${action} is not known statically${id.why ? ` (${id.why})` : ''}` };
  }

  /**
   * Identities of an account (defined in the configuration) whose own policies let them take one of
   * the actions on the resource: the members of a whole-account grant.
   */
  membersOf(account: string, actions: string[], arn: string): { node: IdentityNode; actions: string[]; step?: ChainStep; unknown?: string }[] {
    const out: { node: IdentityNode; actions: string[]; step?: ChainStep; unknown?: string }[] = [];
    const concrete = concreteActions(actions);
    for (const node of this.byAccount.get(account) ?? []) {
      if (!node.arn && !node.identityCenter) continue;
      const allowed: string[] = [];
      let step: ChainStep | undefined;
      let unknown: string | undefined;
      for (const a of concrete) {
        const r = this.identityStep(node, a, arn);
        if (r.decision === 'deny') continue;
        allowed.push(a);
        step ??= r.step;
        if (r.decision === 'unknown') unknown ??= r.why;
      }
      if (allowed.length > 0) out.push({ node, actions: allowed, ...(step ? { step } : {}), ...(unknown ? { unknown } : {}) });
    }
    return out;
  }
}

/** The ARN a request names: an object of a bucket for an object action. */
function requestArn(arn: string, action: string): string {
  return /^arn:[^:]+:s3:::[^/]+$/.test(arn) && /object|multipartupload|parts/i.test(action) ? `${arn}/any` : arn;
}

/** The first statement that lets a request through: a definite one if any. */
function pick(matches: StatementMatch[]): StatementMatch | undefined {
  const allows = matches.filter((m) => m.effect === 'Allow');
  return allows.find((m) => m.applies === 'yes') ?? allows[0];
}

/** Literal actions for checks: patterns expanded with the action catalog (bounded). */
function concreteActions(actions: string[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(a) && a !== '*') continue;
    if (a === '*') out.push('s3:GetObject', 'sts:AssumeRole');
    else if (hasWildcard(a)) out.push(...expandAction(a).slice(0, 50));
    else out.push(a);
  }
  return [...new Set(out)];
}

/** The key action a request on an encrypted resource needs: reads decrypt, writes generate a data key. */
function kmsActionFor(action: string): string | undefined {
  const a = action.toLowerCase();
  if (/^s3:(getobject|getobjectversion|putobject|restoreobject)$/.test(a) || /^s3:get\*|^s3:\*$|^\*$/.test(a)) return a.startsWith('s3:put') ? 'kms:GenerateDataKey' : 'kms:Decrypt';
  if (/^sqs:(receivemessage|\*)$/.test(a) || /^secretsmanager:(getsecretvalue|\*)$/.test(a) || /^kinesis:(getrecords|\*)$/.test(a) || /^dynamodb:(getitem|query|scan|\*)$/.test(a)) return 'kms:Decrypt';
  if (/^sqs:sendmessage$/.test(a) || /^sns:(publish|\*)$/.test(a) || /^kinesis:putrecords?$/.test(a) || /^dynamodb:putitem$/.test(a) || /^s3:put\*$/.test(a)) return 'kms:GenerateDataKey';
  return undefined;
}

/** The key that encrypts a resource, if it is a customer managed key in scope or an AWS managed one. */
function keyOf(graph: Graph, target: ResourceInstance): { key: KeyNode } | { managed: string } | undefined {
  const bucket = graph.buckets.find((b) => b.bucket === target);
  if (bucket?.encryption) {
    const alg = bucket.encryption.algorithm;
    if (alg?.t !== 's' || !alg.v.startsWith('aws:kms')) return undefined;
    const k = graph.resolveKey(bucket.encryption.keyId, bucket.encryption.source);
    return k.kind === 'customer' ? { key: k.key } : k.kind === 'aws-managed' ? { managed: k.alias } : undefined;
  }
  const shared = graph.shared.find((s) => s.resource === target);
  if (shared?.encryption?.keyId) {
    const k = graph.resolveKey(shared.encryption.keyId, shared.encryption.source);
    return k.kind === 'customer' ? { key: k.key } : k.kind === 'aws-managed' ? { managed: k.alias } : undefined;
  }
  return undefined;
}

/**
 * The key policy statement (or grant) that lets a principal use the key for an action: one that
 * names it first; one that names its account root delegates to its own IAM (`viaAccount`).
 */
function keyStep(key: KeyNode, info: PrincipalInfo, kmsAction: string): { decision: 'yes' | 'no' | 'unknown'; step?: ChainStep; viaAccount?: boolean } {
  if (key.policies.length === 0) {
    if (!key.key.account || !info.account) return { decision: 'unknown' };
    return { decision: key.key.account === info.account ? 'yes' : 'no', viaAccount: true };
  }
  let unknown = false;
  let throughAccount: ChainStep | undefined;
  for (const p of key.policies) {
    if (p.doc.unknown) unknown = true;
    for (const st of p.doc.statements) {
      if (st.effect !== 'Allow' || st.unknown || isDeadAllow(st)) {
        if (st.unknown) unknown = true;
        continue;
      }
      const act = coversAction(st, kmsAction);
      if (act === 'no') continue;
      for (const e of st.principal?.entries ?? []) {
        const granted = classifyPrincipal(e);
        let reach = principalCovers(granted, info);
        if (reach === false && info.kind === 'account' && granted.account === info.account) reach = true;
        // conditions of a key statement are the caller's to meet (an organization, a service): it reaches
        if (reach === true && act === 'yes') {
          if (granted.kind !== 'account' || info.kind === 'account') return { decision: 'yes', step: stepOf('key', p, st) };
          throughAccount ??= stepOf('key', p, st);
        } else if (reach !== false) unknown = true;
      }
    }
  }
  if (throughAccount) return { decision: 'yes', step: throughAccount, viaAccount: true };
  for (const g of key.grants) {
    const grantee = stringAttr(g, 'grantee_principal');
    const ops = g.attrs.m.get('operations');
    if (!grantee) {
      unknown = true;
      continue;
    }
    const reach = principalCovers(classifyAwsPrincipal(grantee), info);
    const opMatch = ops?.t === 'l' && ops.items.some((o) => o.t === 's' && kmsAction.toLowerCase().startsWith(`kms:${o.v.replace(/\*$/, '')}`.toLowerCase()));
    if (reach === true && opMatch) return { decision: 'yes', step: { source: 'grant', effect: 'Allow', address: g.address, rootDir: g.rootDir, path: 'grantee_principal', range: attributeRange(g, 'grantee_principal'), text: `grant to ${grantee}` } };
  }
  return { decision: unknown ? 'unknown' : 'no' };
}

/** The group an entry belongs to. */
function groupOf(graph: Graph, target: ResourceInstance, g: Grant): { group: WhoCanGroup; why?: string } {
  const k = g.info.kind;
  const conditions = g.admitConditions ?? g.conditions;
  if (k === 'unknown' || k === 'invalid' || g.info.sensitive) return { group: 'unknown' };
  if (k === 'service') return { group: 'services' };
  if (k === 'oidc' || k === 'saml' || k === 'web-identity') return { group: 'federated' };
  if (k === 'anyone') {
    const org = conditions.some((c) => /^aws:(principalorgid|principalorgpaths)\b/i.test(c));
    return { group: org ? 'organization' : 'anyone' };
  }
  const account = g.info.account;
  if (!account) return { group: 'unknown', why: `the account of ${g.info.text} is not known statically` };
  if (target.account === account) return { group: 'same-account' };
  if (!target.account) return { group: 'unknown', why: `the account of ${target.address} is not known statically, so whether ${account} is another account is not` };
  const internal = graph.isInternal(account, target) || conditions.some((c) => /^aws:(principalorgid|principalorgpaths)\b/i.test(c));
  return { group: internal ? 'organization' : 'other-accounts' };
}

/** The principals that can reach a resource, grouped, each with its chain of statements. */
export function whoCan(graph: Graph, target: ResourceInstance, action?: string): WhoCanResult {
  const a = arnOf(target);
  const arn = 'arn' in a ? a.arn : undefined;
  const q = new Query(graph, target);
  const entries: WhoCanEntry[] = [];
  const seen = new Set<string>();
  const visitedRoles = new Set<ResourceInstance>([target]);
  const key = keyOf(graph, target);

  const finish = (g: Grant) => {
    const { group, why } = groupOf(graph, target, g);
    let entry: WhoCanEntry = {
      group,
      principal: g.entryText,
      kind: g.info.kind,
      ...(g.info.account && !g.info.sensitive ? { account: g.info.account } : {}),
      ...(g.identity ? { address: g.identity.resource.address, rootDir: g.identity.resource.rootDir } : {}),
      actions: [...new Set(g.actions)],
      conditions: [...new Set(g.conditions)],
      decision: g.unknown || why ? 'unknown' : 'yes',
      ...(g.unknown || why ? { why: g.unknown ?? why } : {}),
      via: g.via,
      chain: g.chain,
    };
    const blocked = meet(graph, target, key, entry, g.caller ?? g.info, hopsOf(g));
    if ('blockedBy' in blocked) {
      q.blocked.push(blocked);
      return;
    }
    entry = blocked;
    const id = `${entry.group}\u0000${entry.principal}\u0000${entry.via.join('>')}`;
    if (seen.has(id)) return;
    seen.add(id);
    entries.push(entry);
  };

  /** Follows a grant: members of a whole account, and who can assume a role that is granted. */
  const follow = (g: Grant, depth: number, resourceArn: string | undefined) => {
    finish(g);
    if (depth >= MAX_DEPTH || g.unknown) return;
    if (g.wholeAccount && g.info.account && resourceArn) {
      for (const m of q.membersOf(g.info.account, g.stepActions ?? g.actions, resourceArn)) {
        const info = m.node.arn ? classifyAwsPrincipal(m.node.arn) : { kind: 'role' as const, text: m.node.resource.address, account: g.info.account };
        const direct = g.via.length === 0;
        follow(
          {
            info,
            entryText: m.node.arn ?? `${m.node.resource.address} (Identity Center)`,
            actions: direct ? m.actions : g.actions,
            ...(g.stepActions ? { stepActions: g.stepActions } : {}),
            ...(direct ? {} : { caller: g.caller ?? g.info }),
            conditions: g.conditions,
            ...(m.unknown ? { unknown: m.unknown } : {}),
            chain: [...(m.step ? [m.step] : []), ...g.chain],
            via: g.via,
            ...(g.hops ? { hops: g.hops } : {}),
            wholeAccount: false,
            identity: m.node,
          },
          depth + 1,
          resourceArn,
        );
      }
    }
    if (g.identity?.kind === 'role' && !visitedRoles.has(g.identity.resource)) {
      const role = g.identity;
      visitedRoles.add(role.resource);
      const roleArn = role.arn;
      // Identity Center: the identity-store user or group it is assigned to
      if (role.identityCenter) {
        const ic = role.identityCenter;
        const step: ChainStep = { source: 'trust', effect: 'Allow', address: role.resource.address, rootDir: role.resource.rootDir, path: 'principal_id', range: attributeRange(role.resource, 'principal_id'), text: `assigned permission set ${ic.permissionSet ?? '…'}` };
        // Identity Center signs its users in through its SAML provider
        finish({ info: { kind: 'saml', text: `Identity Center ${(ic.principalType ?? 'principal').toLowerCase()} ${ic.principalId ?? '…'}` }, caller: g.caller ?? g.info, entryText: `Identity Center ${(ic.principalType ?? 'principal').toLowerCase()} ${ic.principalId ?? '(not known statically)'}`, actions: g.actions, conditions: g.conditions, ...(ic.principalId ? {} : { unknown: 'the principal of the assignment is not known statically' }), chain: [step, ...g.chain], via: [role.resource.address, ...g.via], hops: [role, ...(g.hops ?? [])], wholeAccount: false, identity: role });
        return;
      }
      for (const assumer of q.direct(role.resource, roleArn, 'sts:AssumeRole')) {
        // the assumer's own permission, when the trust names its whole account or crosses accounts
        const cross = !assumer.info.account || assumer.info.account !== role.resource.account;
        let chain = [...assumer.chain, ...g.chain];
        let unknown = assumer.unknown;
        if (assumer.identity && roleArn && (cross || assumer.wholeAccount)) {
          const r = q.identityStep(assumer.identity, 'sts:AssumeRole', roleArn);
          if (r.decision === 'deny') continue;
          if (r.step) chain = [...assumer.chain, r.step, ...g.chain];
          if (r.decision === 'unknown') unknown ??= r.why;
        }
        const caller = g.caller ?? g.info;
        follow({ ...assumer, actions: g.actions, stepActions: ['sts:AssumeRole'], caller, admitConditions: assumer.conditions, conditions: [...assumer.conditions, ...g.conditions], ...(unknown ? { unknown } : {}), chain, via: [role.resource.address, ...g.via], hops: [role, ...(g.hops ?? [])] }, depth + 1, roleArn);
      }
    }
  };

  /**
   * A principal of another account named by the policy needs its own IAM too: the identity
   * statement joins its chain, and one its policies do not let through is blocked.
   */
  const ownPermission = (g: Grant, resourceArn: string | undefined, resourceAccount: string | undefined): Grant | undefined => {
    if (!g.identity || !resourceArn || g.unknown || g.chain[0]?.source === 'grant') return g;
    if (g.info.account && resourceAccount && g.info.account === resourceAccount) return g;
    const acts = concreteActions(g.stepActions ?? g.actions);
    let step: ChainStep | undefined;
    let unknown: string | undefined;
    const allowed = acts.filter((a) => {
      const r = q.identityStep(g.identity!, a, resourceArn);
      if (r.decision === 'deny') return false;
      step ??= r.step;
      if (r.decision === 'unknown') unknown ??= r.why;
      return true;
    });
    if (acts.length > 0 && allowed.length === 0) {
      const { group } = groupOf(graph, target, g);
      q.blocked.push({ group, principal: g.entryText, kind: g.info.kind, ...(g.info.account ? { account: g.info.account } : {}), address: g.identity.resource.address, rootDir: g.identity.resource.rootDir, actions: g.actions, conditions: g.conditions, decision: 'yes', via: g.via, chain: g.chain, blockedBy: { source: 'identity', text: `no identity policy of ${g.identity.resource.address} allows ${acts.join(', ')} on it` } });
      return undefined;
    }
    return { ...g, chain: step ? [step, ...g.chain] : g.chain, ...(unknown && !g.unknown ? { unknown } : {}) };
  };

  for (const g of q.direct(target, arn, action)) {
    const checked = ownPermission(g, arn, target.account);
    if (checked) follow(checked, 0, arn);
  }

  // in its own account, an identity policy alone reaches a resource that is neither a role nor a key
  const kind = policiesOfTarget(graph, target).kind;
  if (kind === 'other' && target.account && arn) {
    const acts = action ? [action] : concreteActions(typicalActions(arn));
    for (const m of q.membersOf(target.account, acts, arn)) {
      if (!m.step) continue;
      const info = m.node.arn ? classifyAwsPrincipal(m.node.arn) : { kind: 'role' as const, text: m.node.resource.address, account: target.account };
      follow({ info, entryText: m.node.arn ?? m.node.resource.address, actions: m.actions, conditions: [], ...(m.unknown ? { unknown: m.unknown } : {}), chain: [m.step], via: [], wholeAccount: false, identity: m.node }, 1, arn);
    }
  }

  const order = (e: WhoCanEntry) => GROUP_ORDER.indexOf(e.group);
  const sort = <T extends WhoCanEntry>(xs: T[]) => xs.sort((x, y) => order(x) - order(y) || x.principal.localeCompare(y.principal) || x.via.length - y.via.length || x.via.join().localeCompare(y.via.join()));
  return {
    resource: { address: target.address, rootDir: target.rootDir, type: target.type, ...(arn ? { arn } : {}), ...(target.account ? { account: target.account } : {}) },
    ...(action ? { action } : {}),
    entries: sort(entries),
    blocked: sort(dedupeBlocked(q.blocked)),
  };
}

/**
 * who-can of every node of a map that is a resource of the configuration (for the html graph's
 * panel), by node id.
 */
export function whoCanOfNodes(graph: Graph, nodes: { id: string; address?: string; rootDir?: string; external: boolean }[]): Map<string, WhoCanResult> {
  const byAddress = new Map<string, ResourceInstance>();
  for (const r of graph.resources) if (r.mode === 'managed') byAddress.set(`${r.rootDir}\u0000${r.address}`, r);
  const out = new Map<string, WhoCanResult>();
  for (const n of nodes) {
    if (n.external || n.address === undefined || n.rootDir === undefined) continue;
    const r = byAddress.get(`${n.rootDir}\u0000${n.address}`);
    if (r) out.set(n.id, whoCan(graph, r));
  }
  return out;
}

function dedupeBlocked(xs: BlockedEntry[]): BlockedEntry[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.principal}\u0000${x.via.join('>')}\u0000${x.blockedBy.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Actions a same-account identity policy is asked about when no action is given. */
function typicalActions(arn: string): string[] {
  const service = arn.split(':')[2];
  const typical: Record<string, string[]> = {
    s3: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
    sns: ['sns:Publish'],
    secretsmanager: ['secretsmanager:GetSecretValue'],
    lambda: ['lambda:InvokeFunction'],
    dynamodb: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    kinesis: ['kinesis:GetRecords', 'kinesis:PutRecord'],
  };
  return typical[service] ?? [`${service}:*`];
}

/** A role assumption of a chain, and the caller that makes it. */
interface HopCheck {
  caller: PrincipalInfo;
  role: IdentityNode;
  action: string;
}

/** The role assumptions of a grant's chain: the principal assumes the first role of `via`, each role the next. */
function hopsOf(g: Grant): HopCheck[] {
  const roles = g.hops ?? [];
  return roles.map((role, i) => {
    const caller = i === 0 ? g.info : roleInfo(roles[i - 1]);
    const k = caller.kind;
    const action = i === 0 && (k === 'oidc' || k === 'web-identity') ? 'sts:AssumeRoleWithWebIdentity' : i === 0 && k === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRole';
    return { caller, role, action };
  });
}

/** A role of the configuration as a caller. */
function roleInfo(n: IdentityNode): PrincipalInfo {
  const account = n.identityCenter?.account ?? n.resource.account;
  return n.arn ? classifyAwsPrincipal(n.arn) : { kind: 'role', text: n.resource.address, ...(account ? { account } : {}) };
}

const IAM_KINDS = ['account', 'role', 'user', 'assumed-role', 'federated-user'];

/** How a caller meets keys and guardrails: "anyone" as a principal of an account the configuration does not name. */
function probeOf(info: PrincipalInfo, resourceAccount: string | undefined): PrincipalInfo {
  return info.kind === 'anyone' ? classifyAwsPrincipal(`arn:aws:iam::${resourceAccount === '444455556666' ? '555566667777' : '444455556666'}:role/any`) : info;
}

/**
 * The organization guardrails one request meets (SCPs of the caller's account, for IAM callers;
 * RCPs of the resource's account): the actions no Deny stops for certain, the first Deny that
 * stops one, and a guardrail that may deny.
 */
function guardrailsOn(graph: Graph, info: PrincipalInfo, actions: string[], resourceArn: string, resourceAccount: string | undefined): { remaining: string[]; blocker?: { node: OrgPolicyNode; st: Statement }; mayBlock?: { node: OrgPolicyNode; action: string } } {
  const iam = IAM_KINDS.includes(info.kind);
  const probe = probeOf(info, resourceAccount);
  const unknown = 'the request context is not known statically';
  // a service says who it is, as check-access's request context does
  const context: RequestContext = probe.account
    ? crossAccountContext(graph, probe.account, resourceAccount, probe.kind === 'account' ? undefined : probe.text)
    : probe.kind === 'service'
      ? new RequestContext({ 'aws:PrincipalServiceName': probe.text, 'aws:PrincipalIsAWSService': 'true', ...(resourceAccount ? { 'aws:ResourceAccount': resourceAccount } : {}) }, unknown)
      : new RequestContext({}, unknown);
  let remaining = actions;
  let blocker: { node: OrgPolicyNode; st: Statement } | undefined;
  let mayBlock: { node: OrgPolicyNode; action: string } | undefined;
  for (const node of graph.orgPolicies) {
    const account = node.kind === 'scp' ? (iam ? probe.account : undefined) : resourceAccount;
    if (!account) continue;
    const applies = graph.organization.reach(node, account);
    if (applies === 'no') continue;
    const denies = node.policy.doc.statements.filter((s) => s.effect === 'Deny');
    remaining = remaining.filter((a) => {
      const { decision, matches } = evaluatePolicies([{ ...node.policy.doc, statements: denies }], { ...(node.kind === 'rcp' ? { principal: probe } : {}), action: a, resource: resourceArn, context });
      if (decision === 'explicit-deny' && applies === 'yes') {
        blocker ??= { node, st: matches.find((m) => m.effect === 'Deny' && m.applies === 'yes')!.statement };
        return false;
      }
      if (decision === 'explicit-deny' || decision === 'unknown') mayBlock ??= { node, action: a };
      return true;
    });
  }
  return { remaining, ...(blocker ? { blocker } : {}), ...(mayBlock ? { mayBlock } : {}) };
}

/**
 * The guardrails, key and guardrails again an entry meets on its way: each role assumption of its
 * chain meets the SCPs of the account that makes it and the RCPs of the role's account; the final
 * request meets the key that encrypts the resource and the guardrails of its caller and resource.
 * A key that grants it nothing, or a guardrail that denies a role assumption or every action it
 * has, blocks it (naming the step); one that may, makes it unknown.
 */
function meet(graph: Graph, target: ResourceInstance, key: ReturnType<typeof keyOf>, entry: WhoCanEntry, info: PrincipalInfo, hops: HopCheck[] = []): WhoCanEntry | BlockedEntry {
  for (const h of hops) {
    const roleAccount = h.role.identityCenter?.account ?? h.role.resource.account;
    const g = guardrailsOn(graph, h.caller, [h.action], h.role.arn ?? '*', roleAccount);
    const hop: Hop = { principal: h.caller.text, action: h.action, role: h.role.resource.address, rootDir: h.role.resource.rootDir, ...(h.role.arn ? { arn: h.role.arn } : {}) };
    const what = `${h.caller.text} ${h.action} on ${h.role.resource.address}, a step of the chain`;
    if (g.blocker) {
      const step = stepOf(g.blocker.node.kind, g.blocker.node.policy, g.blocker.st);
      return { ...entry, blockedBy: { source: g.blocker.node.kind, text: `${step.path} of ${step.address} (${g.blocker.node.kind.toUpperCase()}) denies ${what}`, step, hop } };
    }
    if (g.mayBlock && entry.decision === 'yes') entry = { ...entry, decision: 'unknown', why: `${g.mayBlock.node.policy.holder.address} (${g.mayBlock.node.kind.toUpperCase()}) may deny ${what}` };
  }
  const iam = IAM_KINDS.includes(info.kind);
  // "anyone" meets the key and guardrails as a principal of an account the configuration does not name
  const probe = probeOf(info, target.account);
  // the key that encrypts it
  if (key && (iam || info.kind === 'anyone')) {
    const kmsAction = entry.actions.map((a) => kmsActionFor(a)).find((x) => x !== undefined);
    if (kmsAction) {
      if ('managed' in key) {
        if (probe.account !== target.account) return { ...entry, blockedBy: { source: 'key', text: `${target.address} is encrypted with the AWS managed key ${key.managed}, which principals of other accounts cannot use` } };
      } else {
        const k = keyStep(key.key, probe, kmsAction);
        // through the account root, the caller's own IAM must allow the key too
        const identity = k.viaAccount && probe.kind !== 'account' ? graph.identities.forPrincipal(probe) : undefined;
        if (identity) {
          const keyArn = arnOf(key.key.key);
          const id = identityAllows(identity, kmsAction, 'arn' in keyArn ? keyArn.arn : '*');
          if (id.decision === 'implicit-deny' || id.decision === 'explicit-deny') return { ...entry, blockedBy: { source: 'key', text: `the policy of ${key.key.key.address} lets only its account's IAM grant ${kmsAction}, and no identity policy of ${identity.resource.address} does` } };
        }
        if (k.decision === 'no') return { ...entry, blockedBy: { source: 'key', text: `no statement of the policy of ${key.key.key.address} (nor a grant) lets it ${kmsAction}, which ${entry.actions.join(', ')} on ${target.address} needs` } };
        if (k.step) entry = { ...entry, chain: [...entry.chain, k.step] };
        else if (k.decision === 'unknown' && entry.decision === 'yes') entry = { ...entry, decision: 'unknown', why: `whether the policy of ${key.key.key.address} lets it ${kmsAction} is not known statically` };
      }
    }
  }
  // organization guardrails of the final request: SCPs of the caller's account, RCPs of the resource's
  const actions = concreteActions(entry.actions);
  if (actions.length === 0) return entry;
  const arnA = arnOf(target);
  const { remaining, blocker, mayBlock } = guardrailsOn(graph, info, actions, 'arn' in arnA ? arnA.arn : '*', target.account);
  if (remaining.length === 0 && blocker) {
    const step = stepOf(blocker.node.kind, blocker.node.policy, blocker.st);
    return { ...entry, blockedBy: { source: blocker.node.kind, text: `${step.path} of ${step.address} (${blocker.node.kind.toUpperCase()}) denies ${actions.join(', ')}`, step } };
  }
  if (blocker && remaining.length < actions.length && entry.actions.every((a) => !hasWildcard(a))) entry = { ...entry, actions: remaining };
  if (mayBlock && entry.decision === 'yes') entry = { ...entry, decision: 'unknown', why: `${mayBlock.node.policy.holder.address} (${mayBlock.node.kind.toUpperCase()}) may deny ${mayBlock.action}` };
  return entry;
}
