// Writes the per-type fixtures under testdata/types/<type>/: a positive and a negative HCL file
// and the `terraform show -json` plan of each, from the compact descriptions below. The catalog
// test (test/resource-types.test.ts) scans every one and checks the findings both ways; run this
// script again after changing a description.  Usage: node scripts/type-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';

const OWN = '111111111111';
const ROOT = `arn:aws:iam::${OWN}:root`;

/** HCL literal of a JS value. */
const hcl = (v) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/**
 * kind: resource (Principal "*" is TFXA102; the own account root is clean), key (the same for a key
 * policy), grant (a permission resource), identity (TFXA011 / TFXA301), perimeter (a VPC endpoint
 * policy: "*" is its norm and never public; an undefined action is TFXA301).
 */
const TYPES = [
  // first batch
  { type: 'aws_iam_role', policy: 'assume_role_policy', kind: 'trust', attrs: { name: 'vendor' }, action: 'sts:AssumeRole' },
  { type: 'aws_iam_policy', kind: 'identity', attrs: { name: 'assume' }, action: 'sts:AssumeRole' },
  { type: 'aws_iam_role_policy', kind: 'identity', attrs: { role: 'deploy' }, action: 'sts:AssumeRole' },
  { type: 'aws_iam_user_policy', kind: 'identity', attrs: { user: 'ci' }, action: 'sts:AssumeRole' },
  { type: 'aws_iam_group_policy', kind: 'identity', attrs: { group: 'ops' }, action: 'sts:AssumeRole' },
  { type: 'aws_s3_bucket', attrs: { bucket: `inline-${OWN}` }, action: 's3:GetObject', also: ['TFXA107'] },
  { type: 'aws_s3_bucket_policy', attrs: { bucket: `reports-${OWN}` }, action: 's3:GetObject', also: ['TFXA107'], target: { type: 'aws_s3_bucket', attrs: { bucket: `reports-${OWN}` } } },
  { type: 'aws_kms_key', kind: 'key', attrs: { description: 'data' }, action: 'kms:Decrypt' },
  { type: 'aws_kms_key_policy', kind: 'key', attrs: { key_id: '1234abcd-12ab-34cd-56ef-1234567890ab' }, action: 'kms:Decrypt' },
  { type: 'aws_sqs_queue', attrs: { name: 'jobs' }, action: 'sqs:SendMessage' },
  { type: 'aws_sqs_queue_policy', attrs: { queue_url: `https://sqs.eu-west-1.amazonaws.com/${OWN}/tasks` }, action: 'sqs:SendMessage', target: { type: 'aws_sqs_queue', attrs: { name: 'tasks' } } },
  { type: 'aws_sns_topic', attrs: { name: 'alerts' }, action: 'sns:Publish' },
  { type: 'aws_sns_topic_policy', attrs: { arn: `arn:aws:sns:eu-west-1:${OWN}:events` }, action: 'sns:Publish', target: { type: 'aws_sns_topic', attrs: { name: 'events' } } },
  { type: 'aws_secretsmanager_secret_policy', attrs: { secret_arn: `arn:aws:secretsmanager:eu-west-1:${OWN}:secret:db-AbCdEf` }, action: 'secretsmanager:GetSecretValue' },
  { type: 'aws_ecr_repository_policy', attrs: { repository: 'images' }, action: 'ecr:BatchGetImage', target: { type: 'aws_ecr_repository', attrs: { name: 'images' } } },
  { type: 'aws_cloudwatch_event_bus_policy', attrs: { event_bus_name: 'orders' }, action: 'events:PutEvents', target: { type: 'aws_cloudwatch_event_bus', attrs: { name: 'orders' } } },
  { type: 'aws_cloudwatch_log_destination_policy', policy: 'access_policy', attrs: { destination_name: 'central' }, action: 'logs:PutSubscriptionFilter' },
  { type: 'aws_glacier_vault', policy: 'access_policy', attrs: { name: 'cold' }, action: 'glacier:InitiateJob' },
  { type: 'aws_backup_vault_policy', attrs: { backup_vault_name: 'vault' }, action: 'backup:CopyIntoBackupVault', target: { type: 'aws_backup_vault', attrs: { name: 'vault' } } },
  { type: 'aws_lambda_permission', kind: 'grant', attrs: { function_name: 'handler', statement_id: 'invoke', action: 'lambda:InvokeFunction' }, positive: { principal: '*' }, negative: { principal: OWN } },
  // second batch
  { type: 'aws_secretsmanager_secret', attrs: { name: 'app' }, action: 'secretsmanager:GetSecretValue', header: ['TFXA105'] },
  { type: 'aws_kms_replica_key', attrs: { primary_key_arn: `arn:aws:kms:us-east-1:${OWN}:key/mrk-1234abcd12ab34cd56ef1234567890ab` }, kind: 'key', action: 'kms:Decrypt' },
  { type: 'aws_kms_external_key', attrs: { description: 'imported' }, kind: 'key', action: 'kms:Decrypt' },
  { type: 'aws_kms_replica_external_key', attrs: { primary_key_arn: `arn:aws:kms:us-east-1:${OWN}:key/mrk-1234abcd12ab34cd56ef1234567890ab` }, kind: 'key', action: 'kms:Decrypt' },
  { type: 'aws_dynamodb_resource_policy', attrs: { resource_arn: `arn:aws:dynamodb:eu-west-1:${OWN}:table/orders` }, action: 'dynamodb:GetItem', target: { type: 'aws_dynamodb_table', attrs: { name: 'orders', hash_key: 'id' } } },
  { type: 'aws_kinesis_resource_policy', attrs: { resource_arn: `arn:aws:kinesis:eu-west-1:${OWN}:stream/events` }, action: 'kinesis:GetRecords', target: { type: 'aws_kinesis_stream', attrs: { name: 'events', shard_count: 1 } } },
  { type: 'aws_opensearch_domain', policy: 'access_policies', attrs: { domain_name: 'search' }, action: 'es:ESHttpGet' },
  { type: 'aws_opensearch_domain_policy', policy: 'access_policies', attrs: { domain_name: 'logs' }, action: 'es:ESHttpGet', target: { type: 'aws_opensearch_domain', attrs: { domain_name: 'logs' } } },
  { type: 'aws_elasticsearch_domain', policy: 'access_policies', attrs: { domain_name: 'legacy' }, action: 'es:ESHttpGet' },
  { type: 'aws_elasticsearch_domain_policy', policy: 'access_policies', attrs: { domain_name: 'old' }, action: 'es:ESHttpGet', target: { type: 'aws_elasticsearch_domain', attrs: { domain_name: 'old' } } },
  { type: 'aws_api_gateway_rest_api', attrs: { name: 'api' }, action: 'execute-api:Invoke' },
  { type: 'aws_api_gateway_rest_api_policy', attrs: { rest_api_id: 'a1b2c3d4e5' }, action: 'execute-api:Invoke' },
  { type: 'aws_efs_file_system_policy', attrs: { file_system_id: 'fs-12345678' }, action: 'elasticfilesystem:ClientMount' },
  { type: 'aws_glue_resource_policy', attrs: {}, action: 'glue:GetTable' },
  { type: 'aws_ecr_registry_policy', attrs: {}, action: 'ecr:BatchGetImage' },
  { type: 'aws_ecrpublic_repository_policy', attrs: { repository_name: 'tools' }, action: 'ecr-public:BatchCheckLayerAvailability' },
  { type: 'aws_codeartifact_domain_permissions_policy', policy: 'policy_document', attrs: { domain: 'acme' }, action: 'codeartifact:GetAuthorizationToken' },
  { type: 'aws_codeartifact_repository_permissions_policy', policy: 'policy_document', attrs: { domain: 'acme', repository: 'libs' }, action: 'codeartifact:ReadFromRepository' },
  { type: 'aws_codebuild_resource_policy', attrs: { resource_arn: `arn:aws:codebuild:eu-west-1:${OWN}:project/build` }, action: 'codebuild:BatchGetProjects', target: { type: 'aws_codebuild_project', attrs: { name: 'build' } } },
  { type: 'aws_cloudwatch_log_resource_policy', policy: 'policy_document', attrs: { policy_name: 'delivery' }, action: 'logs:PutLogEvents' },
  { type: 'aws_cloudwatch_event_permission', kind: 'grant', attrs: { statement_id: 'partners' }, positive: { principal: '*' }, negative: { principal: OWN } },
  { type: 'aws_oam_sink_policy', attrs: { sink_identifier: `arn:aws:oam:eu-west-1:${OWN}:sink/a1b2c3d4-5678-90ab-cdef-1234567890ab` }, action: 'oam:CreateLink' },
  { type: 'aws_s3_access_point', attrs: { bucket: `data-${OWN}`, name: 'shared' }, action: 's3:GetObject' },
  { type: 'aws_s3control_access_point_policy', attrs: { access_point_arn: `arn:aws:s3:eu-west-1:${OWN}:accesspoint/analytics` }, action: 's3:GetObject', target: { type: 'aws_s3_access_point', attrs: { bucket: `data-${OWN}`, name: 'analytics' } } },
  { type: 'aws_s3control_bucket_policy', attrs: { bucket: `arn:aws:s3-outposts:eu-west-1:${OWN}:outpost/op-01ac5d28a6a232904/bucket/edge` }, action: 's3-outposts:GetObject' },
  { type: 'aws_s3control_multi_region_access_point_policy', policy: 'details.policy', blockAttrs: { name: 'global' }, attrs: {}, action: 's3:GetObject' },
  { type: 'aws_s3control_object_lambda_access_point_policy', attrs: { name: 'redacted' }, action: 's3-object-lambda:GetObject' },
  { type: 'aws_s3control_access_grants_instance_resource_policy', attrs: {}, action: 's3:GetDataAccess' },
  { type: 'aws_s3tables_table_bucket_policy', policy: 'resource_policy', attrs: { table_bucket_arn: `arn:aws:s3tables:eu-west-1:${OWN}:bucket/tables` }, action: 's3tables:GetTableBucket', target: { type: 'aws_s3tables_table_bucket', attrs: { name: 'tables' } } },
  { type: 'aws_s3tables_table_policy', policy: 'resource_policy', attrs: { name: 'sales', namespace: 'finance', table_bucket_arn: `arn:aws:s3tables:eu-west-1:${OWN}:bucket/tables` }, action: 's3tables:GetTable' },
  { type: 'aws_ses_identity_policy', attrs: { identity: 'example.com', name: 'senders' }, action: 'ses:SendEmail', target: { type: 'aws_ses_domain_identity', attrs: { domain: 'example.com' } } },
  { type: 'aws_sagemaker_model_package_group_policy', policy: 'resource_policy', attrs: { model_package_group_name: 'models' }, action: 'sagemaker:DescribeModelPackage', target: { type: 'aws_sagemaker_model_package_group', attrs: { model_package_group_name: 'models' } } },
  { type: 'aws_networkfirewall_resource_policy', attrs: { resource_arn: `arn:aws:network-firewall:eu-west-1:${OWN}:firewall-policy/shared` }, action: 'network-firewall:AssociateFirewallPolicy' },
  { type: 'aws_vpclattice_auth_policy', attrs: { resource_identifier: 'svc-0123456789abcdef0' }, action: 'vpc-lattice-svcs:Invoke' },
  { type: 'aws_vpclattice_resource_policy', attrs: { resource_arn: `arn:aws:vpc-lattice:eu-west-1:${OWN}:servicenetwork/sn-0123456789abcdef0` }, action: 'vpc-lattice:AssociateViaAWSService' },
  { type: 'aws_prometheus_resource_policy', policy: 'policy_document', attrs: { workspace_id: 'ws-12345678-1234-1234-1234-123456789012' }, action: 'aps:RemoteWrite' },
  { type: 'aws_lambda_layer_version_permission', kind: 'grant', attrs: { layer_name: `arn:aws:lambda:eu-west-1:${OWN}:layer:shared`, version_number: 1, statement_id: 'everyone', action: 'lambda:GetLayerVersion' }, positive: { principal: '*' }, negative: { principal: '*', organization_id: 'o-a1b2c3d4e5' } },
  { type: 'aws_glacier_vault_lock', attrs: { vault_name: 'archive', complete_lock: false }, action: 'glacier:InitiateJob', target: { type: 'aws_glacier_vault', attrs: { name: 'archive' } } },
  { type: 'aws_media_store_container_policy', attrs: { container_name: 'media' }, action: 'mediastore:GetObject', target: { type: 'aws_media_store_container', attrs: { name: 'media' } } },
  { type: 'aws_iot_policy', kind: 'identity', attrs: { name: 'devices' }, action: 'iot:Connect' },
  { type: 'aws_ssoadmin_permission_set_inline_policy', policy: 'inline_policy', kind: 'identity', attrs: { instance_arn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef', permission_set_arn: 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef' }, action: 'sts:AssumeRole' },
  { type: 'aws_vpc_endpoint', kind: 'perimeter', attrs: { vpc_id: 'vpc-0123456789abcdef0', service_name: 'com.amazonaws.eu-west-1.s3' }, action: 's3:GetObject' },
  { type: 'aws_vpc_endpoint_policy', kind: 'perimeter', attrs: { vpc_endpoint_id: 'vpce-0123456789abcdef0' }, action: 's3:GetObject' },
];

/** The statement of each case, and the rule the positive case must raise. */
function statementOf(t, positive) {
  const kind = t.kind ?? 'resource';
  if (kind === 'identity') {
    if (t.type === 'aws_iot_policy') return { st: positive ? { Effect: 'Allow', Principal: '*', Action: t.action, Resource: '*' } : { Effect: 'Allow', Action: t.action, Resource: '*' }, rule: 'TFXA301', line: 'Principal' };
    return { st: { Effect: 'Allow', Action: t.action, Resource: positive ? '*' : `arn:aws:iam::${OWN}:role/deploy` }, rule: 'TFXA011', line: 'Resource' };
  }
  if (kind === 'trust') return { st: { Effect: 'Allow', Principal: { AWS: positive ? '*' : ROOT }, Action: t.action }, rule: 'TFXA003', line: 'Principal' };
  if (kind === 'perimeter') return { st: { Effect: 'Allow', Principal: '*', Action: positive ? 's3:GetObjects' : t.action, Resource: '*' }, rule: 'TFXA301', line: 'Action' };
  return { st: { Effect: 'Allow', Principal: positive ? '*' : { AWS: ROOT }, Action: t.action, Resource: '*' }, rule: 'TFXA102', line: 'Principal' };
}

function jsonencodeLines(st, mark, rule, indent) {
  const pad = ' '.repeat(indent);
  const lines = [`jsonencode({`, `${pad}  Version = "2012-10-17"`, `${pad}  Statement = [{`];
  for (const [k, v] of Object.entries(st)) {
    if (rule && k === mark) lines.push(`${pad}    # expect: ${rule}`);
    const val = typeof v === 'object' ? `{ ${Object.entries(v).map(([a, b]) => `${a} = ${hcl(b)}`).join(', ')} }` : hcl(v);
    lines.push(`${pad}    ${k} = ${val}`);
  }
  lines.push(`${pad}  }]`, `${pad}})`);
  return lines.join('\n');
}

function block(type, name, body, header) {
  return `${header ? `# expect: ${header.join(', ')}\n` : ''}resource "${type}" "${name}" {\n${body}\n}\n`;
}

function attrsText(attrs, indent = 2) {
  return Object.entries(attrs).map(([k, v]) => `${' '.repeat(indent)}${k} = ${hcl(v)}`).join('\n');
}

const PROVIDER = `provider "aws" {\n  region              = "eu-west-1"\n  allowed_account_ids = ["${OWN}"]\n}\n`;

function files(t, positive) {
  const kind = t.kind ?? 'resource';
  const out = [`# ${t.type}: ${positive ? 'the case tfxacct must report' : 'the negative twin, which it must not'} (written by scripts/type-fixtures.mjs).`, PROVIDER];
  const planResources = [];
  const planValues = { ...t.attrs };
  let rule;
  if (kind === 'grant') {
    const extra = positive ? t.positive : t.negative;
    rule = positive ? 'TFXA102' : undefined;
    const lines = Object.entries({ ...t.attrs, ...extra }).map(([k, v]) => `${rule && k === 'principal' ? `  # expect: ${rule}\n` : ''}  ${k} = ${hcl(v)}`);
    out.push(block(t.type, 'this', lines.join('\n')));
    Object.assign(planValues, extra);
  } else {
    const { st, rule: r, line } = statementOf(t, positive);
    rule = positive ? [r, ...(t.also ?? [])].join(', ') : undefined;
    const policyPath = t.policy ?? 'policy';
    const policyJson = JSON.stringify({ Version: '2012-10-17', Statement: [st] });
    if (policyPath.includes('.')) {
      const [blk, attr] = policyPath.split('.');
      const inner = `${attrsText(t.blockAttrs, 4)}\n    ${attr} = ${jsonencodeLines(st, line, rule, 4)}`;
      out.push(block(t.type, 'this', `${attrsText(t.attrs)}${Object.keys(t.attrs).length ? '\n' : ''}  ${blk} {\n${inner}\n  }`));
      planValues[blk] = [{ ...t.blockAttrs, [attr]: policyJson }];
    } else {
      const body = `${attrsText(t.attrs)}${Object.keys(t.attrs).length ? '\n' : ''}  ${policyPath} = ${jsonencodeLines(st, line, rule, 2)}`;
      out.push(block(t.type, 'this', body, positive ? t.header : undefined));
      planValues[policyPath] = policyJson;
    }
  }
  planResources.push({ address: `${t.type}.this`, mode: 'managed', type: t.type, name: 'this', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: planValues, sensitive_values: {} });
  if (t.target) {
    out.push(block(t.target.type, 'target', attrsText(t.target.attrs)));
    planResources.push({ address: `${t.target.type}.target`, mode: 'managed', type: t.target.type, name: 'target', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { ...t.target.attrs }, sensitive_values: {} });
  }
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: planResources } },
    configuration: { provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-west-1' }, allowed_account_ids: { constant_value: [OWN] } } } }, root_module: {} },
  };
  return { hcl: out.join('\n'), plan: JSON.stringify(plan, null, 2) + '\n', rule };
}

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'testdata', 'types');
for (const t of TYPES) {
  const dir = path.join(root, t.type);
  fs.mkdirSync(path.join(dir, 'positive'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'negative'), { recursive: true });
  for (const positive of [true, false]) {
    const f = files(t, positive);
    const sub = path.join(dir, positive ? 'positive' : 'negative');
    fs.writeFileSync(path.join(sub, 'main.tf'), f.hcl);
    fs.writeFileSync(path.join(sub, 'plan.json'), f.plan);
  }
}
console.log(`${TYPES.length} types written under ${path.relative(process.cwd(), root)}`);
