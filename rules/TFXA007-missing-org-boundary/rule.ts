import { defineRule } from '../../src/engine/rule';
import { keyIn, statementBinding } from '../../src/iam/conditions';
import { isAccountPrincipal, reportedAccount } from '../../src/iam/principals';
import { listText, principalsOf, statementPath, statementsOf } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA007',
  slug: 'missing-org-boundary',
  level: 'note',
  securitySeverity: 3.0,
  category: 'security',
  tags: ['iam', 'organizations', 'cross-account'],
  precision: 'high',
  shortDescription: 'A grant to other accounts of the organization is not backed by an aws:PrincipalOrgID condition',
  messages: {
    noBoundary:
      '{{resource}} grants {{accounts}} of organization {{org}} without an aws:PrincipalOrgID (or aws:PrincipalOrgPaths) condition. If an account leaves the organization it keeps this access; add the organization condition as a second line of defence.',
  },
  check(ctx) {
    const org = ctx.graph.inventory.organizationId;
    if (!org) return;
    const orgKeys = keyIn('aws:principalorgid', 'aws:principalorgpaths');
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key'])) {
      if (statement.effect !== 'Allow') continue;
      const internal = principalsOf(ctx.graph, holder, statement).filter(
        (p) => p.entry.type === 'AWS' && isAccountPrincipal(p.info.kind) && p.relation === 'other' && p.info.account !== undefined && ctx.graph.inventory.internal.has(p.info.account),
      );
      if (internal.length === 0) continue;
      const b = statementBinding(statement, orgKeys);
      if (b !== 'no') continue;
      ctx.report({
        messageId: 'noBoundary',
        data: { resource: holder.address, accounts: listText(internal.map((p) => ctx.graph.accountLabel(reportedAccount(p.info)))), org },
        holder,
        range: internal[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account, principal: reportedAccount(internal[0].info) },
        witness: { kind: 'statement', policy, statement, entry: internal[0].entry },
      });
    }
  },
});
