import { defineRule } from '../../src/engine/rule';
import { keyIn, sourceIpLimited, sourceIpRanges, statementBinding } from '../../src/iam/conditions';
import { listText, principalsOf, statementPath, trustStatements } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA003',
  slug: 'wildcard-trust-principal',
  level: 'error',
  securitySeverity: 9.5,
  category: 'security',
  tags: ['iam', 'trust', 'public'],
  precision: 'very-high',
  shortDescription: 'A role can be assumed by any AWS principal ("*") without an organization, account or ARN condition',
  messages: {
    wildcardTrust:
      'Role {{role}} can be assumed by any AWS principal in any account ("*") and no aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn condition limits it. Name the trusted principals, or add a binding condition on one of those keys.',
    fromAddresses:
      'Role {{role}} can be assumed by any principal from these addresses ({{ranges}}), in any AWS account ("*"): aws:SourceIp limits where the call comes from, not who makes it, and no aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn condition limits it. Name the trusted principals, or add a binding condition on one of those keys.',
  },
  check(ctx) {
    const boundary = keyIn('aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn', 'aws:principalaccount');
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph)) {
      const anyone = principalsOf(ctx.graph, role, statement).find((p) => (p.entry.type === '*' || p.entry.type === 'AWS') && p.info.kind === 'anyone');
      if (!anyone) continue;
      const binding = statementBinding(statement, boundary);
      if (binding === 'yes') continue;
      if (allows === 'unknown' || binding === 'unknown') {
        ctx.unknown({ holder: role, range: anyone.entry.range, message: `${role.address}: "*" trust has conditions or actions that are not known statically` });
        continue;
      }
      const ip = sourceIpLimited(statement) === 'yes';
      ctx.report({
        messageId: ip ? 'fromAddresses' : 'wildcardTrust',
        data: { role: role.address, ranges: listText(sourceIpRanges(statement)) },
        holder: role,
        range: anyone.entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: role.account },
        witness: { kind: 'statement', policy, statement, entry: anyone.entry },
      });
    }
  },
});
