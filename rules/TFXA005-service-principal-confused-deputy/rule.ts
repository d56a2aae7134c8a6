import { defineRule } from '../../src/engine/rule';
import { isServiceContextArn, statementBinding } from '../../src/iam/conditions';
import { listText, principalsOf, resourceGrants, statementPath } from '../../src/graph/queries';

/**
 * Keys that tie a service's request to the account or resource it acts for: the source keys,
 * the SNS default policy's aws:SourceOwner, and the encryption-context ARN CloudTrail and
 * CloudWatch Logs document for key policies (kms:EncryptionContext:aws:<service>:arn).
 */
const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner']);
const isSourceKey = (k: string) => SOURCE_KEYS.has(k.toLowerCase()) || isServiceContextArn(k.toLowerCase());

export default defineRule({
  id: 'TFXA005',
  slug: 'service-principal-confused-deputy',
  level: 'error',
  securitySeverity: 7.0,
  category: 'security',
  tags: ['iam', 'resource-policy', 'confused-deputy'],
  precision: 'high',
  shortDescription: 'A resource policy grants an AWS service without aws:SourceAccount or aws:SourceArn',
  messages: {
    unguarded:
      '{{resource}} grants {{services}} without an aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition. The service acts for every AWS customer, so another account can make it act on this resource (cross-service confused deputy); add a condition naming your account or source resource.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of resourceGrants(ctx.graph)) {
      const services = principalsOf(ctx.graph, holder, statement).filter((p) => p.info.kind === 'service');
      if (services.length === 0) continue;
      const guard = statementBinding(statement, isSourceKey);
      if (guard === 'yes') continue;
      if (guard === 'unknown') {
        ctx.unknown({ holder, range: services[0].entry.range, message: `${holder.address}: whether the grant to ${services[0].info.text} is tied to a source account cannot be decided` });
        continue;
      }
      ctx.report({
        messageId: 'unguarded',
        data: { resource: holder.address, services: listText(services.map((s) => s.info.text)) },
        holder,
        range: services[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account },
        witness: { kind: 'statement', policy, statement, entry: services[0].entry },
      });
    }
  },
});
