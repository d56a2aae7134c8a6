import { defineRule } from '../../src/engine/rule';
import { conditionsOn, keyIn, statementBinding } from '../../src/iam/conditions';
import { isAccountPrincipal, reportedAccount } from '../../src/iam/principals';
import { accountPhrase, listText, principalsOf, statementPath, trustStatements } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA002',
  slug: 'missing-external-id',
  level: 'error',
  securitySeverity: 7.5,
  category: 'security',
  tags: ['iam', 'trust', 'cross-account', 'confused-deputy'],
  precision: 'high',
  shortDescription: 'A role trusted by an account not known to be internal has no sts:ExternalId condition',
  messages: {
    missingExternalId:
      'Role {{role}} can be assumed from {{accounts}}, which is not known to be part of your organization, without an sts:ExternalId condition. A third party acting for several customers can be tricked into using this role (confused deputy); require a per-customer external id with StringEquals on sts:ExternalId, or declare the account internal in .tfxacct.yml.',
  },
  check(ctx) {
    const orgKeys = keyIn('aws:principalorgid', 'aws:principalorgpaths');
    const mfaKeys = keyIn('aws:multifactorauthpresent', 'aws:multifactorauthage');
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph)) {
      const external = principalsOf(ctx.graph, role, statement).filter(
        (p) =>
          p.entry.type === 'AWS' &&
          isAccountPrincipal(p.info.kind) &&
          p.relation !== 'same' &&
          !ctx.graph.isInternalPrincipal(p, role),
      );
      if (external.length === 0) continue;
      if (conditionsOn(statement, 'sts:ExternalId').length > 0) continue;
      const org = statementBinding(statement, orgKeys);
      if (org === 'yes') continue;
      // a trust limited to humans with MFA is TFXA006's concern, not a confused deputy
      if (statementBinding(statement, mfaKeys) === 'yes') continue;
      if (allows === 'unknown' || org === 'unknown' || statement.conditionsUnknown) {
        ctx.unknown({ holder: role, range: external[0].entry.range, message: `${role.address}: whether ${external[0].info.text} is internal or needs an external id cannot be decided (conditions not known statically)` });
        continue;
      }
      ctx.report({
        messageId: 'missingExternalId',
        data: { role: role.address, accounts: listText(external.map((p) => accountPhrase(ctx.graph, p))) },
        holder: role,
        range: external[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: role.account, principal: reportedAccount(external[0].info) },
        witness: { kind: 'statement', policy, statement, entry: external[0].entry },
      });
    }
  },
});
