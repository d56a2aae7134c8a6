/**
 * Sharing attributes: data shared with other accounts by an attribute rather than a policy.
 * RDS snapshots list the accounts that may copy or restore them (`shared_accounts`, where `all`
 * means every AWS account); AMI launch permissions and EBS create-volume permissions are one
 * grantee each (an account, the group `all`, an organization or an organizational unit).
 *
 * One row per Terraform type says which attributes name the grantees and which value makes the
 * data public, what is shared (the resource itself, or the image or snapshot an id designates),
 * how its ARN is built and what a grantee may then do. Each resource is read once per graph into
 * a `SharedData`; the rules (TFXA110, TFXA111), the trust map ("shares with" edges), paths and
 * check-access all use that reading.
 */
import type { Range } from '../hcl/ast';
import { locate, type PolicyDocument, type PrincipalEntry, type Statement, type UnknownString } from '../iam/policy';
import type { PolicyRef } from '../iam/sources';
import { isAccountId } from '../iam/principals';
import { partitionOf } from '../terraform/aws-computed';
import { attributeRange, stringAttr, type ResourceInstance } from '../terraform/instance';
import type { Ref, Val } from '../terraform/value';
import type { Graph } from './graph';

/** An attribute naming grantees, and what its values mean. */
export type GranteeAttribute =
  /** A list of account ids; `public` is the value that stands for every AWS account. */
  | { attribute: string; holds: 'accounts'; public: string }
  /** One account id. */
  | { attribute: string; holds: 'account' }
  /** A group name; `public` is the group of every AWS account. */
  | { attribute: string; holds: 'group'; public: string }
  /** The ARN of an organization, or of an organizational unit. */
  | { attribute: string; holds: 'organization' | 'organizational-unit' };

export interface SharingSpec {
  type: string;
  /** What is shared, as messages name it. */
  what: 'DB snapshot' | 'DB cluster snapshot' | 'AMI' | 'EBS snapshot';
  /** Trust map node kind of what is shared. */
  node: 'snapshot' | 'image';
  grantees: GranteeAttribute[];
  /**
   * What is shared: the resource itself (named by an attribute), or the image or snapshot an
   * attribute gives the id of (a resource of one of `types` in the configuration, when it is).
   */
  shares: { self: string } | { attribute: string; types: string[] };
  /**
   * The ARN: a known attribute holding it, else built from the partition, the region (the first
   * known of `regionAttributes`, else the provider's), the owning account (RDS ARNs have one, EC2
   * image and snapshot ARNs do not) and `resource` followed by the name.
   */
  arn: { attribute?: string; service: 'rds' | 'ec2'; resource: string; regionAttributes: string[] };
  /** What a grantee may then do (check-access), and how an edge of the trust map and a path step say it. */
  actions: string[];
  label: string;
}

const RDS_SNAPSHOT_ACTIONS = ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:CopyDBSnapshot', 'rds:DescribeDBSnapshots'];

/** The sharing attributes tfxacct reads, one row per type. */
export const SHARING_ATTRIBUTES: readonly SharingSpec[] = [
  {
    type: 'aws_db_snapshot',
    what: 'DB snapshot',
    node: 'snapshot',
    grantees: [{ attribute: 'shared_accounts', holds: 'accounts', public: 'all' }],
    shares: { self: 'db_snapshot_identifier' },
    arn: { attribute: 'db_snapshot_arn', service: 'rds', resource: 'snapshot:', regionAttributes: ['region'] },
    actions: RDS_SNAPSHOT_ACTIONS,
    label: 'restore, copy',
  },
  {
    type: 'aws_db_cluster_snapshot',
    what: 'DB cluster snapshot',
    node: 'snapshot',
    grantees: [{ attribute: 'shared_accounts', holds: 'accounts', public: 'all' }],
    shares: { self: 'db_cluster_snapshot_identifier' },
    arn: { attribute: 'db_cluster_snapshot_arn', service: 'rds', resource: 'cluster-snapshot:', regionAttributes: ['region'] },
    actions: ['rds:RestoreDBClusterFromSnapshot', 'rds:CopyDBClusterSnapshot', 'rds:DescribeDBClusterSnapshots'],
    label: 'restore, copy',
  },
  {
    type: 'aws_db_snapshot_copy',
    what: 'DB snapshot',
    node: 'snapshot',
    grantees: [{ attribute: 'shared_accounts', holds: 'accounts', public: 'all' }],
    shares: { self: 'target_db_snapshot_identifier' },
    // the provider copies into its own region (destination_region only signs the request)
    arn: { attribute: 'db_snapshot_arn', service: 'rds', resource: 'snapshot:', regionAttributes: ['region'] },
    actions: RDS_SNAPSHOT_ACTIONS,
    label: 'restore, copy',
  },
  {
    type: 'aws_ami_launch_permission',
    what: 'AMI',
    node: 'image',
    grantees: [
      { attribute: 'account_id', holds: 'account' },
      { attribute: 'group', holds: 'group', public: 'all' },
      { attribute: 'organization_arn', holds: 'organization' },
      { attribute: 'organizational_unit_arn', holds: 'organizational-unit' },
    ],
    shares: { attribute: 'image_id', types: ['aws_ami', 'aws_ami_copy', 'aws_ami_from_instance'] },
    arn: { service: 'ec2', resource: 'image/', regionAttributes: ['region'] },
    actions: ['ec2:RunInstances', 'ec2:CopyImage', 'ec2:DescribeImages'],
    label: 'launch',
  },
  {
    // the provider's resource has account_id only: it cannot make a snapshot public (group "all")
    type: 'aws_snapshot_create_volume_permission',
    what: 'EBS snapshot',
    node: 'snapshot',
    grantees: [{ attribute: 'account_id', holds: 'account' }],
    shares: { attribute: 'snapshot_id', types: ['aws_ebs_snapshot', 'aws_ebs_snapshot_copy', 'aws_ebs_snapshot_import'] },
    arn: { service: 'ec2', resource: 'snapshot/', regionAttributes: ['region'] },
    actions: ['ec2:CreateVolume', 'ec2:CopySnapshot', 'ec2:DescribeSnapshots'],
    label: 'create volumes',
  },
];

export type Grantee =
  /** Every AWS account. */
  | { kind: 'anyone' }
  | { kind: 'account'; account: string }
  /** `org` is undefined when the ARN is only partly known and its organization id is not in the known part. */
  | { kind: 'organization'; org?: string; arn?: string }
  | { kind: 'organizational-unit'; org?: string; ou?: string; arn?: string }
  /** Not known statically. */
  | { kind: 'unknown'; why: string; ref?: Ref }
  /** A known value that names nothing AWS accepts (AWS rejects it at apply). */
  | { kind: 'invalid'; text: string };

export interface ShareEntry {
  grantee: Grantee;
  /** Attribute the entry is written in (`shared_accounts`, `account_id`), and what it holds. */
  attribute: string;
  holds: GranteeAttribute['holds'];
  /** The value may be the one that makes the data public (an unknown entry of a list or group that has one). */
  mayBePublic: boolean;
  /** Logical path: `shared_accounts["111111111111"]` (sets are addressed by value), `group`. */
  path: string;
  range: Range;
  /** Analysed, never printed. */
  sensitive: boolean;
}

export interface SharedData {
  spec: SharingSpec;
  /** The resource holding the sharing attribute: the snapshot itself, or the permission resource. */
  holder: ResourceInstance;
  /** What is shared, when the configuration defines it (the holder itself for RDS snapshots). */
  resource?: ResourceInstance;
  /** The snapshot identifier or the image or snapshot id, when known. */
  name?: string;
  arn?: string;
  /** The owning account, when known. */
  account?: string;
  region?: string;
  entries: ShareEntry[];
  /** Set when the list may hold further grantees that are not known (an unknown list or list part). */
  more?: { why: string; range: Range };
}

function knownString(v: Val | undefined): string | undefined {
  if (v?.t === 's') return v.v;
  if (v?.t === 'n') return String(v.v).padStart(12, '0');
  return undefined;
}

const ORG_ARN = /^arn:[^:]+:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/;
const OU_ARN = /^arn:[^:]+:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[0-9a-z]+-[0-9a-z]+)$/;

/** The organization (and unit) an ARN names; from the known parts of a partly known ARN when they hold it. */
function orgGrantee(holds: 'organization' | 'organizational-unit', v: Val): Grantee {
  if (v.t === 's') {
    const m = holds === 'organization' ? ORG_ARN.exec(v.v) : OU_ARN.exec(v.v);
    if (!m) return { kind: 'invalid', text: v.v };
    return holds === 'organization' ? { kind: 'organization', org: m[1], arn: v.v } : { kind: 'organizational-unit', org: m[1], ou: m[2], arn: v.v };
  }
  // the known text with each unknown part as a character no id holds: an id next to one is not whole
  const known = v.t === 'u' ? (v.parts ?? []).map((p) => p ?? '\u0000').join('') : '';
  const org = (holds === 'organization' ? /:organization\/(o-[a-z0-9]+)$/ : /:ou\/(o-[a-z0-9]+)\//).exec(known)?.[1];
  const ou = holds === 'organizational-unit' ? /\/(ou-[0-9a-z]+-[0-9a-z]+)$/.exec(known)?.[1] : undefined;
  if (org) return holds === 'organization' ? { kind: 'organization', org } : { kind: 'organizational-unit', org, ...(ou ? { ou } : {}) };
  return unknownGrantee(v);
}

function unknownGrantee(v: Val): Grantee {
  // the reference stands for the value only when the whole value is that attribute (no text around it)
  return v.t === 'u' ? { kind: 'unknown', why: v.why, ...(v.ref && !v.parts ? { ref: v.ref } : {}) } : { kind: 'unknown', why: 'not a string' };
}

/** What one value of a grantee attribute means. */
function granteeOf(g: GranteeAttribute, v: Val): Grantee {
  if (v.t === 'u' && g.holds !== 'organization' && g.holds !== 'organizational-unit') return unknownGrantee(v);
  switch (g.holds) {
    case 'accounts':
    case 'account': {
      const s = knownString(v);
      if (s === undefined) return unknownGrantee(v);
      if (g.holds === 'accounts' && s === g.public) return { kind: 'anyone' };
      return isAccountId(s) ? { kind: 'account', account: s } : { kind: 'invalid', text: s };
    }
    case 'group': {
      const s = knownString(v);
      if (s === undefined) return unknownGrantee(v);
      return s === g.public ? { kind: 'anyone' } : { kind: 'invalid', text: s };
    }
    default:
      return orgGrantee(g.holds, v);
  }
}

const isSensitive = (v: Val) => (v.t === 's' || v.t === 'u') && v.sensitive === true;

/** The entries of one grantee attribute of a resource. */
function readGrantees(r: ResourceInstance, g: GranteeAttribute, out: ShareEntry[]): SharedData['more'] {
  const v = r.attrs.m.get(g.attribute);
  if (!v || v.t === 'null') return undefined;
  const fallback = attributeRange(r, g.attribute);
  const where = (chain: Val[]) => locate(chain, { moduleDir: r.moduleDir, fallback });
  if (g.holds !== 'accounts') {
    if (v.t === 's' && v.v === '') return undefined;
    const grantee = granteeOf(g, v);
    out.push({ grantee, attribute: g.attribute, holds: g.holds, mayBePublic: grantee.kind === 'unknown' && 'public' in g, path: g.attribute, range: where([v]), sensitive: isSensitive(v) });
    return undefined;
  }
  // a list of accounts: known, partly known (concat with an unknown list) or unknown
  let items: Val[];
  let more: SharedData['more'];
  if (v.t === 'l') {
    items = v.items;
    if (v.possible) more = { why: v.possible, range: where([v]) };
  } else if (v.t === 'u' && v.json?.t === 'l') {
    items = v.json.items;
    // the unknown part is among the items (concat keeps an unknown list as one unknown item)
    if (!items.some((i) => i.t === 'u')) more = { why: v.why, range: where([v]) };
  } else if (v.t === 'u') {
    return { why: v.why, range: where([v]) };
  } else {
    items = [v];
  }
  items.forEach((item, i) => {
    const grantee = granteeOf(g, item);
    const sensitive = isSensitive(item) || isSensitive(v);
    const text = knownString(item);
    // set elements are addressed by value, so the path does not depend on the order a plan lists them in
    const path = text !== undefined && !sensitive ? `${g.attribute}[${JSON.stringify(text)}]` : `${g.attribute}[${i}]`;
    out.push({ grantee, attribute: g.attribute, holds: g.holds, mayBePublic: grantee.kind === 'unknown', path, range: where([v, item]), sensitive });
  });
  return more;
}

function accountFromArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

function read(graph: Graph, spec: SharingSpec, holder: ResourceInstance): SharedData {
  const entries: ShareEntry[] = [];
  let more: SharedData['more'];
  for (const g of spec.grantees) more = readGrantees(holder, g, entries) ?? more;
  let resource: ResourceInstance | undefined;
  let name: string | undefined;
  if ('self' in spec.shares) {
    resource = holder;
    name = stringAttr(holder, spec.shares.self);
  } else {
    const id = holder.attrs.m.get(spec.shares.attribute);
    for (const type of spec.shares.types) {
      resource = graph.lookup(type, ['id'], id, holder);
      if (resource) break;
    }
    name = knownString(id) ?? (resource && stringAttr(resource, 'id'));
  }
  const ownArn = spec.arn.attribute ? stringAttr(holder, spec.arn.attribute) : undefined;
  const account = accountFromArn(ownArn) ?? (resource && resource !== holder ? resource.account : undefined) ?? holder.account;
  const region = spec.arn.regionAttributes.map((a) => stringAttr(holder, a)).find((x) => x !== undefined) ?? holder.region;
  let arn = ownArn;
  if (!arn && name !== undefined && region) {
    const p = partitionOf(region);
    if (spec.arn.service === 'ec2') arn = `arn:${p}:ec2:${region}::${spec.arn.resource}${name}`;
    else if (account) arn = `arn:${p}:rds:${region}:${account}:${spec.arn.resource}${name}`;
  }
  return {
    spec,
    holder,
    ...(resource ? { resource } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(arn ? { arn } : {}),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    entries,
    ...(more ? { more } : {}),
  };
}

/**
 * Whether an unknown grantee is an account the scanned configuration manages (the caller identity
 * of one of its providers, the account of a role it defines): an account of the user's, and never "all".
 */
export function isManagedAccount(graph: Graph, s: SharedData, e: ShareEntry): boolean {
  if (e.grantee.kind !== 'unknown' || !e.grantee.ref || (e.holds !== 'accounts' && e.holds !== 'account')) return false;
  const entry: PrincipalEntry = { type: 'AWS', value: { unknown: true, why: e.grantee.why, ref: e.grantee.ref }, range: e.range, path: e.path };
  return graph.managedSource(entry, s.holder) !== undefined;
}

const memo = new WeakMap<Graph, SharedData[]>();

/** Every resource of the configuration that shares data through a sharing attribute (read once per graph). */
export function sharedData(graph: Graph): SharedData[] {
  let out = memo.get(graph);
  if (!out) {
    out = [];
    for (const spec of SHARING_ATTRIBUTES) for (const r of graph.ofType(spec.type)) out.push(read(graph, spec, r));
    memo.set(graph, out);
  }
  return out;
}

/**
 * The trust map node id of what is shared: its resource's node, else the image or snapshot by id
 * (per root module, whose findings it carries), else the holder's node.
 */
export function sharedNodeId(s: SharedData): string {
  if (s.resource) return `${s.resource.rootDir}:${s.resource.address}`;
  if (s.name !== undefined) return `${s.spec.node}:${s.holder.rootDir}:${s.region ?? 'unknown'}:${s.name}`;
  return `${s.holder.rootDir}:${s.holder.address}`;
}

/** How what is shared reads as a trust map node: by its id or name when known (the address is shown beside it). */
export function sharedNodeLabel(s: SharedData): string {
  const name = s.name ?? (s.resource && s.resource !== s.holder ? stringAttr(s.resource, 'name') : undefined);
  return name !== undefined ? `${s.spec.what} ${name}` : s.spec.what;
}

/** How what is shared reads in messages and on the trust map: `DB snapshot prod-final`, `AMI ami-0abc…`. */
export function sharedLabel(s: SharedData): string {
  if (s.name !== undefined) return `${s.spec.what} ${s.name}`;
  if (s.resource && s.resource !== s.holder) return `${s.spec.what} ${s.resource.address}`;
  return `${s.spec.what} (${'self' in s.spec.shares ? 'identifier' : 'id'} not known statically)`;
}

/** Whether an ARN asked about designates what is shared. */
export function designates(s: SharedData, arn: string): boolean {
  if (s.arn === arn) return true;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[2] !== s.spec.arn.service || s.name === undefined) return false;
  const [, , , region, account] = parts;
  if (parts.slice(5).join(':') !== `${s.spec.arn.resource}${s.name}`) return false;
  return (!region || !s.region || region === s.region) && (!account || !s.account || account === s.account);
}

/**
 * The grants a sharing attribute makes, as the resource policy AWS would evaluate if it were one
 * (for check-access only; rules read the entries): one Allow per entry of the spec's actions, to
 * the account, to anyone, or to any principal of the organization or unit.
 */
export function sharingPolicy(s: SharedData): PolicyRef {
  const statements: Statement[] = [];
  const unknowns: PolicyDocument['unknowns'] = [];
  const allow = (path: string, range: Range, entries: PrincipalEntry[], extra: Partial<Statement> = {}) =>
    statements.push({
      index: statements.length,
      path,
      range,
      effect: 'Allow',
      effectRange: range,
      principal: { entries, range, path },
      action: { items: s.spec.actions, range, path },
      conditions: [],
      ...extra,
    });
  for (const e of s.entries) {
    const g = e.grantee;
    const entry = (type: PrincipalEntry['type'], value: PrincipalEntry['value']): PrincipalEntry => ({ type, value, range: e.range, path: e.path, ...(e.sensitive ? { sensitive: true } : {}) });
    const cond = (key: string, operator: string, value: string | UnknownString) => [{ operator, key, values: [value], range: e.range, path: e.path }];
    const unknownOrg: UnknownString = { unknown: true, why: 'the organization is not known statically' };
    switch (g.kind) {
      case 'anyone':
        allow(e.path, e.range, [entry('*', '*')]);
        break;
      case 'account':
        allow(e.path, e.range, [entry('AWS', g.account)]);
        break;
      case 'organization':
        allow(e.path, e.range, [entry('*', '*')], { conditions: cond('aws:PrincipalOrgID', 'StringEquals', g.org ?? unknownOrg) });
        break;
      case 'organizational-unit':
        allow(e.path, e.range, [entry('*', '*')], {
          conditions: cond('aws:PrincipalOrgPaths', 'ForAnyValue:StringLike', g.org && g.ou ? `${g.org}/*/${g.ou}/*` : { unknown: true, why: 'the organizational unit is not known statically' }),
        });
        break;
      case 'unknown':
        allow(e.path, e.range, [entry('AWS', { unknown: true, why: g.why, ...(g.ref ? { ref: g.ref } : {}) })]);
        unknowns.push({ why: g.why, range: e.range, path: e.path });
        break;
      case 'invalid':
        break;
    }
  }
  if (s.more) {
    allow(s.spec.grantees[0].attribute, s.more.range, [], { principal: { entries: [], range: s.more.range, path: s.spec.grantees[0].attribute, unknown: s.more.why } });
    unknowns.push({ why: s.more.why, range: s.more.range, path: s.spec.grantees[0].attribute });
  }
  return { kind: 'resource', holder: s.holder, attribute: '', attributeRange: s.holder.range, value: undefined, doc: { statements, unknowns, problems: [] } };
}
