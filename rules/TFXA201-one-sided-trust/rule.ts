import { defineRule } from '../../src/engine/rule';
import { identityAllows } from '../../src/graph/permissions';
import { principalsOf, statementPath, trustStatements } from '../../src/graph/queries';
import { reportedAccount } from '../../src/iam/principals';

export default defineRule({
  id: 'TFXA201',
  slug: 'one-sided-trust',
  level: 'warning',
  category: 'correctness',
  tags: ['iam', 'trust', 'cross-account', 'two-sided'],
  precision: 'medium',
  shortDescription: "A role trusts a principal defined here whose own policies do not allow it to assume the role",
  messages: {
    oneSided:
      'Role {{role}} trusts {{caller}} ({{callerAddress}}), but no identity policy of {{callerAddress}} allows sts:AssumeRole on {{roleArn}}{{denied}}: the trust cannot be used. Add an identity policy allowing sts:AssumeRole on the role, or remove the trust.',
  },
  check(ctx) {
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph)) {
      if (allows !== 'yes') continue;
      const arn = role.attrs.m.get('arn');
      for (const p of principalsOf(ctx.graph, role, statement)) {
        if (p.entry.type !== 'AWS' || (p.info.kind !== 'role' && p.info.kind !== 'user') || p.info.sensitive) continue;
        // in the same account, a trust policy that names the principal is enough on its own
        if (p.relation === 'same') continue;
        const caller = ctx.graph.identities.byArnOf(p.info.text);
        if (!caller) continue;
        if (arn?.t !== 's') {
          ctx.unknown({ holder: role, range: p.entry.range, message: `${role.address}: its ARN is not known, so ${caller.resource.address}'s permission to assume it cannot be checked` });
          continue;
        }
        const { decision, why } = identityAllows(caller, 'sts:AssumeRole', arn.v);
        if (decision === 'allow') continue;
        if (decision === 'unknown') {
          ctx.unknown({ holder: role, range: p.entry.range, message: `${role.address}: whether ${caller.resource.address} may assume it is not known statically${why ? ` (${why})` : ''}` });
          continue;
        }
        ctx.report({
          messageId: 'oneSided',
          data: { role: role.address, caller: p.info.text, callerAddress: caller.resource.address, roleArn: arn.v, denied: decision === 'explicit-deny' ? ' (one of them denies it)' : '' },
          holder: role,
          range: p.entry.range,
          path: `${statementPath(policy, statement)}/${p.info.text}`,
          accounts: { resource: role.account, principal: reportedAccount(p.info) },
          related: [{ range: caller.resource.range, message: `${caller.resource.address}, whose identity policies do not allow sts:AssumeRole on the role` }],
          witness: {
            kind: 'failure',
            caller: { identity: caller },
            action: 'sts:AssumeRole',
            target: { resource: role },
            satisfy: [{ statement, withPrincipal: true }],
            denial: { decision, side: 'identity', address: caller.resource.address, rootDir: caller.resource.rootDir, text: decision === 'explicit-deny' ? `an identity policy of ${caller.resource.address} denies it` : `no identity policy of ${caller.resource.address} allows it` },
          },
        });
      }
    }
  },
});
