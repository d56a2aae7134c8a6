/**
 * The organization as the configuration describes it: its root, organizational units
 * (`aws_organizations_organizational_unit`, nested through `parent_id`), member accounts
 * (`aws_organizations_account`, account ids of the inventory and of attachments), the management
 * account, and where each SCP and RCP is attached (`aws_organizations_policy_attachment`).
 *
 * A scan describes one organization, so every root it names is the same root. What the
 * configuration does not settle stays unknown: an attachment whose target cannot be resolved
 * reaches every member account "maybe", never "nowhere".
 */
import type { Range } from '../hcl/ast';
import type { Tri } from '../iam/conditions';
import type { Statement } from '../iam/policy';
import { isAccountId } from '../iam/principals';
import type { PolicyRef } from '../iam/sources';
import { attributeRange, type ResourceInstance } from '../terraform/instance';
import type { Val } from '../terraform/value';
import type { NotificationLevel } from '../diagnostics';

/** A place in the organization tree. Ids are set when known (from a plan, a literal, the inventory). */
export type OrgNode =
  | { kind: 'root' }
  | { kind: 'ou'; resource?: ResourceInstance; id?: string }
  | { kind: 'account'; resource?: ResourceInstance; id?: string };

export type OrgTarget = OrgNode | { kind: 'unresolved'; why: string };

export interface OrgAttachment {
  /** The aws_organizations_policy_attachment. */
  resource: ResourceInstance;
  target: OrgTarget;
  /** Where the target is written. */
  range: Range;
}

export interface OrgPolicyNode {
  policy: PolicyRef;
  kind: 'scp' | 'rcp';
  attachments: OrgAttachment[];
  /** The AWS managed SCP attached by `policy_id = "p-FullAWSAccess"` (it allows everything). */
  builtin?: 'FullAWSAccess';
}

/** An attachment whose policy is not one the configuration defines. */
export interface LooseAttachment {
  resource: ResourceInstance;
  /** Why its policy is not known. */
  why: string;
  /** The policy id or reference may still designate a policy in scope whose id is unknown. */
  mayBeInScope: boolean;
}

export interface OrgProblem {
  level: NotificationLevel;
  kind: string;
  message: string;
  range: Range;
}

/** Where an account sits: the levels whose SCPs must all allow a request (root, OUs, the account). */
export interface AccountPath {
  account: string | undefined;
  member: Tri;
  /** From the root down to the account. */
  levels: OrgNode[];
  /** False when organizational units between the root and the next known level may be missing. */
  complete: boolean;
  /** Why the path is not complete. */
  why?: string;
}

/** Organizations policy types that are not access guardrails (read, not analysed). */
const OTHER_POLICY_TYPES = new Set([
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'INSPECTOR_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
]);

/** The ids and ARNs by which a configuration attaches the AWS managed FullAWSAccess SCP. */
const FULL_AWS_ACCESS = /^(p-FullAWSAccess|arn:aws[a-z-]*:organizations::aws:policy\/service_control_policy\/p-FullAWSAccess)$/;
/** RCPFullAWSAccess is attached everywhere and cannot be detached: attaching it changes nothing. */
const RCP_FULL_AWS_ACCESS = /^(p-RCPFullAWSAccess|arn:aws[a-z-]*:organizations::aws:policy\/resource_control_policy\/p-RCPFullAWSAccess)$/;

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** AWS allows five levels of organizational units; deeper chains are cycles or mistakes. */
const MAX_DEPTH = 8;

export interface OrganizationHost {
  ofType(type: string): ResourceInstance[];
  lookup(type: string, attrs: string[], v: Val | undefined, from: ResourceInstance): ResourceInstance | undefined;
  policiesOf(r: ResourceInstance): PolicyRef[];
  resources: ResourceInstance[];
  inventory: { internal: Map<string, string>; thirdParties: Map<string, string> };
}

/** A value from the scanned code, quoted for a message and cut short when long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function knownString(v: Val | undefined): string | undefined {
  return v?.t === 's' ? v.v : undefined;
}

/** The statement of the AWS managed FullAWSAccess SCP, located at the attachment that names it. */
function fullAwsAccess(attachment: ResourceInstance): PolicyRef {
  const range = attributeRange(attachment, 'policy_id');
  const statement: Statement = {
    index: 0,
    sid: 'FullAWSAccess',
    path: 'FullAWSAccess',
    range,
    effect: 'Allow',
    effectRange: range,
    action: { items: ['*'], range, path: 'FullAWSAccess.Action' },
    resource: { items: ['*'], range, path: 'FullAWSAccess.Resource' },
    conditions: [],
  };
  return { kind: 'scp', holder: attachment, attribute: 'policy_id', attributeRange: range, value: undefined, doc: { statements: [statement], unknowns: [], problems: [] } };
}

export class Organization {
  readonly policies: OrgPolicyNode[] = [];
  readonly loose: LooseAttachment[] = [];
  readonly problems: OrgProblem[] = [];
  /** Management accounts: of an aws_organizations_organization managed here, or its master_account_id. */
  readonly management = new Set<string>();
  /** The configuration manages the organization with SCPs enabled (AWS then attaches FullAWSAccess everywhere). */
  readonly scpEnabled: boolean;
  private readonly accountNodes = new Map<string, ResourceInstance>();
  private readonly idOfNode = new Map<ResourceInstance, string>();
  private readonly literalAccounts = new Set<string>();
  private readonly ownedAccounts = new Set<string>();
  private readonly paths = new Map<string, AccountPath>();

  constructor(private readonly host: OrganizationHost) {
    let scpEnabled = false;
    for (const org of [...host.ofType('aws_organizations_organization'), ...host.resources.filter((r) => r.mode === 'data' && r.type === 'aws_organizations_organization')]) {
      const master = knownString(org.attrs.m.get('master_account_id'));
      if (master && isAccountId(master)) this.management.add(master);
      if (org.mode !== 'managed') continue;
      // only the management account can create the organization
      if (org.account) this.management.add(org.account);
      const types = org.attrs.m.get('enabled_policy_types');
      if (types?.t === 'l' && types.items.some((t) => knownString(t) === 'SERVICE_CONTROL_POLICY')) scpEnabled = true;
    }
    this.scpEnabled = scpEnabled;
    for (const r of host.resources) if (r.account) this.ownedAccounts.add(r.account);
    this.indexAccounts();
    this.readPolicies();
  }

  /** Account ids of aws_organizations_account resources: known ids, or the inventory's name for them. */
  private indexAccounts(): void {
    const byName = new Map<string, string[]>();
    for (const [id, name] of this.host.inventory.internal) if (name) byName.set(name, [...(byName.get(name) ?? []), id]);
    for (const a of this.host.ofType('aws_organizations_account')) {
      let id = knownString(a.attrs.m.get('id'));
      if (!id || !isAccountId(id)) {
        const name = knownString(a.attrs.m.get('name'));
        const ids = name !== undefined ? byName.get(name) : undefined;
        id = ids?.length === 1 ? ids[0] : undefined;
      }
      if (!id) continue;
      this.idOfNode.set(a, id);
      if (!this.accountNodes.has(id)) this.accountNodes.set(id, a);
    }
  }

  private readPolicies(): void {
    const byResource = new Map<ResourceInstance, OrgPolicyNode[]>();
    for (const r of this.host.ofType('aws_organizations_policy')) {
      const type = r.attrs.m.get('type');
      if (type?.t === 'u') {
        this.problems.push({ level: 'note', kind: 'unknown-value', message: `${r.address}: the policy type is not known statically (${type.why}); whether it is an SCP or an RCP is unknown, so it is not analysed`, range: attributeRange(r, 'type') });
      } else if (type?.t === 's' && type.v !== 'SERVICE_CONTROL_POLICY' && type.v !== 'RESOURCE_CONTROL_POLICY' && !OTHER_POLICY_TYPES.has(type.v)) {
        this.problems.push({
          level: 'warning',
          kind: 'unknown-policy-type',
          message: `${r.address}: ${quoted(type.v)} is not an AWS Organizations policy type (SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY…); the policy is not analysed`,
          range: attributeRange(r, 'type'),
        });
      }
      const nodes: OrgPolicyNode[] = [];
      for (const p of this.host.policiesOf(r)) {
        if (p.kind !== 'scp' && p.kind !== 'rcp') continue;
        const node: OrgPolicyNode = { policy: p, kind: p.kind, attachments: [] };
        nodes.push(node);
        this.policies.push(node);
      }
      byResource.set(r, nodes);
    }
    for (const a of this.host.ofType('aws_organizations_policy_attachment')) {
      const policyId = a.attrs.m.get('policy_id');
      const target: OrgAttachment = { resource: a, target: this.resolveTarget(a.attrs.m.get('target_id'), a), range: attributeRange(a, 'target_id') };
      if (target.target.kind === 'unresolved') {
        this.problems.push({ level: 'note', kind: 'guardrail-target', message: `${a.address}: ${target.target.why}; which accounts the attached policy applies to is unknown`, range: target.range });
      } else if (target.target.kind === 'ou' && !target.target.resource) {
        this.problems.push({ level: 'note', kind: 'guardrail-target', message: `${a.address}: organizational unit ${target.target.id} is not defined in the scanned configuration; whether an account is under it is unknown unless the configuration places the account elsewhere`, range: target.range });
      }
      const policy = this.host.lookup('aws_organizations_policy', ['id', 'arn'], policyId, a);
      if (policy) {
        for (const n of byResource.get(policy) ?? []) n.attachments.push(target);
        continue;
      }
      const literal = knownString(policyId);
      if (literal !== undefined && FULL_AWS_ACCESS.test(literal)) {
        this.policies.push({ policy: fullAwsAccess(a), kind: 'scp', attachments: [target], builtin: 'FullAWSAccess' });
        continue;
      }
      if (literal !== undefined && RCP_FULL_AWS_ACCESS.test(literal)) continue;
      const why =
        policyId?.t === 'u'
          ? policyId.ref
            ? `${policyId.ref.address}.${policyId.ref.attr} is not a policy defined in the scanned configuration`
            : `the policy id is not known statically (${policyId.why})`
          : literal !== undefined
            ? `policy ${quoted(literal)} is not defined in the scanned configuration`
            : 'the policy id is not a string';
      // a literal id or an unknown value may be the id of a policy defined here, which is known only after apply
      const mayBeInScope = policyId?.t !== 'u' || !policyId.ref;
      this.loose.push({ resource: a, why, mayBeInScope });
      this.problems.push({ level: 'note', kind: 'guardrail-policy', message: `${a.address}: ${why}; what it attaches is not analysed`, range: attributeRange(a, 'policy_id') });
    }
  }

  /** What a `target_id` or `parent_id` designates. */
  resolveTarget(v: Val | undefined, from: ResourceInstance): OrgTarget {
    if (!v || v.t === 'null') return { kind: 'unresolved', why: 'no target is given' };
    if ((v.t === 's' || v.t === 'u') && v.ref && /(^|\.)(data\.)?aws_organizations_organization\.[^.]+$/.test(v.ref.address) && v.ref.attr.startsWith('roots')) return { kind: 'root' };
    const ou = this.host.lookup('aws_organizations_organizational_unit', ['id'], v, from);
    if (ou) {
      const id = knownString(ou.attrs.m.get('id'));
      return { kind: 'ou', resource: ou, ...(id ? { id } : {}) };
    }
    const account = this.host.lookup('aws_organizations_account', ['id'], v, from);
    if (account) {
      const id = this.idOfNode.get(account);
      return { kind: 'account', resource: account, ...(id ? { id } : {}) };
    }
    if (v.t === 's') {
      if (ROOT_ID.test(v.v)) return { kind: 'root' };
      if (OU_ID.test(v.v)) return { kind: 'ou', id: v.v };
      if (isAccountId(v.v)) {
        this.literalAccounts.add(v.v);
        const node = this.accountNodes.get(v.v);
        return { kind: 'account', id: v.v, ...(node ? { resource: node } : {}) };
      }
      return { kind: 'unresolved', why: `${quoted(v.v)} is not an organization root (r-…), organizational unit (ou-…) or account id` };
    }
    if (v.t === 'u') return { kind: 'unresolved', why: v.ref ? `${v.ref.address}.${v.ref.attr} is not a root, organizational unit or account in the scanned configuration` : `the target is not known statically (${v.why})` };
    return { kind: 'unresolved', why: 'the target is not a string' };
  }

  isManagement(account: string | undefined): boolean {
    return account !== undefined && this.management.has(account);
  }

  /** Whether an account belongs to the organization. */
  member(account: string | undefined): Tri {
    if (!account) return 'unknown';
    if (this.host.inventory.thirdParties.has(account)) return 'no';
    if (this.host.inventory.internal.has(account) || this.management.has(account) || this.accountNodes.has(account) || this.literalAccounts.has(account)) return 'yes';
    // accounts the scanned configuration manages resources in are taken to be the organization's
    if (this.ownedAccounts.has(account)) return 'yes';
    return 'unknown';
  }

  /** The levels above an account, from the root. */
  pathOf(account: string | undefined): AccountPath {
    const key = account ?? '';
    let p = this.paths.get(key);
    if (!p) this.paths.set(key, (p = this.computePath(account)));
    return p;
  }

  private computePath(account: string | undefined): AccountPath {
    const member = this.member(account);
    if (member === 'no') return { account, member, levels: [], complete: true };
    const node = account ? this.accountNodes.get(account) : undefined;
    if (!node) {
      return {
        account,
        member,
        levels: [{ kind: 'root' }, { kind: 'account', ...(account ? { id: account } : {}) }],
        complete: false,
        why: `the organizational units above account ${account ?? '(unknown)'} are not in the scanned configuration`,
      };
    }
    const levels: OrgNode[] = [{ kind: 'account', resource: node, ...(account ? { id: account } : {}) }];
    const seen = new Set<ResourceInstance>([node]);
    let from = node;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const parent = from.attrs.m.get('parent_id');
      // an account or unit without parent_id is created under the root
      const t: OrgTarget = !parent || parent.t === 'null' ? { kind: 'root' } : this.resolveTarget(parent, from);
      if (t.kind === 'root') return { account, member, levels: [t, ...levels], complete: true };
      if (t.kind === 'ou') levels.unshift(t);
      if (t.kind !== 'ou' || !t.resource || seen.has(t.resource)) {
        const why = t.kind === 'unresolved' ? `the parent of ${from.address} is unknown (${t.why})` : t.kind === 'ou' && !t.resource ? `organizational unit ${t.id} is not in the scanned configuration` : `the parent of ${from.address} is not an organizational unit`;
        return { account, member, levels: [{ kind: 'root' }, ...levels], complete: false, why };
      }
      seen.add(t.resource);
      from = t.resource;
    }
    return { account, member, levels: [{ kind: 'root' }, ...levels], complete: false, why: `the organizational units above ${from.address} nest too deep` };
  }

  /** Whether an attachment target is this level of the tree. */
  sameNode(target: OrgTarget, level: OrgNode): Tri {
    if (target.kind === 'unresolved') return 'unknown';
    if (target.kind !== level.kind) return 'no';
    if (target.kind === 'root') return 'yes';
    const l = level as Exclude<OrgNode, { kind: 'root' }>;
    if (target.resource && l.resource) return target.resource === l.resource ? 'yes' : 'no';
    if (target.id && l.id) return target.id === l.id ? 'yes' : 'no';
    return 'unknown';
  }

  private readonly reaches = new Map<OrgPolicyNode, Map<string, Tri>>();

  /** Whether a guardrail reaches an account: attached to its root, one of its units, or itself. */
  reach(node: OrgPolicyNode, account: string | undefined): Tri {
    let byAccount = this.reaches.get(node);
    if (!byAccount) this.reaches.set(node, (byAccount = new Map()));
    let r = byAccount.get(account ?? '');
    if (r === undefined) byAccount.set(account ?? '', (r = this.computeReach(node, account)));
    return r;
  }

  private computeReach(node: OrgPolicyNode, account: string | undefined): Tri {
    const path = this.pathOf(account);
    if (path.member === 'no') return 'no';
    let unknown = false;
    for (const a of node.attachments) {
      const t = a.target;
      let r: Tri;
      if (t.kind === 'root') r = path.member === 'yes' ? 'yes' : 'unknown';
      else if (t.kind === 'unresolved') r = 'unknown';
      else {
        const matches = path.levels.map((l) => this.sameNode(t, l));
        r = matches.includes('yes') ? 'yes' : matches.includes('unknown') || (t.kind === 'ou' && !path.complete) ? 'unknown' : 'no';
      }
      if (r === 'yes') return 'yes';
      if (r === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'no';
  }

  private readonly allowLists = new Map<OrgNode, { attached: OrgPolicyNode[]; maybe: OrgPolicyNode[] }>();

  /** The SCPs with Allow statements attached to a level of a path, for certain or maybe. */
  allowListsAt(level: OrgNode): { attached: OrgPolicyNode[]; maybe: OrgPolicyNode[] } {
    let lists = this.allowLists.get(level);
    if (lists) return lists;
    lists = { attached: [], maybe: [] };
    for (const node of this.policies) {
      if (node.kind !== 'scp') continue;
      const doc = node.policy.doc;
      // a statement whose effect is not known may be an Allow
      if (doc.unknown === undefined && !doc.statements.some((st) => st.effect !== 'Deny')) continue;
      const at = node.attachments.map((a) => this.sameNode(a.target, level));
      if (at.includes('yes')) lists.attached.push(node);
      else if (at.includes('unknown')) lists.maybe.push(node);
    }
    this.allowLists.set(level, lists);
    return lists;
  }

  /** Whether AWS's FullAWSAccess is attached to a level because the configuration creates it with SCPs enabled. */
  defaultFullAccess(level: OrgNode): boolean {
    if (!this.scpEnabled) return false;
    return level.kind === 'root' || level.resource !== undefined;
  }

  /** How a level reads in an explanation. */
  label(level: OrgNode): string {
    if (level.kind === 'root') return 'the organization root';
    if (level.kind === 'ou') return `organizational unit ${level.resource?.address ?? level.id}`;
    return `account ${level.id ?? level.resource?.address ?? '(unknown)'}`;
  }
}
