/**
 * IAM identities (roles and users) with the identity policies that apply to them: inline
 * policies, role/user/group policies, customer managed policies attached directly or through
 * groups, and AWS managed policies attached by ARN (their documents come from the shipped AWS
 * managed policy data; one the data does not hold stays unknown). Indexed by ARN across every
 * root module scanned, so a trust in one account can be checked against the caller's
 * permissions in another.
 */
import { awsManagedPolicyRef, type PolicyRef } from '../iam/sources';
import type { PrincipalInfo } from '../iam/principals';
import { managedPolicyByArn } from '../aws/managed-policies';
import { stringAttr, type ResourceInstance } from '../terraform/instance';
import type { Val } from '../terraform/value';
import { appendTo } from '../collections';

export interface IdentityNode {
  resource: ResourceInstance;
  kind: 'role' | 'user';
  /** The ARN, when known. */
  arn: string | undefined;
  /** Identity policies known to apply. */
  policies: PolicyRef[];
  /** Policies attached by ARN whose documents are not known: customer managed ones not scanned, AWS managed ones the data does not hold (with why). */
  external: { arn: string; why?: string }[];
  /** Some attachment could not be resolved (an unknown policy or principal reference). */
  incomplete: boolean;
  /**
   * A role IAM Identity Center creates for a permission set in a target account
   * (`aws_ssoadmin_account_assignment`): its account, permission set name and who it is assigned to.
   */
  identityCenter?: { account: string | undefined; permissionSet: string | undefined; principalType: string | undefined; principalId: string | undefined };
}

/** The name prefix of the roles Identity Center creates: `AWSReservedSSO_<permission set>_<random>`. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]+$/;

/** What an AWS managed policy allows, for the few that matter to role assumption (when the AWS managed policy data is not installed). */
export function managedPolicyAllowsAssumeRole(arn: string): boolean | undefined {
  const name = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (name === 'AdministratorAccess' || name === 'PowerUserAccess') return true;
  return undefined;
}

type Lookup = (v: Val | undefined, from: ResourceInstance) => ResourceInstance | undefined;

function strings(v: Val | undefined): (Val | undefined)[] {
  if (!v || v.t === 'null') return [];
  if (v.t === 'l') return v.items;
  return [v];
}

export class Identities {
  readonly nodes: IdentityNode[] = [];
  private readonly byArn = new Map<string, IdentityNode>();
  private readonly byResource = new Map<ResourceInstance, IdentityNode>();
  /** Identity policy -> identities it applies to. */
  private readonly holders = new Map<PolicyRef, IdentityNode[]>();

  constructor(
    ofType: (t: string) => ResourceInstance[],
    private readonly policiesOf: (r: ResourceInstance) => PolicyRef[],
    find: (type: string, attrs: string[]) => Lookup,
  ) {
    for (const kind of ['role', 'user'] as const) {
      for (const r of ofType(`aws_iam_${kind}`)) {
        const arn = r.attrs.m.get('arn');
        const node: IdentityNode = { resource: r, kind, arn: arn?.t === 's' ? arn.v : undefined, policies: [], external: [], incomplete: false };
        this.nodes.push(node);
        this.byResource.set(r, node);
        if (node.arn) this.byArn.set(node.arn, node);
        if (kind === 'role') for (const p of policiesOf(r)) if (p.kind === 'identity') this.attach(node, p);
        if (kind === 'role') for (const a of strings(r.attrs.m.get('managed_policy_arns'))) this.attachArn(node, a, r, 'managed_policy_arns', find('aws_iam_policy', ['arn']));
      }
    }
    const role = find('aws_iam_role', ['name', 'id', 'arn']);
    const user = find('aws_iam_user', ['name', 'id', 'arn']);
    const group = find('aws_iam_group', ['name', 'id', 'arn']);
    const policy = find('aws_iam_policy', ['arn', 'id']);
    const nodeOf = (lookup: Lookup, v: Val | undefined, from: ResourceInstance) => {
      const r = lookup(v, from);
      return r ? this.byResource.get(r) : undefined;
    };
    // group -> members
    const members = new Map<ResourceInstance, IdentityNode[]>();
    const addMember = (g: ResourceInstance | undefined, u: IdentityNode | undefined) => {
      if (!g || !u) return;
      appendTo(members, g, u);
    };
    for (const m of ofType('aws_iam_user_group_membership')) {
      const u = nodeOf(user, m.attrs.m.get('user'), m);
      for (const gv of strings(m.attrs.m.get('groups'))) addMember(group(gv, m), u);
    }
    for (const m of ofType('aws_iam_group_membership')) {
      const g = group(m.attrs.m.get('group'), m);
      for (const uv of strings(m.attrs.m.get('users'))) addMember(g, nodeOf(user, uv, m));
    }
    const forTargets = (targets: { lookup: Lookup; value: Val | undefined; group?: boolean }[], from: ResourceInstance, apply: (n: IdentityNode) => void) => {
      for (const t of targets) {
        for (const v of strings(t.value)) {
          if (t.group) {
            const g = group(v, from);
            for (const n of g ? members.get(g) ?? [] : []) apply(n);
          } else {
            const n = nodeOf(t.lookup, v, from);
            if (n) apply(n);
          }
        }
      }
    };
    for (const [type, attrName, lookup, isGroup] of [
      ['aws_iam_role_policy', 'role', role, false],
      ['aws_iam_user_policy', 'user', user, false],
      ['aws_iam_group_policy', 'group', group, true],
    ] as const) {
      for (const r of ofType(type)) {
        for (const p of policiesOf(r)) forTargets([{ lookup, value: r.attrs.m.get(attrName), group: isGroup }], r, (n) => this.attach(n, p));
      }
    }
    for (const [type, attrName, lookup, isGroup] of [
      ['aws_iam_role_policy_attachment', 'role', role, false],
      ['aws_iam_user_policy_attachment', 'user', user, false],
      ['aws_iam_group_policy_attachment', 'group', group, true],
    ] as const) {
      for (const r of ofType(type)) {
        forTargets([{ lookup, value: r.attrs.m.get(attrName), group: isGroup }], r, (n) => this.attachArn(n, r.attrs.m.get('policy_arn'), r, 'policy_arn', policy));
      }
    }
    this.identityCenter(ofType, find);
    for (const r of ofType('aws_iam_policy_attachment')) {
      forTargets(
        [
          { lookup: role, value: r.attrs.m.get('roles') },
          { lookup: user, value: r.attrs.m.get('users') },
          { lookup: group, value: r.attrs.m.get('groups'), group: true },
        ],
        r,
        (n) => this.attachArn(n, r.attrs.m.get('policy_arn'), r, 'policy_arn', policy),
      );
    }
  }

  /**
   * Identity Center: each account assignment makes a role in its target account whose identity
   * policies are the permission set's inline policy and attached managed policies.
   */
  private identityCenter(ofType: (t: string) => ResourceInstance[], find: (type: string, attrs: string[]) => Lookup): void {
    const permissionSet = find('aws_ssoadmin_permission_set', ['arn', 'id']);
    const policy = find('aws_iam_policy', ['arn', 'id']);
    const bySet = new Map<ResourceInstance, { inline: PolicyRef[]; managed: { v: Val | undefined; from: ResourceInstance }[] }>();
    const entry = (ps: ResourceInstance) => {
      let e = bySet.get(ps);
      if (!e) bySet.set(ps, (e = { inline: [], managed: [] }));
      return e;
    };
    for (const r of ofType('aws_ssoadmin_permission_set_inline_policy')) {
      const ps = permissionSet(r.attrs.m.get('permission_set_arn'), r);
      if (ps) entry(ps).inline.push(...this.policiesOf(r).filter((p) => p.kind === 'identity'));
    }
    for (const r of ofType('aws_ssoadmin_managed_policy_attachment')) {
      const ps = permissionSet(r.attrs.m.get('permission_set_arn'), r);
      if (ps) entry(ps).managed.push({ v: r.attrs.m.get('managed_policy_arn'), from: r });
    }
    for (const a of ofType('aws_ssoadmin_account_assignment')) {
      const ps = permissionSet(a.attrs.m.get('permission_set_arn'), a);
      const target = stringAttr(a, 'target_id');
      const node: IdentityNode = {
        resource: a,
        kind: 'role',
        arn: undefined,
        policies: [],
        external: [],
        incomplete: !ps,
        identityCenter: {
          account: target && /^\d{12}$/.test(target) ? target : undefined,
          permissionSet: ps ? stringAttr(ps, 'name') : undefined,
          principalType: stringAttr(a, 'principal_type'),
          principalId: stringAttr(a, 'principal_id'),
        },
      };
      this.nodes.push(node);
      this.byResource.set(a, node);
      const e = ps ? bySet.get(ps) : undefined;
      for (const p of e?.inline ?? []) this.attach(node, p);
      for (const m of e?.managed ?? []) this.attachArn(node, m.v, m.from, 'managed_policy_arn', policy);
    }
  }

  private attach(n: IdentityNode, p: PolicyRef): void {
    if (!n.policies.includes(p)) n.policies.push(p);
    const h = this.holders.get(p) ?? [];
    if (!h.includes(n)) h.push(n);
    this.holders.set(p, h);
  }

  /** The AWS managed policies attached, one reference per attaching resource, attribute and ARN. */
  private readonly managed = new Map<ResourceInstance, Map<string, PolicyRef>>();

  private attachArn(n: IdentityNode, v: Val | undefined, from: ResourceInstance, attribute: string, policy: Lookup): void {
    const p = policy(v, from);
    if (p) {
      for (const ref of this.policiesOf(p)) if (ref.kind === 'identity') this.attach(n, ref);
      return;
    }
    if (v?.t !== 's') {
      n.incomplete = true;
      return;
    }
    const found = managedPolicyByArn(v.v);
    if (!found || 'unknown' in found) {
      n.external.push({ arn: v.v, ...(found ? { why: found.unknown } : {}) });
      return;
    }
    let byArn = this.managed.get(from);
    if (!byArn) this.managed.set(from, (byArn = new Map()));
    const key = `${attribute}\u0000${v.v}`;
    let ref = byArn.get(key);
    if (!ref) byArn.set(key, (ref = awsManagedPolicyRef(from, attribute, v, found)));
    this.attach(n, ref);
  }

  byArnOf(arn: string): IdentityNode | undefined {
    return this.byArn.get(arn);
  }

  private byName: Map<string, IdentityNode> | undefined;

  /**
   * The identity a principal denotes: by ARN, else by kind, account and name (ARNs with a path,
   * or an ARN known only after apply). An assumed-role session denotes its role. With
   * `orUnknownAccount`, an identity of that name whose own account is not known matches too.
   */
  forPrincipal(info: PrincipalInfo, orUnknownAccount = false): IdentityNode | undefined {
    if (info.kind !== 'role' && info.kind !== 'user' && info.kind !== 'assumed-role') return undefined;
    const exact = this.byArn.get(info.text);
    if (exact || !info.name || !info.account) return exact;
    if (!this.byName) {
      this.byName = new Map();
      for (const n of this.nodes) {
        const key = `${n.kind}:${n.resource.account}:${stringAttr(n.resource, 'name')}`;
        if (!this.byName.has(key)) this.byName.set(key, n);
      }
    }
    const kind = info.kind === 'user' ? 'user' : 'role';
    const named = this.byName.get(`${kind}:${info.account}:${info.name}`) ?? (orUnknownAccount ? this.byName.get(`${kind}:undefined:${info.name}`) : undefined);
    if (named || kind !== 'role') return named;
    // a role Identity Center made: its permission set's name and the assignment's target account
    const sso = SSO_ROLE.exec(info.name)?.[1];
    return sso === undefined ? undefined : this.nodes.find((n) => n.identityCenter?.permissionSet === sso && n.identityCenter.account === info.account);
  }

  of(r: ResourceInstance): IdentityNode | undefined {
    return this.byResource.get(r);
  }

  /** Identities an identity policy applies to. */
  holdersOf(p: PolicyRef): IdentityNode[] {
    return this.holders.get(p) ?? [];
  }
}
