/**
 * The Terraform types that carry an access policy, a grant or encryption that matters for
 * cross-account access: one row per type, read by the evaluator (ARNs and ids AWS derives from the
 * configuration), the policy reader (which attribute holds which kind of policy), the graph (which
 * resource a policy governs, which key encrypts it) and the rules. Adding a type is adding a row
 * and a fixture (testdata/types/), which the catalog test checks.
 *
 * This module holds data only and imports nothing, so every layer can read it.
 */

/**
 * What a policy is to AWS: a role trust, an identity policy, a resource policy, a key policy,
 * an organization guardrail, or a perimeter filter (a VPC endpoint policy: `Principal "*"` is its
 * norm, it can only narrow what other policies grant, and it is never reported as public).
 */
export type PolicyKind = 'trust' | 'identity' | 'resource' | 'key' | 'scp' | 'rcp' | 'perimeter';

export interface PolicyAttribute {
  /** Attribute path: `policy`, or a nested block's attribute `details.policy`. */
  attribute: string;
  kind: PolicyKind;
  /**
   * An optional argument of a resource that is more than its policy: the provider sends no policy
   * when it is "" (it reads the argument with GetOk, whose zero value is ""), so AWS applies its
   * default (a key's default key policy, no bucket or queue policy), as when it is not set.
   */
  emptyIsUnset?: true;
}

/** A resource whose policy lives on a resource of its own (`aws_sqs_queue_policy` → `aws_sqs_queue`). */
export interface Governs {
  /** Attribute of the policy resource that names the governed resource. */
  link: string;
  /** Governed types, and the attributes of theirs the link may equal. */
  targets: { type: string; attrs: string[] }[];
}

/**
 * An ARN AWS builds from the configuration: `arn:<partition>:<service>:<region>:<account>:<resource>`.
 * `resource` pieces are literal text or `{attr}` for a configuration attribute; `region: false`
 * for global services; `account: false` for ARNs without an account (S3 buckets).
 */
export interface ArnFormat {
  service: string;
  resource: string[];
  region?: false;
  account?: false;
  /** An attribute that, when set, gives the owning account instead of the provider's (`account_id`). */
  accountAttr?: string;
  /** The provider sets `id` to this attribute (or to the ARN with `'arn'`). */
  id?: string;
}

/** How a resource is encrypted, for TFXA105: the key attribute and what AWS uses when none is set. */
export interface EncryptionSpec {
  /** Attribute path of the key id / ARN / alias. */
  key: string;
  /** The AWS managed key the service uses when no key is set (absent: an AWS owned key or none, usable on the caller's behalf). */
  withoutKey?: string;
  /** Encryption with `withoutKey` applies only when this attribute path is true (DynamoDB's `server_side_encryption.enabled`). */
  onlyIf?: string;
}

/** A resource that is itself a grant (a permission statement AWS adds to another resource's policy). */
export interface GrantSpec {
  principal: string;
  action: string;
  /** The action when the attribute is not set. */
  defaultAction?: string;
  /** Attribute → condition the statement carries (`source_account` → `StringEquals aws:SourceAccount`). */
  conditions: { attribute: string; operator: string; key: string }[];
}

/** The placeholder of an id AWS generates, in ARNs built before it is known. */
export const AFTER_APPLY_ID = '(known-after-apply)';

/**
 * The ARN a request names on what a policy (or permission) resource governs, when that is not
 * defined in the configuration, from the policy resource's attributes, in its own account and
 * region. `from`: the attribute that names it; when it holds an ARN, that is the ARN. `arn`: the
 * ARN otherwise, a template of `{partition}`, `{region}`, `{account}`, `{attr}` (an attribute;
 * unset, there is no ARN), `{attr=text}` (text when unset) and `{?:attr}` (":" and the attribute
 * when it is set, nothing otherwise). `queueUrl`: `from` is an SQS queue URL.
 */
export interface RequestArn {
  from?: string;
  arn?: string;
  queueUrl?: true;
}

export interface ResourceTypeRow {
  policies?: PolicyAttribute[];
  governs?: Governs;
  arn?: ArnFormat;
  encryption?: EncryptionSpec;
  grant?: GrantSpec;
  /** A KMS key (customer managed, replica or external): its policy is a key policy. */
  key?: true;
  /** A sharing attribute (snapshot or image permissions), read by src/graph/sharing.ts for TFXA110 and TFXA111. */
  sharing?: true;
  request?: RequestArn;
  /** A type that holds a policy or sharing attribute not analysed yet: the attribute (null: the resource is the grant). */
  unmodelled?: string | null;
}

const resource = (attribute = 'policy'): PolicyAttribute[] => [{ attribute, kind: 'resource' }];
/** A policy that is an optional argument of the resource it governs ("" is as if not set). */
const embedded = (kind: PolicyKind, attribute = 'policy'): PolicyAttribute[] => [{ attribute, kind, emptyIsUnset: true }];

export const RESOURCE_TYPES: Record<string, ResourceTypeRow> = {
  // --- identities and role trust
  aws_iam_role: { policies: [{ attribute: 'assume_role_policy', kind: 'trust' }] },
  aws_iam_policy: { policies: [{ attribute: 'policy', kind: 'identity' }] },
  aws_iam_role_policy: { policies: [{ attribute: 'policy', kind: 'identity' }] },
  aws_iam_user_policy: { policies: [{ attribute: 'policy', kind: 'identity' }] },
  aws_iam_group_policy: { policies: [{ attribute: 'policy', kind: 'identity' }] },
  aws_iot_policy: { policies: [{ attribute: 'policy', kind: 'identity' }], arn: { service: 'iot', resource: ['policy/', '{name}'] } },
  aws_ssoadmin_permission_set_inline_policy: {
    policies: [{ attribute: 'inline_policy', kind: 'identity' }],
    governs: { link: 'permission_set_arn', targets: [{ type: 'aws_ssoadmin_permission_set', attrs: ['arn', 'id'] }] },
  },
  aws_ssoadmin_permissions_boundary_attachment: { unmodelled: null },

  // --- S3
  aws_s3_bucket: { policies: embedded('resource') },
  aws_s3_bucket_policy: { policies: resource(), governs: { link: 'bucket', targets: [{ type: 'aws_s3_bucket', attrs: ['bucket', 'id'] }] }, request: { from: 'bucket', arn: 'arn:{partition}:s3:::{bucket}' } },
  aws_s3_access_point: { policies: embedded('resource'), arn: { service: 's3', resource: ['accesspoint/', '{name}'], accountAttr: 'account_id', id: 'arn' } },
  aws_s3control_access_point_policy: { policies: resource(), governs: { link: 'access_point_arn', targets: [{ type: 'aws_s3_access_point', attrs: ['arn'] }] }, request: { from: 'access_point_arn' } },
  aws_s3control_bucket: { arn: { service: 's3-outposts', resource: ['outpost/', '{outpost_id}', '/bucket/', '{bucket}'] } },
  aws_s3control_bucket_policy: { policies: resource(), governs: { link: 'bucket', targets: [{ type: 'aws_s3control_bucket', attrs: ['arn'] }] }, request: { from: 'bucket' } },
  aws_s3control_multi_region_access_point_policy: { policies: resource('details.policy'), request: { from: 'details.name', arn: 'arn:{partition}:s3::{account}:accesspoint/{details.name}' } },
  aws_s3control_object_lambda_access_point: { arn: { service: 's3-object-lambda', resource: ['accesspoint/', '{name}'], accountAttr: 'account_id' } },
  aws_s3control_object_lambda_access_point_policy: { policies: resource(), governs: { link: 'name', targets: [{ type: 'aws_s3control_object_lambda_access_point', attrs: ['name'] }] }, request: { from: 'name', arn: 'arn:{partition}:s3-object-lambda:{region}:{account}:accesspoint/{name}' } },
  aws_s3control_access_grants_instance_resource_policy: { policies: resource(), request: { arn: 'arn:{partition}:s3:{region}:{account}:access-grants/default' } },
  aws_s3tables_table_bucket: { arn: { service: 's3tables', resource: ['bucket/', '{name}'] } },
  aws_s3tables_table_bucket_policy: { policies: resource('resource_policy'), governs: { link: 'table_bucket_arn', targets: [{ type: 'aws_s3tables_table_bucket', attrs: ['arn'] }] }, request: { from: 'table_bucket_arn' } },
  aws_s3tables_table_policy: { policies: resource('resource_policy'), governs: { link: 'name', targets: [{ type: 'aws_s3tables_table', attrs: ['name'] }] }, request: { arn: '{table_bucket_arn}/table/{name}' } },

  // --- keys
  aws_kms_key: { policies: embedded('key'), key: true },
  aws_kms_replica_key: { policies: embedded('key'), key: true },
  aws_kms_external_key: { policies: embedded('key'), key: true },
  aws_kms_replica_external_key: { policies: embedded('key'), key: true },
  aws_kms_key_policy: { policies: [{ attribute: 'policy', kind: 'key' }], request: { from: 'key_id', arn: 'arn:{partition}:kms:{region}:{account}:key/{key_id}' } },

  // --- messaging, secrets, data
  aws_sqs_queue: { policies: embedded('resource'), encryption: { key: 'kms_master_key_id' } },
  aws_sqs_queue_policy: { policies: resource(), governs: { link: 'queue_url', targets: [{ type: 'aws_sqs_queue', attrs: ['id', 'url'] }] }, request: { from: 'queue_url', queueUrl: true } },
  aws_sns_topic: { policies: embedded('resource'), encryption: { key: 'kms_master_key_id' } },
  aws_sns_topic_policy: { policies: resource(), governs: { link: 'arn', targets: [{ type: 'aws_sns_topic', attrs: ['arn', 'id'] }] }, request: { from: 'arn' } },
  aws_secretsmanager_secret: { policies: embedded('resource'), encryption: { key: 'kms_key_id', withoutKey: 'alias/aws/secretsmanager' } },
  aws_secretsmanager_secret_policy: { policies: resource(), governs: { link: 'secret_arn', targets: [{ type: 'aws_secretsmanager_secret', attrs: ['arn', 'id'] }] }, request: { from: 'secret_arn' } },
  aws_dynamodb_table: {
    arn: { service: 'dynamodb', resource: ['table/', '{name}'] },
    encryption: { key: 'server_side_encryption.kms_key_arn', withoutKey: 'alias/aws/dynamodb', onlyIf: 'server_side_encryption.enabled' },
  },
  aws_dynamodb_resource_policy: { policies: resource(), governs: { link: 'resource_arn', targets: [{ type: 'aws_dynamodb_table', attrs: ['arn'] }] }, request: { from: 'resource_arn' } },
  aws_kinesis_stream: { arn: { service: 'kinesis', resource: ['stream/', '{name}'] }, encryption: { key: 'kms_key_id' } },
  aws_kinesis_resource_policy: { policies: resource(), governs: { link: 'resource_arn', targets: [{ type: 'aws_kinesis_stream', attrs: ['arn'] }] }, request: { from: 'resource_arn' } },
  aws_glacier_vault: { policies: embedded('resource', 'access_policy'), arn: { service: 'glacier', resource: ['vaults/', '{name}'] } },
  aws_glacier_vault_lock: { policies: resource(), governs: { link: 'vault_name', targets: [{ type: 'aws_glacier_vault', attrs: ['name'] }] }, request: { from: 'vault_name', arn: 'arn:{partition}:glacier:{region}:{account}:vaults/{vault_name}' } },
  aws_backup_vault_policy: { policies: resource(), governs: { link: 'backup_vault_name', targets: [{ type: 'aws_backup_vault', attrs: ['name'] }] }, request: { from: 'backup_vault_name', arn: 'arn:{partition}:backup:{region}:{account}:backup-vault:{backup_vault_name}' } },
  aws_backup_vault: { arn: { service: 'backup', resource: ['backup-vault:', '{name}'] } },
  aws_media_store_container: { arn: { service: 'mediastore', resource: ['container/', '{name}'] } },
  aws_media_store_container_policy: { policies: resource(), governs: { link: 'container_name', targets: [{ type: 'aws_media_store_container', attrs: ['name'] }] }, request: { from: 'container_name', arn: 'arn:{partition}:mediastore:{region}:{account}:container/{container_name}' } },
  aws_efs_file_system_policy: { policies: resource(), governs: { link: 'file_system_id', targets: [{ type: 'aws_efs_file_system', attrs: ['id'] }] }, request: { from: 'file_system_id', arn: 'arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{file_system_id}' } },
  aws_glue_resource_policy: { policies: resource(), arn: { service: 'glue', resource: ['catalog'] } },

  // --- search, APIs, analytics
  aws_opensearch_domain: { policies: embedded('resource', 'access_policies'), arn: { service: 'es', resource: ['domain/', '{domain_name}'] }, request: { from: 'domain_name', arn: 'arn:{partition}:es:{region}:{account}:domain/{domain_name}/any' } },
  aws_opensearch_domain_policy: { policies: resource('access_policies'), governs: { link: 'domain_name', targets: [{ type: 'aws_opensearch_domain', attrs: ['domain_name'] }] }, request: { from: 'domain_name', arn: 'arn:{partition}:es:{region}:{account}:domain/{domain_name}/any' } },
  aws_elasticsearch_domain: { policies: embedded('resource', 'access_policies'), arn: { service: 'es', resource: ['domain/', '{domain_name}'] }, request: { from: 'domain_name', arn: 'arn:{partition}:es:{region}:{account}:domain/{domain_name}/any' } },
  aws_elasticsearch_domain_policy: { policies: resource('access_policies'), governs: { link: 'domain_name', targets: [{ type: 'aws_elasticsearch_domain', attrs: ['domain_name'] }] }, request: { from: 'domain_name', arn: 'arn:{partition}:es:{region}:{account}:domain/{domain_name}/any' } },
  aws_api_gateway_rest_api: { policies: embedded('resource'), request: { arn: `arn:{partition}:execute-api:{region}:{account}:{id=${AFTER_APPLY_ID}}/any/GET/any` } },
  aws_api_gateway_rest_api_policy: { policies: resource(), governs: { link: 'rest_api_id', targets: [{ type: 'aws_api_gateway_rest_api', attrs: ['id'] }] }, request: { from: 'rest_api_id', arn: 'arn:{partition}:execute-api:{region}:{account}:{rest_api_id}/any/GET/any' } },
  aws_prometheus_resource_policy: { policies: resource('policy_document'), governs: { link: 'workspace_id', targets: [{ type: 'aws_prometheus_workspace', attrs: ['id'] }] }, request: { from: 'workspace_id', arn: 'arn:{partition}:aps:{region}:{account}:workspace/{workspace_id}' } },
  aws_sagemaker_model_package_group: { arn: { service: 'sagemaker', resource: ['model-package-group/', '{model_package_group_name}'] } },
  aws_sagemaker_model_package_group_policy: {
    policies: resource('resource_policy'),
    governs: { link: 'model_package_group_name', targets: [{ type: 'aws_sagemaker_model_package_group', attrs: ['model_package_group_name'] }] },
    request: { from: 'model_package_group_name', arn: 'arn:{partition}:sagemaker:{region}:{account}:model-package-group/{model_package_group_name}' },
  },

  // --- containers, builds, packages
  aws_ecr_repository: { arn: { service: 'ecr', resource: ['repository/', '{name}'] } },
  aws_ecr_repository_policy: { policies: resource(), governs: { link: 'repository', targets: [{ type: 'aws_ecr_repository', attrs: ['name', 'id'] }] } },
  aws_ecr_registry_policy: { policies: resource(), request: { arn: 'arn:{partition}:ecr:{region}:{account}:repository/any' } },
  aws_ecrpublic_repository: { arn: { service: 'ecr-public', resource: ['repository/', '{repository_name}'], region: false } },
  aws_ecrpublic_repository_policy: { policies: resource(), governs: { link: 'repository_name', targets: [{ type: 'aws_ecrpublic_repository', attrs: ['repository_name', 'id'] }] }, request: { from: 'repository_name', arn: 'arn:{partition}:ecr-public::{account}:repository/{repository_name}' } },
  aws_codeartifact_domain: { arn: { service: 'codeartifact', resource: ['domain/', '{domain}'] } },
  aws_codeartifact_domain_permissions_policy: { policies: resource('policy_document'), governs: { link: 'domain', targets: [{ type: 'aws_codeartifact_domain', attrs: ['domain'] }] }, request: { from: 'domain', arn: 'arn:{partition}:codeartifact:{region}:{account}:domain/{domain}' } },
  aws_codeartifact_repository: { arn: { service: 'codeartifact', resource: ['repository/', '{domain}', '/', '{repository}'] } },
  aws_codeartifact_repository_permissions_policy: {
    policies: resource('policy_document'),
    governs: { link: 'repository', targets: [{ type: 'aws_codeartifact_repository', attrs: ['repository'] }] },
    request: { arn: 'arn:{partition}:codeartifact:{region}:{account}:repository/{domain}/{repository}' },
  },
  aws_codebuild_project: { arn: { service: 'codebuild', resource: ['project/', '{name}'] } },
  aws_codebuild_resource_policy: { policies: resource(), governs: { link: 'resource_arn', targets: [{ type: 'aws_codebuild_project', attrs: ['arn'] }] }, request: { from: 'resource_arn' } },

  // --- events, logs, observability, email
  aws_cloudwatch_event_bus: { arn: { service: 'events', resource: ['event-bus/', '{name}'] } },
  aws_cloudwatch_event_bus_policy: { policies: resource(), governs: { link: 'event_bus_name', targets: [{ type: 'aws_cloudwatch_event_bus', attrs: ['name', 'arn'] }] }, request: { from: 'event_bus_name', arn: 'arn:{partition}:events:{region}:{account}:event-bus/{event_bus_name=default}' } },
  aws_cloudwatch_event_permission: {
    grant: { principal: 'principal', action: 'action', defaultAction: 'events:PutEvents', conditions: [{ attribute: 'condition.value', operator: 'StringEquals', key: 'aws:PrincipalOrgID' }] },
    governs: { link: 'event_bus_name', targets: [{ type: 'aws_cloudwatch_event_bus', attrs: ['name', 'arn'] }] },
    request: { from: 'event_bus_name', arn: 'arn:{partition}:events:{region}:{account}:event-bus/{event_bus_name=default}' },
  },
  aws_cloudwatch_log_destination_policy: { policies: resource('access_policy'), request: { from: 'destination_name', arn: 'arn:{partition}:logs:{region}:{account}:destination:{destination_name}' } },
  aws_cloudwatch_log_resource_policy: { policies: resource('policy_document'), request: { arn: 'arn:{partition}:logs:{region}:{account}:log-group:any:*' } },
  aws_oam_sink_policy: { policies: resource(), governs: { link: 'sink_identifier', targets: [{ type: 'aws_oam_sink', attrs: ['id', 'arn'] }] }, request: { from: 'sink_identifier' } },
  aws_ses_domain_identity: { arn: { service: 'ses', resource: ['identity/', '{domain}'] } },
  aws_ses_email_identity: { arn: { service: 'ses', resource: ['identity/', '{email}'] } },
  aws_ses_identity_policy: {
    policies: resource(),
    governs: { link: 'identity', targets: [{ type: 'aws_ses_domain_identity', attrs: ['domain', 'arn'] }, { type: 'aws_ses_email_identity', attrs: ['email', 'arn'] }] },
    request: { from: 'identity', arn: 'arn:{partition}:ses:{region}:{account}:identity/{identity}' },
  },

  // --- functions
  aws_lambda_permission: {
    grant: {
      principal: 'principal',
      action: 'action',
      defaultAction: 'lambda:InvokeFunction',
      conditions: [
        { attribute: 'source_account', operator: 'StringEquals', key: 'AWS:SourceAccount' },
        { attribute: 'source_arn', operator: 'ArnLike', key: 'AWS:SourceArn' },
        { attribute: 'principal_org_id', operator: 'StringEquals', key: 'aws:PrincipalOrgID' },
        { attribute: 'event_source_token', operator: 'StringEquals', key: 'lambda:EventSourceToken' },
      ],
    },
    governs: { link: 'function_name', targets: [{ type: 'aws_lambda_function', attrs: ['function_name', 'arn', 'id'] }] },
    request: { from: 'function_name', arn: 'arn:{partition}:lambda:{region}:{account}:function:{function_name}' },
  },
  aws_lambda_layer_version_permission: {
    grant: { principal: 'principal', action: 'action', defaultAction: 'lambda:GetLayerVersion', conditions: [{ attribute: 'organization_id', operator: 'StringEquals', key: 'aws:PrincipalOrgID' }] },
    governs: { link: 'layer_name', targets: [{ type: 'aws_lambda_layer_version', attrs: ['layer_name', 'layer_arn', 'arn'] }] },
    request: { from: 'layer_name', arn: 'arn:{partition}:lambda:{region}:{account}:layer:{layer_name}{?:version_number}' },
  },

  // --- networks
  aws_networkfirewall_resource_policy: {
    policies: resource(),
    governs: { link: 'resource_arn', targets: [{ type: 'aws_networkfirewall_firewall_policy', attrs: ['arn'] }, { type: 'aws_networkfirewall_rule_group', attrs: ['arn'] }] },
    request: { from: 'resource_arn' },
  },
  aws_networkfirewall_firewall_policy: { arn: { service: 'network-firewall', resource: ['firewall-policy/', '{name}'] } },
  aws_vpclattice_auth_policy: {
    policies: resource(),
    governs: { link: 'resource_identifier', targets: [{ type: 'aws_vpclattice_service', attrs: ['id', 'arn'] }, { type: 'aws_vpclattice_service_network', attrs: ['id', 'arn'] }] },
    request: { from: 'resource_identifier', arn: 'arn:{partition}:vpc-lattice:{region}:{account}:service/{resource_identifier}' },
  },
  aws_vpclattice_resource_policy: { policies: resource(), governs: { link: 'resource_arn', targets: [{ type: 'aws_vpclattice_service_network', attrs: ['arn'] }, { type: 'aws_vpclattice_service', attrs: ['arn'] }] }, request: { from: 'resource_arn' } },
  aws_vpc_endpoint: { policies: embedded('perimeter') },
  aws_vpc_endpoint_policy: { policies: [{ attribute: 'policy', kind: 'perimeter' }], governs: { link: 'vpc_endpoint_id', targets: [{ type: 'aws_vpc_endpoint', attrs: ['id'] }] } },

  // --- organization guardrails (the kind comes from the policy's `type`)
  aws_organizations_policy: {},

  // --- sharing attributes (who they share with, and what counts as public: src/graph/sharing.ts)
  aws_db_snapshot: { sharing: true },
  aws_db_cluster_snapshot: { sharing: true },
  aws_db_snapshot_copy: { sharing: true },
  aws_ami_launch_permission: { sharing: true },
  aws_snapshot_create_volume_permission: { sharing: true },
};

/** KMS key types (customer managed, replica, external): their policies are key policies, AWS generates their ids. */
export const KEY_TYPES: ReadonlySet<string> = new Set(Object.keys(RESOURCE_TYPES).filter((t) => RESOURCE_TYPES[t].key));

export function resourceType(type: string): ResourceTypeRow | undefined {
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type] : undefined;
}
