/**
 * Where policies live: which resource attributes hold which kind of policy (the rows of
 * src/aws/resource-types.ts), and the statement AWS builds from a permission resource
 * (aws_lambda_permission and its kin). Every policy found becomes a PolicyRef holding the
 * normalised document.
 */
import type { Range } from '../hcl/ast';
import { attributeRange, type ResourceInstance } from '../terraform/instance';
import type { Val, VStr } from '../terraform/value';
import { managedPolicyValue } from '../terraform/aws-computed';
import type { ManagedPolicy } from '../aws/managed-policies';
import { RESOURCE_TYPES, resourceType, type GrantSpec, type PolicyKind } from '../aws/resource-types';
import { normalisePolicy, type ConditionEntry, type MaybeString, type PolicyDocument, type PrincipalEntry, type Statement } from './policy';

export interface PolicyRef {
  kind: PolicyKind;
  holder: ResourceInstance;
  /** Attribute holding the policy, e.g. `assume_role_policy`, `inline_policy[0].policy`. */
  attribute: string;
  /** Range of the attribute (where findings point when nothing more precise is known). */
  attributeRange: Range;
  value: Val | undefined;
  doc: PolicyDocument;
  /** An AWS managed policy attached by ARN: its document is the shipped data's, not the holder's. */
  awsManaged?: { name: string; arn: string };
}

export const POLICY_RESOURCE_TYPES = new Set(
  Object.entries(RESOURCE_TYPES)
    .filter(([t, row]) => row.policies || row.grant || t === 'aws_organizations_policy')
    .map(([t]) => t),
);

/**
 * Resource types that hold an access policy, a grant or a sharing attribute that tfxacct does not
 * analyse yet: the attribute that holds it (null when the resource itself is the grant). A scan
 * says so (once per type and root module) rather than passing them in silence.
 */
export const UNMODELLED_POLICY_TYPES: Record<string, string | null> = Object.fromEntries(
  Object.entries(RESOURCE_TYPES)
    .filter(([, row]) => row.unmodelled !== undefined)
    .map(([t, row]) => [t, row.unmodelled!]),
);

/** The attribute of a managed resource that holds a policy tfxacct does not analyse yet, if any. */
export function unmodelledPolicyOf(r: ResourceInstance): string | undefined {
  if (r.mode !== 'managed' || !Object.hasOwn(UNMODELLED_POLICY_TYPES, r.type)) return undefined;
  const a = UNMODELLED_POLICY_TYPES[r.type];
  if (a === null) return r.type;
  const v = r.attrs.m.get(a);
  return v && v.t !== 'null' && !(v.t === 'l' && v.items.length === 0) && !(v.t === 's' && v.v === '') ? a : undefined;
}

/**
 * A value at an attribute path (`policy`, or `details.policy` inside the first `details` block),
 * with the path as findings name it (`details[0].policy`).
 */
export function attributeAt(r: ResourceInstance, path: string): { value: Val | undefined; name: string; range: Range } {
  const [head, ...rest] = path.split('.');
  let v: Val | undefined = r.attrs.m.get(head);
  let name = head;
  let range = attributeRange(r, head);
  const block = r.site?.blocksOf(head)[0];
  for (const k of rest) {
    if (v?.t === 'l') v = v.items[0];
    if (v?.t === 'u') return { value: v, name: `${name}.${k}`, range };
    v = v?.t === 'o' ? v.m.get(k) : undefined;
    name = `${name}[0].${k}`;
    if (block) range = block.site.attributeRange(k) ?? block.range ?? range;
  }
  return { value: v, name, range };
}

function policyOf(r: ResourceInstance, kind: PolicyKind, attribute: string, value: Val | undefined, range: Range): PolicyRef {
  if (!value) return { kind, holder: r, attribute, attributeRange: range, value, doc: { statements: [], unknowns: [], problems: [] } };
  return new HeldPolicy(kind, r, attribute, range, value);
}

/**
 * A policy whose document is read (normalised) when first asked for: a query about one resource
 * (who-can) needs few of them. The getter is the class's, so each policy costs no closure.
 */
class HeldPolicy implements PolicyRef {
  #doc: PolicyDocument | undefined;

  constructor(
    readonly kind: PolicyKind,
    readonly holder: ResourceInstance,
    readonly attribute: string,
    readonly attributeRange: Range,
    readonly value: Val,
  ) {}

  get doc(): PolicyDocument {
    this.#doc ??= normalisePolicy(this.value, { moduleDir: this.holder.moduleDir, fallback: this.attributeRange });
    return this.#doc;
  }
}

/**
 * An AWS managed policy a resource attaches by ARN (`policy_arn`, `managed_policy_arns`), as an
 * identity policy of that resource: the shipped document, placed where the ARN is written.
 */
export function awsManagedPolicyRef(holder: ResourceInstance, attribute: string, arn: VStr, policy: ManagedPolicy): PolicyRef {
  const range = attributeRange(holder, attribute);
  const value: VStr = { ...managedPolicyValue(policy, arn.r ?? range), ...(arn.u ? { u: arn.u } : {}) };
  return { kind: 'identity', holder, attribute, attributeRange: range, value, doc: normalisePolicy(value, { moduleDir: holder.moduleDir, fallback: range }), awsManaged: { name: policy.name, arn: policy.arn } };
}

/** Every policy held by a resource instance. */
export function policiesOf(r: ResourceInstance): PolicyRef[] {
  if (r.mode !== 'managed') return [];
  const out: PolicyRef[] = [];
  const row = resourceType(r.type);
  for (const { attribute, kind, emptyIsUnset } of row?.policies ?? []) {
    const { value, name, range } = attributeAt(r, attribute);
    if (!value || value.t === 'null') continue;
    // the provider sends no policy for "": AWS keeps its default, as when the argument is not set
    if (emptyIsUnset && value.t === 's' && !value.json && value.v === '') continue;
    out.push(policyOf(r, kind, name, value, range));
  }
  if (r.type === 'aws_iam_role') {
    const inline = r.attrs.m.get('inline_policy');
    const blocks = r.site?.blocksOf('inline_policy') ?? [];
    if (inline?.t === 'l') {
      inline.items.forEach((b, i) => {
        if (b.t !== 'o') return;
        const p = b.m.get('policy');
        if (!p || p.t === 'null') return;
        const range = blocks[i]?.site.attributeRange('policy') ?? b.r ?? r.range;
        out.push(policyOf(r, 'identity', `inline_policy[${i}].policy`, p, range));
      });
    }
  }
  if (r.type === 'aws_organizations_policy') {
    // the provider's default type is SERVICE_CONTROL_POLICY; an unknown type is neither
    const type = r.attrs.m.get('type');
    const t = !type || type.t === 'null' ? 'SERVICE_CONTROL_POLICY' : type.t === 's' ? type.v : undefined;
    const kind: PolicyKind | undefined = t === 'SERVICE_CONTROL_POLICY' ? 'scp' : t === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
    const v = r.attrs.m.get('content');
    if (kind && v && v.t !== 'null') out.push(policyOf(r, kind, 'content', v, attributeRange(r, 'content')));
  }
  if (row?.grant) out.push(grantPolicy(r, row.grant));
  return out;
}

function maybe(v: Val | undefined): MaybeString | undefined {
  if (!v || v.t === 'null') return undefined;
  if (v.t === 'u') return { unknown: true, why: v.why, ...(v.parts ? { parts: v.parts } : {}) };
  if (v.t === 's') return v.v;
  if (v.t === 'n' || v.t === 'b') return String(v.v);
  return undefined;
}

/**
 * The resource policy statement AWS adds for a permission resource (aws_lambda_permission,
 * aws_lambda_layer_version_permission, aws_cloudwatch_event_permission): the principal may take
 * the action, under the conditions its attributes set (source_account, source_arn, an
 * organization id…).
 */
function grantPolicy(r: ResourceInstance, spec: GrantSpec): PolicyRef {
  const range = r.range;
  const at = (name: string) => attributeAt(r, name).range;
  const principal = maybe(attributeAt(r, spec.principal).value);
  const action = maybe(attributeAt(r, spec.action).value) ?? spec.defaultAction ?? '*';
  const entries: PrincipalEntry[] = [];
  if (principal !== undefined) {
    let type: PrincipalEntry['type'] = 'AWS';
    if (typeof principal === 'string') {
      if (principal === '*') type = '*';
      else if (/\.amazonaws\.com(\.cn)?$/.test(principal) || principal.endsWith('.amazon.com')) type = 'Service';
    }
    entries.push({ type, value: principal, range: at(spec.principal), path: spec.principal });
  }
  const conditions: ConditionEntry[] = [];
  for (const c of spec.conditions) {
    const v = maybe(attributeAt(r, c.attribute).value);
    if (v !== undefined) conditions.push({ operator: c.operator, key: c.key, values: [v], range: at(c.attribute), path: c.attribute });
  }
  const st: Statement = {
    index: 0,
    path: 'permission',
    range,
    effect: 'Allow',
    effectRange: range,
    principal: { entries, range: at('principal'), path: 'principal' },
    action: { items: [action], range: at('action'), path: 'action' },
    conditions,
  };
  const unknowns = [...entries.map((e) => e.value), ...conditions.flatMap((c) => c.values)]
    .filter((v): v is Exclude<MaybeString, string> => typeof v !== 'string')
    .map((v) => ({ why: v.why, range, path: 'permission' }));
  return { kind: 'resource', holder: r, attribute: 'principal', attributeRange: at('principal'), value: undefined, doc: { statements: [st], unknowns, problems: [] } };
}
