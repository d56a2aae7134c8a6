import { defineRule } from '../../src/engine/rule';
import { analyzeConditions, conditionsOn, keyIn, statementBinding } from '../../src/iam/conditions';
import { reportedAccount } from '../../src/iam/principals';
import { listText, principalsOf, statementPath, trustStatements } from '../../src/graph/queries';

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

export default defineRule({
  id: 'TFXA006',
  slug: 'human-trust-without-mfa',
  level: 'warning',
  securitySeverity: 5.0,
  category: 'security',
  tags: ['iam', 'trust', 'cross-account', 'mfa'],
  precision: 'medium',
  shortDescription: 'A role people assume from another account does not require MFA',
  messages: {
    noMfa:
      'Role {{role}} can be assumed from another account by {{who}} without multi-factor authentication. Require MFA with Bool aws:MultiFactorAuthPresent = "true" (or NumericLessThan on aws:MultiFactorAuthAge).',
  },
  check(ctx) {
    const mfa = keyIn('aws:multifactorauthpresent', 'aws:multifactorauthage');
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph)) {
      if (allows !== 'yes') continue;
      if (conditionsOn(statement, 'sts:ExternalId').length > 0) continue;
      const others = principalsOf(ctx.graph, role, statement).filter((p) => p.entry.type === 'AWS' && p.relation !== 'same');
      // TFXA001 already reports a whole-account trust without a binding condition
      if (others.some((p) => p.info.kind === 'account') && statementBinding(statement) === 'no') continue;
      const users = others.filter((p) => p.info.kind === 'user');
      const analysis = analyzeConditions(statement);
      // an account root narrowed only by organization conditions still lets every person there in
      const orgOnly = analysis.binding.length > 0 && analysis.binding.every((c) => ORG_KEYS.has(c.key.toLowerCase()) || mfa(c.key));
      const roots = orgOnly ? others.filter((p) => p.info.kind === 'account') : [];
      const humans = [...users, ...roots];
      if (humans.length === 0) continue;
      const hasMfa = statementBinding(statement, mfa);
      if (hasMfa === 'yes') continue;
      if (hasMfa === 'unknown' || analysis.undecided.length > 0) {
        ctx.unknown({ holder: role, range: humans[0].entry.range, message: `${role.address}: whether MFA is required cannot be decided` });
        continue;
      }
      ctx.report({
        messageId: 'noMfa',
        data: { role: role.address, who: listText(humans.map((p) => (p.info.kind === 'user' ? `user ${p.info.text}` : `every person in account ${p.info.sensitive ? '(sensitive value)' : p.info.account ?? p.info.text}`))) },
        holder: role,
        range: humans[0].entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: role.account, principal: reportedAccount(humans[0].info) },
        witness: { kind: 'statement', policy, statement, entry: humans[0].entry },
      });
    }
  },
});
