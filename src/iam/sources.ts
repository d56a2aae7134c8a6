/**
 * Where policies live: which resource attributes hold which kind of policy, and the policy
 * AWS builds from an aws_lambda_permission. Every policy found becomes a PolicyRef holding the
 * normalised document.
 */
import type { Range } from '../hcl/ast';
import { attr, blocksOf } from '../hcl/ast';
import { attributeRange, type ResourceInstance } from '../terraform/instance';
import type { Val } from '../terraform/value';
import { normalisePolicy, type ConditionEntry, type MaybeString, type PolicyDocument, type PrincipalEntry, type Statement } from './policy';

export type PolicyKind = 'trust' | 'identity' | 'resource' | 'key' | 'scp' | 'rcp';

export interface PolicyRef {
  kind: PolicyKind;
  holder: ResourceInstance;
  /** Attribute holding the policy, e.g. `assume_role_policy`, `inline_policy[0].policy`. */
  attribute: string;
  /** Range of the attribute (where findings point when nothing more precise is known). */
  attributeRange: Range;
  value: Val | undefined;
  doc: PolicyDocument;
}

/** Resource types whose attribute holds a policy of a given kind. */
const POLICY_ATTRIBUTES: Record<string, { attribute: string; kind: PolicyKind }[]> = {
  aws_iam_role: [{ attribute: 'assume_role_policy', kind: 'trust' }],
  aws_iam_policy: [{ attribute: 'policy', kind: 'identity' }],
  aws_iam_role_policy: [{ attribute: 'policy', kind: 'identity' }],
  aws_iam_user_policy: [{ attribute: 'policy', kind: 'identity' }],
  aws_iam_group_policy: [{ attribute: 'policy', kind: 'identity' }],
  aws_s3_bucket_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_s3_bucket: [{ attribute: 'policy', kind: 'resource' }],
  aws_kms_key: [{ attribute: 'policy', kind: 'key' }],
  aws_kms_key_policy: [{ attribute: 'policy', kind: 'key' }],
  aws_sqs_queue_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_sqs_queue: [{ attribute: 'policy', kind: 'resource' }],
  aws_sns_topic_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_sns_topic: [{ attribute: 'policy', kind: 'resource' }],
  aws_secretsmanager_secret_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_ecr_repository_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_cloudwatch_event_bus_policy: [{ attribute: 'policy', kind: 'resource' }],
  aws_cloudwatch_log_destination_policy: [{ attribute: 'access_policy', kind: 'resource' }],
  aws_glacier_vault: [{ attribute: 'access_policy', kind: 'resource' }],
  aws_backup_vault_policy: [{ attribute: 'policy', kind: 'resource' }],
};

export const POLICY_RESOURCE_TYPES = new Set([...Object.keys(POLICY_ATTRIBUTES), 'aws_lambda_permission', 'aws_organizations_policy']);

/**
 * Resource types that hold an access policy, a grant or a sharing attribute that tfxacct does not
 * analyse yet: the attribute that holds it (null when the resource itself is the grant). A scan
 * says so (once per type and root module) rather than passing them in silence.
 */
export const UNMODELLED_POLICY_TYPES: Record<string, string | null> = {
  aws_secretsmanager_secret: 'policy',
  aws_kms_replica_key: 'policy',
  aws_kms_external_key: 'policy',
  aws_kms_replica_external_key: 'policy',
  aws_dynamodb_resource_policy: 'policy',
  aws_kinesis_resource_policy: 'policy',
  aws_opensearch_domain: 'access_policies',
  aws_opensearch_domain_policy: 'access_policies',
  aws_elasticsearch_domain: 'access_policies',
  aws_elasticsearch_domain_policy: 'access_policies',
  aws_api_gateway_rest_api: 'policy',
  aws_api_gateway_rest_api_policy: 'policy',
  aws_efs_file_system_policy: 'policy',
  aws_glue_resource_policy: 'policy',
  aws_ecr_registry_policy: 'policy',
  aws_ecrpublic_repository_policy: 'policy',
  aws_codeartifact_domain_permissions_policy: 'policy_document',
  aws_codeartifact_repository_permissions_policy: 'policy_document',
  aws_codebuild_resource_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
  aws_cloudwatch_event_permission: null,
  aws_oam_sink_policy: 'policy',
  aws_s3_access_point: 'policy',
  aws_s3control_access_point_policy: 'policy',
  aws_s3control_bucket_policy: 'policy',
  aws_s3control_multi_region_access_point_policy: null,
  aws_s3control_object_lambda_access_point_policy: 'policy',
  aws_s3control_access_grants_instance_resource_policy: 'policy',
  aws_s3tables_table_bucket_policy: 'resource_policy',
  aws_s3tables_table_policy: 'resource_policy',
  aws_ses_identity_policy: 'policy',
  aws_sagemaker_model_package_group_policy: 'resource_policy',
  aws_networkfirewall_resource_policy: 'policy',
  aws_vpclattice_auth_policy: 'policy',
  aws_vpclattice_resource_policy: 'policy',
  aws_prometheus_resource_policy: 'policy_document',
  aws_lambda_layer_version_permission: null,
  aws_glacier_vault_lock: 'policy',
  aws_media_store_container_policy: 'policy',
  aws_iot_policy: 'policy',
  aws_vpc_endpoint: 'policy',
  aws_vpc_endpoint_policy: 'policy',
  aws_ssoadmin_permission_set_inline_policy: 'inline_policy',
  aws_ssoadmin_permissions_boundary_attachment: null,
  aws_db_snapshot: 'shared_accounts',
  aws_db_cluster_snapshot: 'shared_accounts',
  aws_db_snapshot_copy: 'shared_accounts',
  aws_ami_launch_permission: null,
  aws_snapshot_create_volume_permission: null,
};

/** The attribute of a managed resource that holds a policy tfxacct does not analyse yet, if any. */
export function unmodelledPolicyOf(r: ResourceInstance): string | undefined {
  if (r.mode !== 'managed' || !Object.hasOwn(UNMODELLED_POLICY_TYPES, r.type)) return undefined;
  const a = UNMODELLED_POLICY_TYPES[r.type];
  if (a === null) return r.type;
  const v = r.attrs.m.get(a);
  return v && v.t !== 'null' && !(v.t === 'l' && v.items.length === 0) && !(v.t === 's' && v.v === '') ? a : undefined;
}


function policyOf(r: ResourceInstance, kind: PolicyKind, attribute: string, value: Val | undefined, range: Range): PolicyRef {
  const doc = value
    ? normalisePolicy(value, { moduleDir: r.moduleDir, fallback: range })
    : { statements: [], unknowns: [], problems: [] };
  return { kind, holder: r, attribute, attributeRange: range, value, doc };
}

/** Every policy held by a resource instance. */
export function policiesOf(r: ResourceInstance): PolicyRef[] {
  if (r.mode !== 'managed') return [];
  const out: PolicyRef[] = [];
  for (const { attribute, kind } of POLICY_ATTRIBUTES[r.type] ?? []) {
    const v = r.attrs.m.get(attribute);
    if (!v || v.t === 'null') continue;
    out.push(policyOf(r, kind, attribute, v, attributeRange(r, attribute)));
  }
  if (r.type === 'aws_iam_role') {
    const inline = r.attrs.m.get('inline_policy');
    const blocks = r.body ? blocksOf(r.body, 'inline_policy') : [];
    if (inline?.t === 'l') {
      inline.items.forEach((b, i) => {
        if (b.t !== 'o') return;
        const p = b.m.get('policy');
        if (!p || p.t === 'null') return;
        const range = (blocks[i] && attr(blocks[i].body, 'policy')?.range) ?? b.r ?? r.range;
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
  if (r.type === 'aws_lambda_permission') out.push(lambdaPermissionPolicy(r));
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
 * The resource policy statement AWS adds for an aws_lambda_permission: the principal may invoke
 * the function, conditioned on source_account / source_arn / principal_org_id.
 */
function lambdaPermissionPolicy(r: ResourceInstance): PolicyRef {
  const range = r.range;
  const at = (name: string) => attributeRange(r, name);
  const principal = maybe(r.attrs.m.get('principal'));
  const action = maybe(r.attrs.m.get('action')) ?? 'lambda:InvokeFunction';
  const entries: PrincipalEntry[] = [];
  if (principal !== undefined) {
    let type: PrincipalEntry['type'] = 'AWS';
    if (typeof principal === 'string') {
      if (principal === '*') type = '*';
      else if (/\.amazonaws\.com(\.cn)?$/.test(principal) || principal.endsWith('.amazon.com')) type = 'Service';
    }
    entries.push({ type, value: principal, range: at('principal'), path: 'principal' });
  }
  const conditions: ConditionEntry[] = [];
  const cond = (name: string, operator: string, key: string) => {
    const v = maybe(r.attrs.m.get(name));
    if (v !== undefined) conditions.push({ operator, key, values: [v], range: at(name), path: name });
  };
  cond('source_account', 'StringEquals', 'AWS:SourceAccount');
  cond('source_arn', 'ArnLike', 'AWS:SourceArn');
  cond('principal_org_id', 'StringEquals', 'aws:PrincipalOrgID');
  cond('event_source_token', 'StringEquals', 'lambda:EventSourceToken');
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
