/**
 * The trust map: a picture of who can reach what across accounts. Accounts are groups; roles,
 * users, buckets, keys, queues, topics, secrets, functions, RAM shares, snapshots and images are
 * nodes; edges say "can assume" (a trust policy admits the principal), "granted" (a resource or
 * key policy, or a KMS grant, admits it), "encrypts with" and "shares with" (a RAM share, or a
 * sharing attribute of a snapshot or image), each labelled with the conditions that bind it. Principals a policy names but the configuration does not define are nodes too,
 * marked external. Built from the graph only: findings are attached later by the reports.
 */
import type { Range } from '../hcl/ast';
import { analyzeConditions } from '../iam/conditions';
import { isDeadAllow } from '../iam/satisfiable';
import type { PrincipalEntry, Statement } from '../iam/policy';
import { classifyAwsPrincipal, type PrincipalInfo } from '../iam/principals';
import { allowsAny, isAllow } from '../iam/statements';
import type { PolicyKind } from '../aws/resource-types';
import type { PolicyRef } from '../iam/sources';
import { maybeText } from '../iam/evaluate';
import { attributeRange, type ResourceInstance } from '../terraform/instance';
import type { Val } from '../terraform/value';
import type { Graph } from './graph';
import type { IdentityNode } from './identities';
import { listText, statementPath } from './queries';
import { sharedData, sharedNodeId, sharedNodeLabel, type ShareEntry } from './sharing';

export type MapNodeKind =
  | 'account'
  | 'role'
  | 'user'
  | 'bucket'
  | 'key'
  | 'queue'
  | 'topic'
  | 'secret'
  | 'function'
  | 'share'
  | 'snapshot'
  | 'image'
  | 'resource'
  | 'service'
  | 'identity-provider'
  | 'organization'
  | 'anyone'
  | 'unknown';

export type AccountKind = 'internal' | 'third-party' | 'external' | 'unknown' | 'aws' | 'world';

export interface MapAccount {
  /** 12-digit account id, or `unknown`, `aws` (AWS services) or `world` (anyone). */
  id: string;
  name?: string;
  kind: AccountKind;
  label: string;
}

export interface MapPolicy {
  kind: PolicyKind | 'grant' | 'share';
  /** Address of the resource that holds the policy. */
  address: string;
  rootDir: string;
  attribute: string;
  range: Range;
  /** One readable line per statement. */
  statements: string[];
}

export interface MapNode {
  id: string;
  kind: MapNodeKind;
  label: string;
  /** Account group the node sits in (a MapAccount id). */
  account: string;
  /** ARN or principal text, when known. */
  arn?: string;
  /** Resource address and root module, for nodes defined in the configuration. */
  address?: string;
  rootDir?: string;
  range?: Range;
  /** Not defined in the scanned configuration: only named by a policy. */
  external: boolean;
  /** Addresses whose findings belong to this node (the resource and its policy resources). */
  addresses: string[];
  policies: MapPolicy[];
}

export type MapEdgeKind = 'can-assume' | 'granted' | 'encrypts-with' | 'shares-with';

export interface MapEdge {
  id: string;
  kind: MapEdgeKind;
  from: string;
  to: string;
  /** Short label: the actions or operations, with the binding conditions. */
  label: string;
  actions: string[];
  /** Condition keys that bind (ExternalId, PrincipalOrgID, MFA…). */
  conditions: string[];
  /** Conditions that look binding but are not, with the reason. */
  apparent: string[];
  /** Some condition or principal could not be decided statically. */
  undecided: boolean;
  /** Where the edge is written: the holder's address, root module, the statement's path and range. */
  address: string;
  rootDir: string;
  path: string;
  range: Range;
}

export interface TrustMap {
  accounts: MapAccount[];
  nodes: MapNode[];
  edges: MapEdge[];
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

const KIND_OF_TYPE: Record<string, MapNodeKind> = {
  aws_iam_role: 'role',
  aws_iam_user: 'user',
  aws_s3_bucket: 'bucket',
  aws_kms_key: 'key',
  aws_sqs_queue: 'queue',
  aws_sns_topic: 'topic',
  aws_secretsmanager_secret: 'secret',
  aws_lambda_function: 'function',
  aws_ram_resource_share: 'share',
};

/** How a condition key reads on an edge: `sts:ExternalId` -> ExternalId, MFA keys -> MFA. */
export function conditionLabel(key: string): string {
  const k = key.toLowerCase();
  if (k.startsWith('aws:multifactorauth')) return 'MFA';
  const i = key.indexOf(':');
  if (i < 0) return key;
  const prefix = key.slice(0, i);
  // OIDC claims keep their claim name with the provider's host (token.actions…:sub -> sub)
  if (prefix.includes('.')) return key.slice(key.lastIndexOf(':') + 1);
  return key.slice(i + 1);
}

/** One readable line for a statement: effect, actions, principals, conditions. */
export function statementText(st: Statement, maxItems = Infinity): string {
  if (st.unknown) return `(not known statically: ${st.unknown})`;
  const effect = typeof st.effect === 'string' ? st.effect : maybeText(st.effect);
  const list = (items: string[] | undefined) => (items && items.length > 0 ? (items.length > maxItems ? `${items.slice(0, maxItems).join(', ')} and ${items.length - maxItems} more` : items.join(', ')) : undefined);
  const actions = st.action ? list(st.action.items.map(maybeText)) : st.notAction ? `everything except ${list(st.notAction.items.map(maybeText))}` : undefined;
  const principals = (block: Statement['principal']) => block && list(block.entries.map((e) => `${e.type === '*' ? '' : e.type + ' '}${e.sensitive ? '(sensitive value)' : maybeText(e.value)}`));
  const who = st.principal ? principals(st.principal) : st.notPrincipal ? `everyone except ${principals(st.notPrincipal)}` : undefined;
  const resources = st.resource ? list(st.resource.items.map(maybeText)) : st.notResource ? `everything except ${list(st.notResource.items.map(maybeText))}` : undefined;
  const conds = st.conditions.map((c) => `${c.operator} ${c.key} = ${c.values.map(maybeText).join(' | ')}`);
  const parts = [`${st.sid ? `[${st.sid}] ` : ''}${effect}`, actions ?? '(no action)'];
  if (who) parts.push(`to ${who}`);
  if (resources) parts.push(`on ${resources}`);
  if (conds.length > 0) parts.push(`when ${conds.join(' and ')}`);
  if (st.conditionsUnknown) parts.push(`(conditions not known: ${st.conditionsUnknown})`);
  return parts.join(' ');
}

/** Most actions or resources of an AWS managed policy's statement a text lists (ReadOnlyAccess has thousands). */
const MANAGED_ITEMS = 20;

/** A statement's text as evidence and the map show it: an AWS managed policy's is named and shortened. */
export function policyStatementText(p: PolicyRef, st: Statement): string {
  return p.awsManaged ? `(AWS managed policy ${p.awsManaged.name}) ${statementText(st, MANAGED_ITEMS)}` : statementText(st);
}

function mapPolicy(p: PolicyRef): MapPolicy {
  return { kind: p.kind, address: p.holder.address, rootDir: p.holder.rootDir, attribute: p.attribute, range: p.attributeRange, statements: p.doc.statements.map((st) => policyStatementText(p, st)) };
}

function str(v: Val | undefined): string | undefined {
  return v?.t === 's' ? v.v : v?.t === 'n' ? String(v.v).padStart(12, '0') : undefined;
}

/** A readable name for a resource: its name attribute, else its address. */
function resourceLabel(r: ResourceInstance, kind: MapNodeKind): string {
  const name = ({ bucket: 'bucket', role: 'name', user: 'name', queue: 'name', topic: 'name', secret: 'name', function: 'function_name', share: 'name' } as Record<string, string>)[kind];
  const v = name ? str(r.attrs.m.get(name)) : undefined;
  return v ? `${kind} ${v}` : r.address;
}

class Builder {
  readonly accounts = new Map<string, MapAccount>();
  readonly nodes = new Map<string, MapNode>();
  readonly edges: MapEdge[] = [];
  private readonly edgeIds = new Set<string>();
  private readonly nodeOfResource = new Map<ResourceInstance, MapNode>();

  constructor(readonly graph: Graph) {}

  account(id: string | undefined): string {
    const key = id ?? 'unknown';
    if (!this.accounts.has(key)) {
      const inv = this.graph.inventory;
      let acct: MapAccount;
      if (key === 'unknown') acct = { id: key, kind: 'unknown', label: 'account not known statically' };
      else if (key === 'aws') acct = { id: key, kind: 'aws', label: 'AWS services' };
      else if (key === 'world') acct = { id: key, kind: 'world', label: 'anyone' };
      else if (key.startsWith('org:')) {
        const org = key.slice(4);
        acct = org === inv.organizationId ? { id: key, kind: 'internal', label: `organization ${org}` } : { id: key, kind: 'external', label: `organization ${org} (not yours)` };
      }
      else if (inv.internal.has(key)) acct = { id: key, name: inv.internal.get(key), kind: 'internal', label: `${key} (${inv.internal.get(key)})` };
      else if (inv.thirdParties.has(key)) acct = { id: key, name: inv.thirdParties.get(key), kind: 'third-party', label: `${key} (${inv.thirdParties.get(key)}, third party)` };
      else if (this.graph.resources.some((r) => r.account === key)) acct = { id: key, kind: 'internal', label: key };
      else acct = { id: key, kind: 'external', label: `${key} (external)` };
      this.accounts.set(key, acct);
    }
    return key;
  }

  /** The node of a resource defined in the configuration. */
  resourceNode(r: ResourceInstance, kind = KIND_OF_TYPE[r.type] ?? 'resource'): MapNode {
    const existing = this.nodeOfResource.get(r);
    if (existing) return existing;
    const id = `${r.rootDir}:${r.address}`;
    const arn = str(r.attrs.m.get('arn'));
    const node: MapNode = {
      id,
      kind,
      label: resourceLabel(r, kind),
      account: this.account(r.account),
      ...(arn ? { arn } : {}),
      address: r.address,
      rootDir: r.rootDir,
      range: r.range,
      external: false,
      addresses: [r.address],
      policies: [],
    };
    this.nodes.set(id, node);
    this.nodeOfResource.set(r, node);
    return node;
  }

  /**
   * A node for something a policy names but the configuration does not define. Accounts,
   * organizations, services and "anyone" are not resources, so they are not marked external.
   */
  externalNode(id: string, kind: MapNodeKind, label: string, account: string | undefined, arn?: string, external = kind !== 'account' && kind !== 'anyone' && kind !== 'service' && kind !== 'organization'): MapNode {
    const existing = this.nodes.get(id);
    if (existing) return existing;
    const node: MapNode = { id, kind, label, account: this.account(account), ...(arn ? { arn } : {}), external, addresses: [], policies: [] };
    this.nodes.set(id, node);
    return node;
  }

  /** The node a principal denotes: a role or user of the configuration, or an external principal. */
  principalNode(entry: PrincipalEntry, info: PrincipalInfo): MapNode {
    if (info.sensitive) return this.externalNode('principal:sensitive', 'unknown', '(sensitive value)', undefined);
    switch (info.kind) {
      case 'anyone':
        return this.externalNode('anyone', 'anyone', entry.type === 'Service' ? 'any service' : 'anyone (*)', 'world');
      case 'account':
        return this.accountNode(info.account!);
      case 'role':
      case 'user':
      case 'assumed-role': {
        const known = this.graph.identities.forPrincipal(info);
        if (known) return this.resourceNode(known.resource);
        const arn = info.kind === 'assumed-role' && info.name ? `arn:aws:iam::${info.account}:role/${info.name}` : info.text;
        return this.externalNode(`principal:${arn}`, info.kind === 'user' ? 'user' : 'role', `${info.kind === 'user' ? 'user' : 'role'} ${info.name ?? arn}`, info.account, arn);
      }
      case 'service':
        return this.externalNode(`service:${info.text}`, 'service', info.text, 'aws');
      case 'oidc':
      case 'saml':
      case 'web-identity':
        return this.externalNode(`idp:${info.text}`, 'identity-provider', info.provider ?? info.text, info.account, info.text);
      default:
        return this.externalNode(`principal:${info.text}`, 'unknown', info.text, info.account);
    }
  }

  /** Every principal of an account (its root): `arn:aws:iam::<id>:root`. */
  accountNode(account: string): MapNode {
    return this.externalNode(`account:${account}`, 'account', `any principal of ${account}`, account, `arn:aws:iam::${account}:root`);
  }

  edge(e: Omit<MapEdge, 'id'>): void {
    const id = `${e.kind}:${e.from}->${e.to}:${e.rootDir}:${e.address}:${e.path}`;
    if (this.edgeIds.has(id)) return;
    this.edgeIds.add(id);
    this.edges.push({ id, ...e });
  }

  /** Edges from each principal an Allow statement admits to the target node. */
  statementEdges(kind: MapEdgeKind, policy: PolicyRef, st: Statement, target: MapNode, actions: string[]): void {
    if (isAllow(st) === 'no' || isDeadAllow(st)) return;
    const analysis = analyzeConditions(st);
    const conditions = [...new Set(analysis.binding.map((c) => conditionLabel(c.key)))];
    const apparent = analysis.apparent.map((a) => `${conditionLabel(a.condition.key)}: ${a.why}`);
    const undecided = analysis.undecided.length > 0 || !!st.conditionsUnknown || !!st.principal?.unknown || isAllow(st) === 'unknown';
    const entries = st.principal?.entries ?? [];
    const path = statementPath(policy, st);
    // on a trust, plain sts:AssumeRole goes without saying; other actions (web identity, SAML) do not
    const shown = kind === 'can-assume' ? actions.filter((a) => !/^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i.test(a)) : actions;
    const label = [listText(shown, 2), conditions.length > 0 ? `if ${conditions.join(', ')}` : ''].filter(Boolean).join(' ');
    for (const entry of entries) {
      const from = this.principalNode(entry, this.graph.principal(entry));
      this.edge({ kind, from: from.id, to: target.id, label, actions, conditions, apparent, undecided, address: policy.holder.address, rootDir: policy.holder.rootDir, path, range: entry.range });
    }
    if (st.notPrincipal) {
      const from = this.externalNode('anyone', 'anyone', 'anyone (*)', 'world');
      this.edge({ kind, from: from.id, to: target.id, label: `${label} (NotPrincipal)`, actions, conditions, apparent, undecided, address: policy.holder.address, rootDir: policy.holder.rootDir, path, range: st.notPrincipal.range });
    }
  }
}

function actionsOf(st: Statement): string[] {
  if (st.action) return st.action.items.map(maybeText);
  if (st.notAction) return [`NotAction ${st.notAction.items.map(maybeText).join(', ')}`];
  return [];
}

export function buildTrustMap(graph: Graph): TrustMap {
  const b = new Builder(graph);
  // identities first, so that principals naming them resolve to their nodes
  for (const n of graph.identities.nodes) {
    const node = b.resourceNode(n.resource, n.identityCenter ? 'role' : undefined);
    node.policies.push(...n.policies.map(mapPolicy));
    if (n.identityCenter) identityCenterRole(b, node, n);
  }
  for (const { role, trust } of graph.roles) {
    const node = b.resourceNode(role);
    if (!trust) continue;
    node.policies.unshift(mapPolicy(trust));
    for (const st of trust.doc.statements) {
      if (allowsAny(st, ASSUME_ACTIONS) === 'no') continue;
      b.statementEdges('can-assume', trust, st, node, actionsOf(st).filter((a) => /^sts:|^\*$|^sts:\*$/i.test(a)));
    }
  }
  const resourceEdges = (target: MapNode, policies: PolicyRef[]) => {
    for (const p of policies) {
      if (!target.addresses.includes(p.holder.address)) target.addresses.push(p.holder.address);
      target.policies.push(mapPolicy(p));
      for (const st of p.doc.statements) b.statementEdges('granted', p, st, target, actionsOf(st));
    }
  };
  const encryption = (node: MapNode, r: ResourceInstance, keyId: Val | undefined, range: Range, source: ResourceInstance, defaultManaged: boolean) => {
    if ((!keyId || keyId.t === 'null') && !defaultManaged) return;
    const res = graph.resolveKey(keyId, r);
    let key: MapNode;
    if (res.kind === 'customer') key = b.resourceNode(res.key.key);
    else if (res.kind === 'aws-managed') key = b.externalNode(`aws-managed:${r.account ?? 'unknown'}:${res.alias}`, 'key', `${res.alias} (AWS managed)`, r.account, undefined, false);
    else {
      const text = keyId?.t === 's' ? keyId.v : undefined;
      if (!text) return;
      const account = /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(text)?.[1];
      key = b.externalNode(`key:${text}`, 'key', `key ${text.replace(/^arn:[^:]+:kms:[^:]*:\d{12}:/, '')}`, account);
    }
    if (!node.addresses.includes(source.address)) node.addresses.push(source.address);
    b.edge({ kind: 'encrypts-with', from: node.id, to: key.id, label: 'encrypts with', actions: [], conditions: [], apparent: [], undecided: false, address: source.address, rootDir: source.rootDir, path: 'encryption', range });
  };
  for (const k of graph.keys) {
    const node = b.resourceNode(k.key);
    for (const a of k.aliases) node.addresses.push(a.address);
    const alias = k.aliases.map((a) => str(a.attrs.m.get('name'))).find((n) => n !== undefined);
    if (alias) node.label = `key ${alias}`;
    resourceEdges(node, k.policies);
    for (const g of k.grants) {
      node.addresses.push(g.address);
      const grantee = str(g.attrs.m.get('grantee_principal'));
      const ops = g.attrs.m.get('operations');
      const operations = ops?.t === 'l' ? ops.items.map((o) => (o.t === 's' ? o.v : '…')) : ['…'];
      node.policies.push({ kind: 'grant', address: g.address, rootDir: g.rootDir, attribute: 'operations', range: g.range, statements: [`grant ${operations.join(', ')} to ${grantee ?? '(not known statically)'}`] });
      const entry: PrincipalEntry = { type: 'AWS', value: grantee ?? { unknown: true, why: 'grantee not known statically' }, range: attributeRange(g, 'grantee_principal'), path: 'grantee_principal' };
      const from = b.principalNode(entry, grantee ? classifyAwsPrincipal(grantee) : graph.principal(entry));
      b.edge({ kind: 'granted', from: from.id, to: node.id, label: `grant: ${listText(operations, 2)}`, actions: operations, conditions: [], apparent: [], undecided: !grantee, address: g.address, rootDir: g.rootDir, path: 'grantee_principal', range: entry.range });
    }
  }
  for (const bucket of graph.buckets) {
    const node = b.resourceNode(bucket.bucket);
    resourceEdges(node, bucket.policies);
    if (bucket.encryption) {
      const alg = bucket.encryption.algorithm;
      if (alg?.t === 's' && alg.v.startsWith('aws:kms')) encryption(node, bucket.bucket, bucket.encryption.keyId, bucket.encryption.range, bucket.encryption.source, true);
    }
  }
  for (const s of graph.shared) {
    const node = b.resourceNode(s.resource);
    resourceEdges(node, s.policies);
    if (s.encryption?.keyId) encryption(node, s.resource, s.encryption.keyId, s.encryption.range, s.encryption.source, false);
  }
  // Lambda permissions belong to their function; other resource policies to their holder
  for (const [target, policies] of graph.otherResourcePolicies()) {
    const node = b.resourceNode(target, target.type === 'aws_lambda_permission' ? 'function' : undefined);
    if (target.type === 'aws_lambda_permission') {
      const fn = str(target.attrs.m.get('function_name'));
      if (fn) node.label = `function ${fn.replace(/^arn:[^:]+:lambda:[^:]*:\d{12}:function:/, '')}`;
    }
    resourceEdges(node, policies);
  }
  shares(graph, b);
  sharingAttributes(graph, b);
  const accounts = [...b.accounts.values()].sort((x, y) => x.id.localeCompare(y.id));
  const nodes = [...b.nodes.values()].sort((x, y) => x.account.localeCompare(y.account) || x.id.localeCompare(y.id));
  const edges = [...b.edges].sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to) || x.id.localeCompare(y.id));
  return { accounts, nodes, edges };
}

/**
 * A role Identity Center makes from an account assignment: it lives in the target account, and
 * the identity-store user or group it is assigned to can assume it (through Identity Center's
 * SAML provider, which AWS manages).
 */
function identityCenterRole(b: Builder, node: MapNode, n: IdentityNode): void {
  const ic = n.identityCenter!;
  node.account = b.account(ic.account);
  node.label = `role AWSReservedSSO_${ic.permissionSet ?? '…'}_… (Identity Center)`;
  const who = `${(ic.principalType ?? 'principal').toLowerCase()} ${ic.principalId ?? '(not known statically)'}`;
  const from = b.externalNode(`identity-store:${ic.principalType ?? '?'}:${ic.principalId ?? n.resource.address}`, ic.principalType === 'USER' ? 'user' : 'unknown', `Identity Center ${who}`, n.resource.account, undefined, false);
  const a = n.resource;
  b.edge({ kind: 'can-assume', from: from.id, to: node.id, label: `assigned permission set ${ic.permissionSet ?? '…'}`, actions: ['sts:AssumeRoleWithSAML'], conditions: [], apparent: [], undecided: !ic.principalId, address: a.address, rootDir: a.rootDir, path: 'principal_id', range: attributeRange(a, 'principal_id') });
}

/** RAM shares: the share as a node, "shares with" edges to its principals and from its resources. */
function shares(graph: Graph, b: Builder): void {
  for (const { share, principals, resources } of graph.ramShares()) {
    const node = b.resourceNode(share, 'share');
    for (const a of principals) {
      node.addresses.push(a.address);
      const raw = a.attrs.m.get('principal');
      const p = str(raw);
      const range = attributeRange(a, 'principal');
      let target: MapNode;
      if (p && /^\d{12}$/.test(p)) target = b.accountNode(p);
      else if (p && /^arn:[^:]+:organizations::\d{12}:(organization|ou)\//.test(p)) {
        const org = /(o-[a-z0-9]+)/.exec(p)?.[1] ?? 'unknown';
        target = b.externalNode(`org:${p}`, 'organization', `${p.includes(':ou/') ? 'organizational unit' : 'organization'} ${p.split('/').pop()}`, `org:${org}`, p);
      } else {
        const entry: PrincipalEntry = { type: 'AWS', value: p ?? { unknown: true, why: raw?.t === 'u' ? raw.why : 'not a string' }, range, path: 'principal' };
        target = b.principalNode(entry, p ? classifyAwsPrincipal(p) : graph.principal(entry));
      }
      b.edge({ kind: 'shares-with', from: node.id, to: target.id, label: 'RAM share', actions: [], conditions: [], apparent: [], undecided: !p, address: a.address, rootDir: a.rootDir, path: 'principal', range });
    }
    for (const { association: a, resource } of resources) {
      node.addresses.push(a.address);
      const text = str(a.attrs.m.get('resource_arn'));
      node.policies.push({ kind: 'share', address: a.address, rootDir: a.rootDir, attribute: 'resource_arn', range: attributeRange(a, 'resource_arn'), statements: [`shares ${resource?.address ?? text ?? '(resource not known statically)'}`] });
      if (!resource) continue;
      const from = b.resourceNode(resource);
      b.edge({ kind: 'shares-with', from: from.id, to: node.id, label: 'shared through', actions: [], conditions: [], apparent: [], undecided: false, address: a.address, rootDir: a.rootDir, path: 'resource_arn', range: attributeRange(a, 'resource_arn') });
    }
  }
}

/** Snapshots and images shared by an attribute: "shares with" edges to each grantee. */
function sharingAttributes(graph: Graph, b: Builder): void {
  for (const s of sharedData(graph)) {
    let node: MapNode;
    if (s.resource) node = b.resourceNode(s.resource, s.spec.node);
    else if (s.name !== undefined) {
      // an image or snapshot the configuration names by id only: its findings are the holder's
      node = b.externalNode(sharedNodeId(s), s.spec.node, sharedNodeLabel(s), s.account, s.arn);
      node.rootDir = s.holder.rootDir;
    } else node = b.resourceNode(s.holder, s.spec.node);
    if (node.kind === s.spec.node) node.label = sharedNodeLabel(s);
    if (!node.arn && s.arn) node.arn = s.arn;
    if (!node.addresses.includes(s.holder.address)) node.addresses.push(s.holder.address);
    const shown = s.entries.filter((e) => e.grantee.kind !== 'invalid');
    if (shown.length === 0 && !s.more) continue;
    const attribute = s.spec.grantees.map((g) => g.attribute).find((a) => s.entries.some((e) => e.attribute === a)) ?? s.spec.grantees[0].attribute;
    const who = shown.map((e) => granteeText(e));
    if (s.more) who.push(`(more, not known statically: ${s.more.why})`);
    node.policies.push({ kind: 'share', address: s.holder.address, rootDir: s.holder.rootDir, attribute, range: attributeRange(s.holder, attribute), statements: [`${s.spec.label} for ${who.join(', ')}`] });
    for (const e of shown) {
      const target = granteeNode(b, graph, e);
      b.edge({ kind: 'shares-with', from: node.id, to: target.id, label: s.spec.label, actions: s.spec.actions, conditions: [], apparent: [], undecided: e.grantee.kind === 'unknown', address: s.holder.address, rootDir: s.holder.rootDir, path: e.path, range: e.range });
    }
    if (s.more) {
      const target = b.externalNode(`principal:unknown:${s.more.why}`, 'unknown', '(not known statically)', undefined);
      b.edge({ kind: 'shares-with', from: node.id, to: target.id, label: s.spec.label, actions: s.spec.actions, conditions: [], apparent: [], undecided: true, address: s.holder.address, rootDir: s.holder.rootDir, path: s.spec.grantees[0].attribute, range: s.more.range });
    }
  }
}

function granteeText(e: ShareEntry): string {
  const g = e.grantee;
  if (e.sensitive) return '(sensitive value)';
  switch (g.kind) {
    case 'anyone':
      return 'all (anyone)';
    case 'account':
      return g.account;
    case 'organization':
      return g.arn ?? `organization ${g.org ?? '(not known statically)'}`;
    case 'organizational-unit':
      return g.arn ?? `organizational unit ${g.ou ?? '(not known statically)'}`;
    case 'unknown':
      return `(not known statically: ${g.why})`;
    case 'invalid':
      return g.text;
  }
}

/** The node a grantee denotes: anyone, an account, an organization or unit, or an unknown principal. */
function granteeNode(b: Builder, graph: Graph, e: ShareEntry): MapNode {
  const g = e.grantee;
  if (e.sensitive) return b.externalNode('principal:sensitive', 'unknown', '(sensitive value)', undefined);
  switch (g.kind) {
    case 'anyone':
      return b.externalNode('anyone', 'anyone', 'anyone (*)', 'world');
    case 'account':
      return b.accountNode(g.account);
    case 'organization':
    case 'organizational-unit': {
      const what = g.kind === 'organization' ? `organization ${g.org ?? '(not known statically)'}` : `organizational unit ${g.ou ?? '(not known statically)'}`;
      return b.externalNode(`org:${g.arn ?? `${g.org ?? 'unknown'}/${g.kind === 'organizational-unit' ? g.ou ?? 'unknown' : ''}`}`, 'organization', what, g.org ? `org:${g.org}` : undefined, g.arn);
    }
    default: {
      const entry: PrincipalEntry = { type: 'AWS', value: { unknown: true, why: g.kind === 'unknown' ? g.why : 'not an account', ...(g.kind === 'unknown' && g.ref ? { ref: g.ref } : {}) }, range: e.range, path: e.path };
      return b.principalNode(entry, graph.principal(entry));
    }
  }
}

/** The part of a map around an address (its nodes and their neighbours) or an account. */
export function focusMap(map: TrustMap, opts: { focus?: string[]; account?: string[] }): TrustMap {
  if (!opts.focus?.length && !opts.account?.length) return map;
  const seeds = new Set(
    map.nodes
      .filter((n) => (opts.focus ?? []).some((f) => n.address === f || n.addresses.includes(f) || n.arn === f || n.id === f) || (opts.account ?? []).includes(n.account))
      .map((n) => n.id),
  );
  const edges = map.edges.filter((e) => seeds.has(e.from) || seeds.has(e.to));
  const keep = new Set([...seeds, ...edges.flatMap((e) => [e.from, e.to])]);
  const nodes = map.nodes.filter((n) => keep.has(n.id));
  const accounts = map.accounts.filter((a) => nodes.some((n) => n.account === a.id));
  return { accounts, nodes, edges };
}
