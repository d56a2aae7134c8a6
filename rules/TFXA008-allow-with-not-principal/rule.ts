import { defineRule } from '../../src/engine/rule';
import { statementPath, statementsOf } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA008',
  slug: 'allow-with-not-principal',
  level: 'error',
  securitySeverity: 7.5,
  category: 'security',
  tags: ['iam', 'resource-policy', 'trust'],
  precision: 'very-high',
  shortDescription: 'An Allow statement uses NotPrincipal, granting every principal but the ones listed',
  messages: {
    notPrincipal:
      '{{resource}} allows everyone except the principals listed in NotPrincipal, including anonymous callers and every other AWS account. Name the principals to allow in Principal instead.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key'])) {
      if (statement.effect !== 'Allow' || !statement.notPrincipal) continue;
      ctx.report({
        messageId: 'notPrincipal',
        data: { resource: holder.address },
        holder,
        range: statement.notPrincipal.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account },
        witness: { kind: 'statement', policy, statement },
      });
    }
  },
});
