import { defineRule } from '../../src/engine/rule';
import { reportedAccount } from '../../src/iam/principals';
import { statementBinding } from '../../src/iam/conditions';
import { accountPhrase, listText, pinnedAccountsOf, principalsOf, restatedForRoots, statementPath, trustStatements } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA001',
  slug: 'root-trust-without-conditions',
  level: 'error',
  securitySeverity: 8.0,
  category: 'security',
  tags: ['iam', 'trust', 'cross-account'],
  precision: 'high',
  shortDescription: 'A role trusts a whole other account with no condition narrowing who may assume it',
  messages: {
    rootTrust:
      'Role {{role}} trusts every principal of {{accounts}} with no narrowing condition. Any user or role there whose own IAM policy allows sts:AssumeRole can assume it; trust specific role ARNs or add a binding aws:PrincipalArn, aws:PrincipalOrgID or sts:ExternalId condition.',
  },
  check(ctx) {
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph)) {
      // an account root, or `*` pinned to accounts by aws:PrincipalAccount (the same trust)
      const roots = [...principalsOf(ctx.graph, role, statement), ...pinnedAccountsOf(ctx.graph, role, statement)].filter(
        (p) => p.info.kind === 'account' && (p.entry.type === 'AWS' || p.entry.type === '*') && p.relation !== 'same',
      );
      if (roots.length === 0) continue;
      // a condition that every principal of those accounts meets (aws:PrincipalAccount = the account) narrows nothing
      const binding = statementBinding(statement, undefined, restatedForRoots(roots));
      if (binding === 'yes') continue;
      if (allows === 'unknown' || binding === 'unknown') {
        ctx.unknown({ holder: role, range: roots[0].entry.range, message: `${role.address}: trust to ${roots[0].info.text} has conditions or actions that are not known statically` });
        continue;
      }
      const first = roots[0];
      ctx.report({
        messageId: 'rootTrust',
        data: { role: role.address, accounts: listText(roots.map((p) => accountPhrase(ctx.graph, p))) },
        holder: role,
        range: first.entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: role.account, principal: reportedAccount(first.info) },
        witness: { kind: 'statement', policy, statement, entry: first.entry },
      });
    }
  },
});
