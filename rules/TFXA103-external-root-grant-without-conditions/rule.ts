import { defineRule } from '../../src/engine/rule';
import { statementBinding } from '../../src/iam/conditions';
import { reportedAccount } from '../../src/iam/principals';
import { accountPhrase, listText, pinnedAccountsOf, principalsOf, restatedForRoots, resourceGrants, statementPath } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA103',
  slug: 'external-root-grant-without-conditions',
  level: 'warning',
  securitySeverity: 5.5,
  category: 'security',
  tags: ['iam', 'resource-policy', 'cross-account'],
  precision: 'high',
  shortDescription: 'A resource policy grants a whole other account without any binding condition',
  messages: {
    rootGrant:
      '{{resource}} grants every principal of {{accounts}} with no binding condition: any user or role there that its own IAM lets through gets this access. Grant the specific role ARNs, or add an aws:PrincipalArn or aws:PrincipalOrgID condition.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of resourceGrants(ctx.graph)) {
      // another account: provably so, or a literal account id while the resource's own account is unknown
      // an account root, or `*` pinned to accounts by aws:PrincipalAccount or kms:CallerAccount (the same grant)
      const roots = [...principalsOf(ctx.graph, holder, statement), ...pinnedAccountsOf(ctx.graph, holder, statement)].filter(
        (p) =>
          p.info.kind === 'account' &&
          (p.entry.type === 'AWS' || p.entry.type === '*') &&
          (p.relation === 'other' || (p.relation === 'unknown' && p.info.account !== undefined && !holder.account)),
      );
      if (roots.length === 0) continue;
      // a condition that every principal of those accounts meets (aws:PrincipalAccount = the account) narrows nothing
      const b = statementBinding(statement, undefined, restatedForRoots(roots));
      if (b === 'yes') continue;
      if (b === 'unknown') {
        ctx.unknown({ holder, range: roots[0].entry.range, message: `${holder.address}: the conditions on the grant to ${roots[0].info.text} are not known statically` });
        continue;
      }
      ctx.report({
        messageId: 'rootGrant',
        data: { resource: holder.address, accounts: listText(roots.map((p) => accountPhrase(ctx.graph, p))) },
        holder,
        range: roots[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account, principal: reportedAccount(roots[0].info) },
        witness: { kind: 'statement', policy, statement, entry: roots[0].entry },
      });
    }
  },
});
