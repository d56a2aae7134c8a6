/**
 * Transitive reach: from an account (every principal in it) or one principal, which roles can
 * be assumed through chains of role assumption (role chaining), and which resources their
 * resource or key policies then open. Each step needs both sides: the target's trust policy
 * must admit the caller, and, across accounts or when the trust names a whole account, the
 * caller's own identity policies must allow sts:AssumeRole (checked when the caller is defined
 * in the scanned configuration). Organization guardrails count too: a step that an SCP of the
 * caller's account or an RCP of the target's account denies is not taken, and one they may deny
 * is undecided. Each role is reached once, by the shortest chain found. Snapshots and images
 * shared by an attribute are reached from the accounts they name (and from anyone when they are
 * public).
 */
import type { Range } from '../hcl/ast';
import type { Tri } from '../iam/conditions';
import { evaluateCondition, evaluateConditions, evaluatePolicies, type StatementMatch } from '../iam/evaluate';
import { classifyAwsPrincipal, isAccountId, type PrincipalInfo } from '../iam/principals';
import type { Statement } from '../iam/policy';
import type { PolicyRef } from '../iam/sources';
import { attributeRange, stringAttr, type ResourceInstance } from '../terraform/instance';
import type { Graph } from './graph';
import type { IdentityNode } from './identities';
import { guardrailVerdict, type GuardrailVerdict } from './guardrails';
import { crossAccountContext, identityAllows, orgIdOf } from './permissions';
import { sharedData, sharedNodeId, type ShareEntry, type SharedData } from './sharing';
import { statementPath } from './queries';
import type { MapNode, TrustMap } from './trust-map';
import { appendTo } from '../collections';

export interface PathStep {
  /** Map node ids of the caller and of what it reaches. */
  from: string;
  to: string;
  kind: 'can-assume' | 'granted' | 'shares-with';
  /** `yes` when both sides are known to allow, `unknown` when one depends on what is not known statically. */
  decision: 'yes' | 'unknown';
  /** What leaves the step undecided, when it is. */
  why?: string;
  /** The statement that admits the caller. */
  address: string;
  rootDir: string;
  path: string;
  range: Range;
  actions: string[];
}

export interface Reached {
  node: string;
  kind: 'role' | 'resource';
  decision: 'yes' | 'unknown';
  chain: PathStep[];
}

export interface PathsResult {
  start: { text: string; account?: string; node?: string };
  reached: Reached[];
}

const MAX_DEPTH = 20;

interface Caller {
  info: PrincipalInfo;
  node: string;
  /** The caller's identity in the configuration, when defined there. */
  identity?: IdentityNode;
  /** Stands for every principal of its account (the account itself). */
  wholeAccount: boolean;
  chain: PathStep[];
}

function worst(a: 'yes' | 'unknown', b: Tri): 'yes' | 'unknown' {
  return a === 'yes' && b === 'yes' ? 'yes' : 'unknown';
}

/** The first statement that admits the caller: a definite one if any. */
function deciding(matches: StatementMatch[]): Statement | undefined {
  const allows = matches.filter((m) => m.effect === 'Allow');
  return (allows.find((m) => m.applies === 'yes') ?? allows[0])?.statement;
}

export function pathsFrom(graph: Graph, map: TrustMap, start: string): PathsResult {
  const nodeByAddress = new Map<string, MapNode>();
  for (const n of map.nodes) if (n.address && n.rootDir !== undefined) nodeByAddress.set(`${n.rootDir}:${n.address}`, n);
  const nodeOf = (r: ResourceInstance) => nodeByAddress.get(`${r.rootDir}:${r.address}`)?.id ?? `${r.rootDir}:${r.address}`;

  const starts: Caller[] = [];
  let startInfo: PrincipalInfo;
  let startAccount: string | undefined;
  if (isAccountId(start) || /^arn:[^:]+:iam::\d{12}:root$/.test(start)) {
    const account = isAccountId(start) ? start : start.split(':')[4];
    startAccount = account;
    startInfo = { kind: 'account', account, text: `arn:aws:iam::${account}:root` };
    starts.push({ info: startInfo, node: `account:${account}`, wholeAccount: true, chain: [] });
    // every principal of the account is in the caller's hands
    for (const n of graph.identities.nodes) {
      if (n.resource.account !== account || !n.arn) continue;
      starts.push({ info: classifyAwsPrincipal(n.arn), node: nodeOf(n.resource), identity: n, wholeAccount: false, chain: [] });
    }
  } else {
    startInfo = classifyAwsPrincipal(start);
    const roleArn = startInfo.kind === 'assumed-role' && startInfo.name ? `arn:aws:iam::${startInfo.account}:role/${startInfo.name}` : start;
    const identity = graph.identities.forPrincipal(startInfo);
    starts.push({ info: startInfo, node: identity ? nodeOf(identity.resource) : map.nodes.find((n) => n.arn === roleArn)?.id ?? `principal:${roleArn}`, ...(identity ? { identity } : {}), wholeAccount: false, chain: [] });
  }

  // trusts indexed by the accounts their principals name; wildcard or unknown principals go everywhere
  const byAccount = new Map<string, { role: ResourceInstance; trust: PolicyRef }[]>();
  const everywhere: { role: ResourceInstance; trust: PolicyRef }[] = [];
  for (const { role, trust } of graph.roles) {
    if (!trust) continue;
    const accounts = new Set<string>();
    let wide = trust.doc.unknown !== undefined;
    for (const st of trust.doc.statements) {
      if (st.notPrincipal || st.unknown || !st.principal || st.principal.unknown) wide = true;
      for (const e of st.principal?.entries ?? []) {
        const info = graph.principal(e);
        if (info.account) accounts.add(info.account);
        else wide = true;
      }
    }
    if (wide) everywhere.push({ role, trust });
    for (const a of accounts) appendTo(byAccount, a, { role, trust });
  }

  const grants = grantIndex(graph, policyTargets(graph), startAccount);
  const shares = shareTargets(graph);
  const shared = sharingIndex(graph, startAccount);
  const reachedRoles = new Map<ResourceInstance, Reached>();
  const reachedResources = new Map<string, Reached>();
  const startIdentities = new Set(starts.flatMap((s) => (s.identity ? [s.identity.resource] : [])));
  let frontier = starts;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: Caller[] = [];
    for (const caller of frontier) {
      const decisionSoFar = caller.chain.length === 0 ? 'yes' : caller.chain[caller.chain.length - 1].decision;
      for (const { role, trust } of [...(caller.info.account ? byAccount.get(caller.info.account) ?? [] : []), ...everywhere]) {
        if (reachedRoles.has(role) || startIdentities.has(role)) continue;
        const step = assumeStep(graph, caller, role, trust);
        if (!step) continue;
        const s: PathStep = { ...step, from: caller.node, to: nodeOf(role) };
        const chain = [...caller.chain, s];
        const decision = worst(decisionSoFar, s.decision === 'yes' ? 'yes' : 'unknown');
        reachedRoles.set(role, { node: s.to, kind: 'role', decision, chain });
        const identity = graph.identities.of(role);
        const arn = stringAttr(role, 'arn');
        const info: PrincipalInfo = arn ? classifyAwsPrincipal(arn) : { kind: 'role', ...(role.account ? { account: role.account } : {}), text: role.address };
        next.push({ info, node: s.to, ...(identity ? { identity } : {}), wholeAccount: false, chain: chain.map((c, i) => (i === chain.length - 1 ? { ...c, decision } : c)) });
      }
      const steps = resourceSteps(graph, caller, grants, nodeOf);
      // RAM shares with the caller's account
      for (const sh of shares) {
        if (sh.account !== caller.info.account) continue;
        for (const r of sh.resources) {
          if (startAccount && r.account === startAccount) continue;
          const why = caller.wholeAccount ? undefined : `whether ${caller.node} may use what is shared with its account depends on its own policies`;
          steps.push({ from: caller.node, to: nodeOf(r), kind: 'shares-with', decision: why ? 'unknown' : 'yes', ...(why ? { why } : {}), address: sh.association.address, rootDir: sh.association.rootDir, path: 'principal', range: attributeRange(sh.association, 'principal'), actions: [`shared by ${sh.share.address}`] });
        }
      }
      // snapshots and images shared with the caller's account, its organization, or anyone
      steps.push(...shared.steps(caller, decisionSoFar));
      for (const grant of steps) {
        const key = grant.to;
        const decision = worst(decisionSoFar, grant.decision === 'yes' ? 'yes' : 'unknown');
        const prev = reachedResources.get(key);
        if (prev && (prev.decision === 'yes' || decision === 'unknown')) continue;
        reachedResources.set(key, { node: key, kind: 'resource', decision, chain: [...caller.chain, grant] });
      }
    }
    frontier = next;
  }
  const reached = [...reachedRoles.values(), ...reachedResources.values()].sort((a, b) => a.chain.length - b.chain.length || a.node.localeCompare(b.node));
  return { start: { text: start, ...(startInfo.account ? { account: startInfo.account } : {}), node: starts[0].node }, reached };
}

interface ShareTarget {
  s: SharedData;
  entry: ShareEntry;
  /** Set when the entry does not decide on its own (an organizational unit: its members are not known). */
  why?: string;
}

/**
 * Snapshots and images shared by an attribute, by who they are shared with: an account, an
 * organization (its units count as maybe), or anyone. Like a RAM share, a principal that is not
 * the whole account may use what is shared with its account only as far as its own policies
 * allow. The targets of one account (or organization, or anyone) are stepped to at most twice
 * (the first caller, and the first one that can make them reachable for certain), so the walk
 * stays linear.
 */
function sharingIndex(graph: Graph, startAccount: string | undefined) {
  const byKey = new Map<string, ShareTarget[]>();
  for (const s of sharedData(graph)) {
    if (startAccount && s.account === startAccount) continue;
    for (const entry of s.entries) {
      const g = entry.grantee;
      if (g.kind === 'anyone') appendTo(byKey, 'anyone', { s, entry });
      else if (g.kind === 'account') appendTo(byKey, `account:${g.account}`, { s, entry });
      else if ((g.kind === 'organization' || g.kind === 'organizational-unit') && g.org) {
        const why = g.kind === 'organizational-unit' ? `whether the account is in organizational unit ${g.ou ?? '(not known statically)'} is not known` : undefined;
        appendTo(byKey, `org:${g.org}`, { s, entry, ...(why ? { why } : {}) });
      }
    }
  }
  const done = new Map<string, 'yes' | 'unknown'>();
  return {
    steps(caller: Caller, soFar: 'yes' | 'unknown'): PathStep[] {
      const account = caller.info.account;
      const org = account ? orgIdOf(graph, account) : undefined;
      const keys = ['anyone', ...(account ? [`account:${account}`] : []), ...(typeof org === 'string' ? [`org:${org}`] : [])];
      const certain = soFar === 'yes' && caller.wholeAccount ? 'yes' : 'unknown';
      const out: PathStep[] = [];
      for (const key of keys) {
        const prev = done.get(key);
        if (prev === 'yes' || prev === certain) continue;
        done.set(key, certain);
        for (const t of byKey.get(key) ?? []) {
          const why = t.why ?? (caller.wholeAccount ? undefined : `whether ${caller.node} may use what is shared with its account depends on its own policies`);
          out.push({
            from: caller.node,
            to: sharedNodeId(t.s),
            kind: 'shares-with',
            decision: why ? 'unknown' : 'yes',
            ...(why ? { why } : {}),
            address: t.s.holder.address,
            rootDir: t.s.holder.rootDir,
            path: t.entry.path,
            range: t.entry.range,
            actions: [`${t.s.spec.label} (${t.s.holder.address})`],
          });
        }
      }
      return out;
    },
  };
}

/** Whether the caller may assume the role: its trust, and its own permission when that is needed. */
function assumeStep(graph: Graph, caller: Caller, role: ResourceInstance, trust: PolicyRef): Omit<PathStep, 'from' | 'to'> | undefined {
  const arn = stringAttr(role, 'arn');
  const context = crossAccountContext(graph, caller.info.account ?? '', role.account, caller.info.text);
  const { decision, matches } = evaluatePolicies([trust.doc], { principal: caller.info, action: 'sts:AssumeRole', resource: arn ?? '*', context });
  if (decision === 'implicit-deny' || decision === 'explicit-deny') return undefined;
  const st = deciding(matches);
  if (!st) return undefined;
  const open = st.conditions.filter((c) => evaluateCondition(c, context) === 'unknown').map((c) => c.key);
  let why =
    decision === 'unknown'
      ? open.length > 0
        ? `the trust of ${role.address} admits the caller only if ${open.join(' and ')} match, which is not known statically`
        : `whether the trust of ${role.address} admits the caller is not known statically`
      : undefined;
  const cross = !caller.info.account || !role.account || caller.info.account !== role.account;
  const namedExactly = st.principal?.entries.some((e) => {
    const info = graph.principal(e);
    return info.kind !== 'account' && info.kind !== 'anyone' && info.text === caller.info.text;
  });
  let identityNeeded: Tri = cross || !namedExactly ? 'yes' : 'no';
  if (caller.wholeAccount) identityNeeded = 'no'; // the account's administrators can grant themselves the permission
  if (identityNeeded === 'yes') {
    if (caller.identity) {
      const id = identityAllows(caller.identity, 'sts:AssumeRole', arn ?? '*');
      if (id.decision === 'implicit-deny' || id.decision === 'explicit-deny') return undefined;
      if (id.decision === 'unknown') why = why ?? `whether ${caller.identity.resource.address} may call sts:AssumeRole is not known statically${id.why ? ` (${id.why})` : ''}`;
    } else {
      why = why ?? `the caller's own policies are not in the scanned configuration`;
    }
  }
  const guard = guarded(graph, caller, 'sts:AssumeRole', arn, role.account, context);
  if (guard.decision === 'explicit-deny' || guard.decision === 'implicit-deny') return undefined;
  if (guard.decision === 'unknown') why = why ?? guardWhy(guard);
  return { kind: 'can-assume', decision: why ? 'unknown' : 'yes', ...(why ? { why } : {}), address: trust.holder.address, rootDir: trust.holder.rootDir, path: statementPath(trust, st), range: st.range, actions: ['sts:AssumeRole'] };
}

/** The guardrails on one step: SCPs of the caller's account, RCPs of the target's. */
function guarded(graph: Graph, caller: Caller, action: string, resource: string | undefined, resourceAccount: string | undefined, context: ReturnType<typeof crossAccountContext>): GuardrailVerdict {
  return guardrailVerdict(graph, {
    principal: caller.info,
    ...(caller.info.account ? { principalAccount: caller.info.account } : {}),
    action,
    ...(resource ? { resource } : {}),
    ...(resourceAccount ? { resourceAccount } : {}),
    context,
  });
}

function guardWhy(g: GuardrailVerdict): string {
  return `an organization guardrail may block it (${g.reasons[0] ?? 'its conditions are not known statically'})`;
}

/** Resources whose resource or key policy admits the caller, with the actions of the admitting statement. */
interface Target {
  target: ResourceInstance;
  policies: PolicyRef[];
}

/** Resources with resource or key policies: buckets, keys, queues, topics, secrets, functions and the rest. */
function policyTargets(graph: Graph): Target[] {
  return [
    ...graph.buckets.map((b) => ({ target: b.bucket, policies: b.policies })),
    ...graph.keys.map((k) => ({ target: k.key, policies: k.policies })),
    ...graph.shared.map((s) => ({ target: s.resource, policies: s.policies })),
    ...[...graph.otherResourcePolicies()].map(([target, policies]) => ({ target, policies })),
  ];
}

/** RAM shares by the account ids they name, with the resources they share. */
function shareTargets(graph: Graph): { share: ResourceInstance; association: ResourceInstance; account: string; resources: ResourceInstance[] }[] {
  const out: { share: ResourceInstance; association: ResourceInstance; account: string; resources: ResourceInstance[] }[] = [];
  for (const { share, principals, resources } of graph.ramShares()) {
    const shared = resources.flatMap((r) => (r.resource ? [r.resource] : []));
    for (const a of principals) {
      const p = a.attrs.m.get('principal');
      const account = p?.t === 's' ? (isAccountId(p.v) ? p.v : /^arn:[^:]+:iam::(\d{12}):/.exec(p.v)?.[1]) : undefined;
      if (account) out.push({ share, association: a, account, resources: shared });
    }
  }
  return out;
}

interface GrantStatement {
  target: ResourceInstance;
  policy: PolicyRef;
  st: Statement;
}

/** Allow statements of resource policies, indexed by the accounts their principals name ("*" for anyone). */
function grantIndex(graph: Graph, targets: Target[], startAccount: string | undefined): Map<string, GrantStatement[]> {
  const index = new Map<string, GrantStatement[]>();
  for (const { target, policies } of targets) {
    // the start account's own resources are not reached: they are already its own
    if (startAccount && target.account === startAccount) continue;
    for (const policy of policies) {
      for (const st of policy.doc.statements) {
        if (st.effect !== 'Allow' || !st.principal) continue;
        const keys = new Set<string>();
        for (const e of st.principal.entries) {
          const info = graph.principal(e);
          if (info.kind === 'anyone') keys.add('*');
          else if (info.account) keys.add(info.account);
        }
        for (const k of keys) appendTo(index, k, { target, policy, st });
      }
    }
  }
  return index;
}

function resourceSteps(graph: Graph, caller: Caller, grants: Map<string, GrantStatement[]>, nodeOf: (r: ResourceInstance) => string): PathStep[] {
  const out: PathStep[] = [];
  const candidates = new Set([...(caller.info.account ? grants.get(caller.info.account) ?? [] : []), ...(grants.get('*') ?? [])]);
  for (const { target, policy: p, st } of candidates) {
    if (!st.principal) continue;
    let named = false;
    let viaAccount = false;
    for (const e of st.principal.entries) {
      const info = graph.principal(e);
      if (info.kind === 'anyone') named = true;
      else if (!info.account || !caller.info.account || info.account !== caller.info.account) continue;
      else if (info.kind === 'account') viaAccount = true;
      else if (caller.wholeAccount || info.text === caller.info.text || (info.kind === 'role' && caller.info.kind === 'assumed-role' && info.name === caller.info.name)) named = true;
    }
    if (!named && !viaAccount) continue;
    const context = crossAccountContext(graph, caller.info.account ?? '', target.account, caller.info.text);
    const conditions = evaluateConditions(st, context);
    if (conditions === 'no') continue;
    let actions = st.action ? st.action.items.map((a) => (typeof a === 'string' ? a : '…')) : ['(NotAction)'];
    let why = conditions === 'yes' && !st.principal.unknown ? undefined : `whether ${statementPath(p, st)} of ${p.holder.address} admits the caller is not known statically`;
    // organization guardrails: actions they deny are not reached, those they may deny are undecided
    const resourceArn = st.resource?.items.find((x): x is string => typeof x === 'string' && x.startsWith('arn:')) ?? stringAttr(target, 'arn');
    const literal = actions.filter((a) => a !== '…' && a !== '(NotAction)');
    const verdicts = literal.map((a) => ({ a, g: guarded(graph, caller, a, resourceArn, target.account, context) }));
    const blocked = new Set(verdicts.filter((v) => v.g.decision === 'explicit-deny' || v.g.decision === 'implicit-deny').map((v) => v.a));
    if (literal.length > 0 && blocked.size === literal.length) continue;
    actions = actions.filter((a) => !blocked.has(a));
    const undecided = verdicts.find((v) => v.g.decision === 'unknown');
    if (undecided) why = why ?? guardWhy(undecided.g);
    // across accounts, or through the account root, the caller's own IAM must allow it too
    const cross = !caller.info.account || !target.account || caller.info.account !== target.account;
    if ((cross || !named) && !caller.wholeAccount) {
      if (caller.identity) {
        // the resource as the statement writes it (objects of a bucket: arn:aws:s3:::b/*)
        const arn = st.resource?.items.find((x): x is string => typeof x === 'string') ?? stringAttr(target, 'arn') ?? '*';
        const decisions = actions.filter((a) => a !== '…' && a !== '(NotAction)').map((a) => identityAllows(caller.identity!, a, arn));
        if (decisions.length > 0 && decisions.every((d) => d.decision === 'implicit-deny' || d.decision === 'explicit-deny')) continue;
        if (!decisions.some((d) => d.decision === 'allow')) why = why ?? `whether ${caller.identity.resource.address} may use these actions is not known statically`;
      } else {
        why = why ?? "the caller's own policies are not in the scanned configuration";
      }
    }
    out.push({
      from: caller.node,
      to: nodeOf(target),
      kind: 'granted',
      decision: why ? 'unknown' : 'yes',
      ...(why ? { why } : {}),
      address: p.holder.address,
      rootDir: p.holder.rootDir,
      path: statementPath(p, st),
      range: st.range,
      actions,
    });
  }
  return out;
}
