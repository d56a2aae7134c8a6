/**
 * The graph rules run on: resource instances with their owning accounts, the policies they
 * hold, and the edges between them (a role and its trust policy, a bucket and its policies and
 * encryption key, a key and its policies, grants and aliases). Links follow references
 * (`aws_s3_bucket.b.id`) within a root module, or equal known values (bucket names).
 */
import type { Range } from '../hcl/ast';
import { classifyPrincipal, type PrincipalInfo } from '../iam/principals';
import { isUnknownString, type PrincipalEntry } from '../iam/policy';
import { ACCOUNT_ID_ATTRIBUTES, accountHole } from '../iam/arn-fields';
import { attributeAt, policiesOf, type PolicyRef } from '../iam/sources';
import type { Tri } from '../iam/conditions';
import { RequestContext, evaluateConditions } from '../iam/evaluate';
import { isAllow } from '../iam/statements';
import { KEY_TYPES, RESOURCE_TYPES, resourceType } from '../aws/resource-types';
import { stringAttr, type ResourceInstance } from '../terraform/instance';
import { Identities } from './identities';
import { Organization, type OrgPolicyNode } from './organization';
import type { Ref, Val } from '../terraform/value';
import { PairMap, appendTo } from '../collections';

export interface Inventory {
  organizationId?: string;
  /** Accounts of the organization, id -> name. */
  internal: Map<string, string>;
  /** Known vendors, id -> name. */
  thirdParties: Map<string, string>;
}

export const EMPTY_INVENTORY: Inventory = { internal: new Map(), thirdParties: new Map() };

export interface Encryption {
  /** The resource configuring it (the bucket, or its encryption configuration). */
  source: ResourceInstance;
  algorithm: Val | undefined;
  keyId: Val | undefined;
  range: Range;
}

export type KeyResolution =
  | { kind: 'customer'; key: KeyNode }
  | { kind: 'aws-managed'; alias: string }
  | { kind: 'outside'; why: string };

export interface KeyNode {
  key: ResourceInstance;
  policies: PolicyRef[];
  grants: ResourceInstance[];
  aliases: ResourceInstance[];
}

export interface BucketNode {
  bucket: ResourceInstance;
  policies: PolicyRef[];
  encryption: Encryption | undefined;
  /** aws_s3_bucket_ownership_controls of the bucket. */
  ownership: ResourceInstance | undefined;
}

/** A queue, topic or secret: what it shares through its policies and what encrypts it. */
export interface SharedNode {
  resource: ResourceInstance;
  policies: PolicyRef[];
  encryption: Encryption | undefined;
}

export type { OrgPolicyNode } from './organization';

/** A RAM resource share: the associations naming its principals and its resources. */
export interface RamShare {
  share: ResourceInstance;
  principals: ResourceInstance[];
  /** Resource associations, with the resource when it is defined in the configuration. */
  resources: { association: ResourceInstance; resource?: ResourceInstance }[];
}

export interface RoleNode {
  role: ResourceInstance;
  trust: PolicyRef | undefined;
}

export type AccountRelation = 'same' | 'other' | 'unknown';

function rootOf(r: ResourceInstance): string {
  return r.rootDir;
}

/**
 * Finds the node a value designates among nodes of one kind: by reference (same root module and
 * address) or by an equal known attribute. Indexed, so linking stays linear in the resources.
 */
class Index<T> {
  private readonly byAddress = new PairMap<T>();
  private readonly byValue = new PairMap<T>();

  constructor(nodes: T[], resourceOf: (n: T) => ResourceInstance, attrs: string[]) {
    for (const n of nodes) {
      const r = resourceOf(n);
      this.byAddress.set(rootOf(r), r.address, n);
      for (const a of attrs) {
        const x = r.attrs.m.get(a);
        if (x?.t === 's' && !this.byValue.has(a, x.v)) this.byValue.set(a, x.v, n);
      }
    }
    this.attrs = attrs;
  }

  private readonly attrs: string[];

  find(v: Val | undefined, from: ResourceInstance): T | undefined {
    if (!v) return undefined;
    if ((v.t === 's' || v.t === 'u') && v.ref) {
      const hit = this.byAddress.get(rootOf(from), v.ref.address);
      if (hit) return hit;
    }
    if (v.t === 's') {
      for (const a of this.attrs) {
        const hit = this.byValue.get(a, v.v);
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

function firstBlock(v: Val | undefined): Val | undefined {
  if (!v) return undefined;
  if (v.t === 'l') return v.items[0];
  return v;
}

/** sse_algorithm / kms_master_key_id from a `rule { apply_server_side_encryption_by_default {} }` list. */
function encryptionFromRules(rules: Val | undefined): { algorithm?: Val; keyId?: Val; at?: Val } | undefined {
  const rule = firstBlock(rules);
  if (!rule || rule.t !== 'o') return undefined;
  const def = firstBlock(rule.m.get('apply_server_side_encryption_by_default'));
  if (!def || def.t !== 'o') return undefined;
  return { algorithm: def.m.get('sse_algorithm'), keyId: def.m.get('kms_master_key_id'), at: def };
}

/** Attributes whose value names the account of the resource they belong to (ARNs, ids). */
const ACCOUNT_ATTRIBUTES = new Set(['account_id', 'arn', 'unique_id', 'owner_id']);
/**
 * The attribute that decides the account of an unknown principal: the whole value when it is an
 * attribute that names its resource's account (`aws_iam_role.x.arn`,
 * `data.aws_caller_identity.c.account_id`), or the hole of a string put together from parts that
 * is exactly the account field of an ARN (`arn:aws:iam::${data.aws_caller_identity.c.account_id}:root`).
 * Text around the hole (`…::99${…account_id}:root`) makes another account, so it decides nothing.
 */
function accountSource(v: PrincipalEntry['value']): Ref | undefined {
  if (!isUnknownString(v)) return undefined;
  // the whole value, or a computed attribute known in part (`arn:aws:iam::<account>:role/x`)
  if (!v.parts || !v.holeRefs) return v.ref && ACCOUNT_ATTRIBUTES.has(v.ref.attr) ? v.ref : undefined;
  const hole = accountHole(v);
  const ref = hole?.ref;
  if (!hole || !ref || !ACCOUNT_ID_ATTRIBUTES.has(ref.attr)) return undefined;
  // a hole before the account field could hold colons and move it, except the partition
  // (`arn:${data.aws_partition.p.partition}:iam::…`) and the region of the same computed ARN
  for (let k = 0; k < hole.index; k++) {
    const r = v.holeRefs[k];
    if (!r) return undefined;
    if (r.attr === 'partition' && /(^|\.)data\.aws_partition\.[^.]+$/.test(r.address)) continue;
    if (r.attr !== 'arn' || r.address !== ref.address) return undefined;
  }
  return ref;
}

export class Graph {
  readonly policies: PolicyRef[] = [];
  readonly roles: RoleNode[] = [];
  readonly buckets: BucketNode[] = [];
  readonly keys: KeyNode[] = [];
  readonly shared: SharedNode[] = [];
  /** SCPs and RCPs, with where they are attached. */
  readonly orgPolicies: OrgPolicyNode[];
  /** The organization tree: root, units, accounts, the management account. */
  readonly organization: Organization;
  readonly identities: Identities;
  private readonly indexes = new Map<string, Index<ResourceInstance>>();
  private readonly byType = new Map<string, ResourceInstance[]>();
  private readonly byAddress = new PairMap<ResourceInstance>();
  /** The policies of the resources that hold any. */
  private readonly policiesByHolder = new Map<ResourceInstance, PolicyRef[]>();
  private keyIndex!: Index<KeyNode>;
  private aliasIndex!: Index<ResourceInstance>;
  private readonly keyOfAlias = new Map<ResourceInstance, KeyNode>();

  constructor(
    readonly resources: ResourceInstance[],
    readonly inventory: Inventory = EMPTY_INVENTORY,
  ) {
    for (const r of resources) {
      this.byAddress.set(rootOf(r), r.address, r);
      const ps = policiesOf(r);
      if (ps.length === 0) continue;
      for (const p of ps) this.policies.push(p);
      this.policiesByHolder.set(r, ps);
    }
    for (const r of resources) {
      if (r.mode !== 'managed') continue;
      const l = this.byType.get(r.type);
      if (l) l.push(r);
      else this.byType.set(r.type, [r]);
    }
    const ofType = (t: string) => this.ofType(t);
    for (const role of ofType('aws_iam_role')) {
      this.roles.push({ role, trust: this.policiesByHolder.get(role)?.find((p) => p.kind === 'trust') });
    }
    this.linkKeys(ofType);
    this.linkBuckets(ofType);
    this.linkShared(ofType);
    this.organization = new Organization({ ofType, lookup: (type, attrs, v, from) => this.lookup(type, attrs, v, from), policiesOf: (r) => this.policiesOf(r), resources, inventory });
    this.orgPolicies = this.organization.policies;
    this.identities = new Identities(ofType, (r) => this.policiesOf(r), (type, attrs) => (v, from) => this.lookup(type, attrs, v, from));
  }

  /** Managed resources of a type. */
  ofType(type: string): ResourceInstance[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource of a type a value designates (by reference, or an equal id/name/ARN). */
  lookup(type: string, attrs: string[], v: Val | undefined, from: ResourceInstance): ResourceInstance | undefined {
    const key = `${type}\u0000${attrs.join(',')}`;
    let index = this.indexes.get(key);
    if (!index) this.indexes.set(key, (index = new Index(this.ofType(type), (r) => r, attrs)));
    return index.find(v, from);
  }

  /**
   * Resources with an encryption setting and resource policies (queues, topics, secrets, tables,
   * streams), with the policies that govern them (their own attribute and separate policy
   * resources, from the resource table).
   */
  private linkShared(ofType: (t: string) => ResourceInstance[]): void {
    const nodes = new Map<ResourceInstance, SharedNode>();
    for (const [type, row] of Object.entries(RESOURCE_TYPES)) {
      if (!row.encryption) continue;
      for (const r of ofType(type)) {
        const spec = row.encryption;
        const { value, range } = attributeAt(r, spec.key);
        let keyId = value && value.t !== 'null' ? value : undefined;
        // the AWS managed key the service uses when none is set (Secrets Manager; DynamoDB with encryption enabled)
        const on = spec.onlyIf ? attributeAt(r, spec.onlyIf).value : undefined;
        if (!keyId && spec.withoutKey && (!spec.onlyIf || (on?.t === 'b' && on.v))) keyId = { t: 's', v: spec.withoutKey, r: range };
        const node: SharedNode = { resource: r, policies: this.policiesOf(r).filter((p) => p.kind === 'resource'), encryption: { source: r, algorithm: undefined, keyId, range } };
        nodes.set(r, node);
        this.shared.push(node);
      }
    }
    for (const [type, row] of Object.entries(RESOURCE_TYPES)) {
      if (!row.governs || !row.governs.targets.some((t) => RESOURCE_TYPES[t.type]?.encryption)) continue;
      for (const p of ofType(type)) {
        const target = this.governed(p);
        const node = target && nodes.get(target);
        if (node) node.policies.push(...this.policiesOf(p));
      }
    }
  }

  /** The resource a separate policy or permission resource governs (its queue, table, function…), if defined in scope. */
  governed(p: ResourceInstance): ResourceInstance | undefined {
    const governs = resourceType(p.type)?.governs;
    if (!governs) return undefined;
    const v = p.attrs.m.get(governs.link);
    for (const t of governs.targets) {
      const target = this.lookup(t.type, t.attrs, v, p);
      if (target) return target;
    }
    return undefined;
  }

  /** The S3 access point a policy belongs to (the access point itself, or its separate policy resource). */
  accessPointOf(holder: ResourceInstance): ResourceInstance | undefined {
    if (holder.type === 'aws_s3_access_point') return holder;
    const target = this.governed(holder);
    return target?.type === 'aws_s3_access_point' ? target : undefined;
  }

  /** The bucket behind an access point, when it is in scope. */
  bucketOfAccessPoint(ap: ResourceInstance): BucketNode | undefined {
    const link = ap.attrs.m.get('bucket');
    const ref = link?.t === 's' || link?.t === 'u' ? link.ref?.address : undefined;
    return this.buckets.find((b) => (link?.t === 's' && stringAttr(b.bucket, 'bucket') === link.v) || (ref === b.bucket.address && b.bucket.rootDir === ap.rootDir));
  }

  /**
   * Whether a bucket's policy lets any caller through an access point of the given account: an
   * Allow to `*` whose conditions hold for a request carrying that access point's
   * `s3:DataAccessPointAccount` / `s3:DataAccessPointArn` (other keys are not known). Through an
   * access point, anonymous and other-account callers need the bucket's Allow as well.
   */
  bucketAdmitsThroughAccessPoint(bucket: BucketNode, ap: ResourceInstance): Tri {
    const entries: Record<string, string | { unknown: string }> = {};
    const arn = ap.attrs.m.get('arn');
    entries['s3:DataAccessPointArn'] = arn?.t === 's' ? arn.v : { unknown: 'the access point ARN is not known statically' };
    entries['s3:DataAccessPointAccount'] = ap.account ?? { unknown: 'the access point account is not known statically' };
    const context = new RequestContext(entries, 'not known statically');
    let result: Tri = 'no';
    for (const p of bucket.policies) {
      if (p.doc.unknown) result = 'unknown';
      for (const st of p.doc.statements) {
        if (isAllow(st) === 'no' || st.unknown) continue;
        const anyone = (st.principal?.entries ?? []).some((e) => this.principal(e).kind === 'anyone') || !!st.notPrincipal || !!st.principal?.unknown;
        if (!anyone) continue;
        const c = evaluateConditions(st, context);
        if (c === 'yes' && isAllow(st) === 'yes') return 'yes';
        if (c !== 'no') result = 'unknown';
      }
    }
    return result;
  }

  private loose: Map<ResourceInstance, PolicyRef[]> | undefined;

  /**
   * Resource policies not attached to a bucket, key, queue, topic or secret node, by the resource
   * they govern (the resource table's `governs`: a Lambda permission governs its function, a
   * domain policy its domain), or their holder when that resource is not defined here.
   */
  otherResourcePolicies(): Map<ResourceInstance, PolicyRef[]> {
    if (!this.loose) {
      const linked = new Set<PolicyRef>([...this.keys.flatMap((k) => k.policies), ...this.buckets.flatMap((b) => b.policies), ...this.shared.flatMap((x) => x.policies)]);
      this.loose = new Map();
      for (const p of this.policies) {
        if (p.kind !== 'resource' || linked.has(p)) continue;
        const target = this.governed(p.holder) ?? p.holder;
        appendTo(this.loose, target, p);
      }
    }
    return this.loose;
  }

  private ram: RamShare[] | undefined;

  /** RAM resource shares with their principal and resource associations. */
  ramShares(): RamShare[] {
    if (!this.ram) {
      const shares = new Map<ResourceInstance, RamShare>();
      for (const share of this.ofType('aws_ram_resource_share')) shares.set(share, { share, principals: [], resources: [] });
      const shareOf = (a: ResourceInstance) => {
        const share = this.lookup('aws_ram_resource_share', ['arn', 'id'], a.attrs.m.get('resource_share_arn'), a);
        return share && shares.get(share);
      };
      for (const a of this.ofType('aws_ram_principal_association')) shareOf(a)?.principals.push(a);
      for (const a of this.ofType('aws_ram_resource_association')) {
        const node = shareOf(a);
        if (!node) continue;
        const arn = a.attrs.m.get('resource_arn');
        const resource =
          arn?.t === 's' || arn?.t === 'u'
            ? this.resources.find((r) => r.mode === 'managed' && r !== a && ((arn.t === 's' && stringAttr(r, 'arn') === arn.v) || (arn.ref?.address === r.address && r.rootDir === a.rootDir)))
            : undefined;
        node.resources.push({ association: a, ...(resource ? { resource } : {}) });
      }
      this.ram = [...shares.values()];
    }
    return this.ram;
  }

  policiesOf(r: ResourceInstance): PolicyRef[] {
    return this.policiesByHolder.get(r) ?? [];
  }

  /** Instances with this address in the same root module as `near`. */
  find(address: string, near: ResourceInstance): ResourceInstance | undefined {
    return this.byAddress.get(rootOf(near), address);
  }

  private linkKeys(ofType: (t: string) => ResourceInstance[]): void {
    for (const type of KEY_TYPES) for (const key of ofType(type)) this.keys.push({ key, policies: this.policiesOf(key).filter((p) => p.kind === 'key'), grants: [], aliases: [] });
    this.keyIndex = new Index(this.keys, (k) => k.key, ['arn', 'key_id', 'id']);
    const keyFor = (v: Val | undefined, from: ResourceInstance) => this.keyIndex.find(v, from);
    for (const kp of ofType('aws_kms_key_policy')) {
      const k = keyFor(kp.attrs.m.get('key_id'), kp);
      if (k) k.policies.push(...this.policiesOf(kp));
    }
    for (const g of ofType('aws_kms_grant')) keyFor(g.attrs.m.get('key_id'), g)?.grants.push(g);
    const aliases = ofType('aws_kms_alias');
    for (const a of aliases) {
      const k = keyFor(a.attrs.m.get('target_key_id'), a);
      if (!k) continue;
      k.aliases.push(a);
      this.keyOfAlias.set(a, k);
    }
    this.aliasIndex = new Index(aliases, (a) => a, ['arn', 'name', 'id']);
  }

  private linkBuckets(ofType: (t: string) => ResourceInstance[]): void {
    const buckets = ofType('aws_s3_bucket');
    for (const bucket of buckets) {
      const inline = this.policiesOf(bucket).filter((p) => p.kind === 'resource');
      let encryption: Encryption | undefined;
      const legacy = firstBlock(bucket.attrs.m.get('server_side_encryption_configuration'));
      if (legacy?.t === 'o') {
        const e = encryptionFromRules(legacy.m.get('rule'));
        if (e) encryption = { source: bucket, algorithm: e.algorithm, keyId: e.keyId, range: e.at?.r ?? legacy.r ?? bucket.range };
      }
      this.buckets.push({ bucket, policies: inline, encryption, ownership: undefined });
    }
    const index = new Index(this.buckets, (b) => b.bucket, ['id', 'bucket']);
    const bucketFor = (v: Val | undefined, from: ResourceInstance) => index.find(v, from);
    for (const bp of ofType('aws_s3_bucket_policy')) bucketFor(bp.attrs.m.get('bucket'), bp)?.policies.push(...this.policiesOf(bp));
    for (const oc of ofType('aws_s3_bucket_ownership_controls')) {
      const b = bucketFor(oc.attrs.m.get('bucket'), oc);
      if (b) b.ownership = oc;
    }
    for (const sse of ofType('aws_s3_bucket_server_side_encryption_configuration')) {
      const b = bucketFor(sse.attrs.m.get('bucket'), sse);
      const e = encryptionFromRules(sse.attrs.m.get('rule'));
      if (b && e) b.encryption = { source: sse, algorithm: e.algorithm, keyId: e.keyId, range: e.at?.r ?? sse.range };
    }
  }

  /** The KMS key a `kms_master_key_id` (or similar) value designates. */
  resolveKey(v: Val | undefined, from: ResourceInstance): KeyResolution {
    if (!v || v.t === 'null') return { kind: 'aws-managed', alias: 'alias/aws/s3' };
    const direct = this.keyIndex.find(v, from);
    if (direct) return { kind: 'customer', key: direct };
    const alias = this.aliasIndex.find(v, from);
    const viaAlias = alias && this.keyOfAlias.get(alias);
    if (viaAlias) return { kind: 'customer', key: viaAlias };
    if (v.t === 's') {
      const alias = /(?:^|:)(alias\/.+)$/.exec(v.v)?.[1];
      if (alias?.startsWith('alias/aws/')) return { kind: 'aws-managed', alias };
      return { kind: 'outside', why: `key ${v.v} is not defined in the scanned configuration` };
    }
    if (v.t === 'u') return { kind: 'outside', why: v.ref ? `key ${v.ref.address}.${v.ref.attr} is not defined in the scanned configuration` : `the key is unknown (${v.why})` };
    return { kind: 'outside', why: 'the key is not a string' };
  }

  private readonly principalInfo = new WeakMap<PrincipalEntry, PrincipalInfo>();

  /** Classification of a principal entry (computed once per entry). */
  principal(entry: PrincipalEntry): PrincipalInfo {
    let info = this.principalInfo.get(entry);
    if (!info) this.principalInfo.set(entry, (info = classifyPrincipal(entry)));
    return info;
  }

  /** Whether a principal's account is the holder's own account. */
  accountRelation(holder: ResourceInstance, entry: PrincipalEntry, info: PrincipalInfo): AccountRelation {
    if (info.account && holder.account) return info.account === holder.account ? 'same' : 'other';
    // a principal managed by the same provider configuration is in the holder's account, even
    // when that account's id is unknown (the provider's account stands for it)
    const source = info.account ? undefined : this.managedSource(entry, holder);
    if (source && source.provider === holder.provider) return 'same';
    return 'unknown';
  }

  /**
   * The resource in scope an unknown principal comes from (`aws_iam_role.x.arn`,
   * `data.aws_caller_identity.c.account_id`): its account is one the scanned configuration manages.
   */
  managedSource(entry: PrincipalEntry, holder: ResourceInstance): ResourceInstance | undefined {
    const ref = accountSource(entry.value);
    return ref ? this.find(ref.address, holder) : undefined;
  }

  /**
   * Whether a principal's account is known to be the user's: internal by the inventory, the
   * holder's own, or an account the scanned configuration manages resources in.
   */
  isInternalPrincipal(p: { entry: PrincipalEntry; info: PrincipalInfo }, holder: ResourceInstance): boolean {
    return this.isInternal(p.info.account, holder) || (!p.info.account && this.managedSource(p.entry, holder) !== undefined);
  }

  /** Whether an account is known to belong to the organization (or is the holder's own). */
  isInternal(account: string | undefined, holder: ResourceInstance): boolean {
    if (!account) return false;
    if (account === holder.account) return true;
    if (this.inventory.thirdParties.has(account)) return false;
    return this.inventory.internal.has(account);
  }

  accountLabel(account: string | undefined): string {
    if (!account) return 'an unknown account';
    const name = this.inventory.internal.get(account) ?? this.inventory.thirdParties.get(account);
    return name ? `${account} (${name})` : account;
  }
}
