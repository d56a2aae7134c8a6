import { defineRule } from '../../src/engine/rule';
import type { Graph } from '../../src/graph/graph';
import type { PolicyRef } from '../../src/iam/sources';
import { isAllow } from '../../src/iam/statements';
import { listText, principalsOf } from '../../src/graph/queries';
import type { ResourceInstance } from '../../src/terraform/instance';
import type { Val } from '../../src/terraform/value';
import type { FailureCaller } from '../../src/witness/build';

/** Accounts (or "anyone") another party is granted by these policies, and the first of them as a caller. */
function sharedWith(graph: Graph, policies: PolicyRef[]): { labels: string[]; first?: FailureCaller } {
  const out: string[] = [];
  let first: FailureCaller | undefined;
  for (const p of policies) {
    for (const st of p.doc.statements) {
      if (isAllow(st) !== 'yes') continue;
      for (const c of principalsOf(graph, p.holder, st)) {
        if (c.info.kind === 'anyone') out.push('anyone');
        else if (c.entry.type === 'AWS' && c.relation === 'other') out.push(c.info.sensitive ? 'another account' : c.info.account ?? c.info.text);
        else continue;
        first ??= { entry: c.entry, statement: st };
      }
    }
  }
  return { labels: [...new Set(out)], ...(first ? { first } : {}) };
}

/** The AWS managed key alias a key setting names (`alias/aws/sqs`), if any. */
function managedAlias(v: Val | undefined): string | undefined {
  if (v?.t !== 's') return undefined;
  return /(?:^|:)(alias\/aws\/[a-z0-9-]+)$/.exec(v.v)?.[1];
}

export default defineRule({
  id: 'TFXA105',
  slug: 'aws-managed-key-cross-account',
  level: 'error',
  category: 'correctness',
  tags: ['kms', 'cross-account', 's3', 'sqs', 'sns', 'secretsmanager', 'dynamodb', 'kinesis'],
  precision: 'high',
  shortDescription: 'A resource shared with another account is encrypted with an AWS managed key',
  messages: {
    managedKey:
      '{{resource}} is shared with {{with}} but encrypted with the AWS managed key {{alias}}, whose policy cannot be changed to let other accounts use it: their requests will fail with AccessDenied. Encrypt it with a customer managed key whose policy grants them.',
  },
  check(ctx) {
    const report = (holder: ResourceInstance, resource: ResourceInstance, alias: string, withWhom: ReturnType<typeof sharedWith>, range: import('../../src/hcl/ast').Range) =>
      ctx.report({
        messageId: 'managedKey',
        data: { resource: resource.address, with: listText(withWhom.labels), alias },
        holder,
        range,
        path: `encryption/${alias}`,
        accounts: { resource: resource.account },
        witness: {
          kind: 'failure',
          caller: withWhom.first!,
          action: 'kms:Decrypt',
          target: { awsManagedKey: alias, owner: resource },
          denial: { decision: 'implicit-deny', side: 'key', address: resource.address, rootDir: resource.rootDir, text: `the AWS managed key ${alias} lets only principals of its own account use it, and its policy cannot be changed` },
          via: `reading ${resource.address}, which it encrypts`,
        },
      });
    for (const b of ctx.graph.buckets) {
      const enc = b.encryption;
      if (!enc || enc.algorithm?.t !== 's' || !enc.algorithm.v.startsWith('aws:kms')) continue;
      const key = ctx.graph.resolveKey(enc.keyId, enc.source);
      if (key.kind !== 'aws-managed') continue;
      const withWhom = sharedWith(ctx.graph, b.policies);
      if (withWhom.labels.length > 0) report(enc.source, b.bucket, key.alias, withWhom, enc.range);
    }
    for (const s of ctx.graph.shared) {
      const enc = s.encryption;
      // the graph fills in the AWS managed key a service uses when none is set (aws/secretsmanager…)
      const alias = managedAlias(enc?.keyId);
      if (!alias) continue;
      const withWhom = sharedWith(ctx.graph, s.policies);
      if (withWhom.labels.length > 0) report(s.resource, s.resource, alias, withWhom, enc!.range);
    }
  },
});
