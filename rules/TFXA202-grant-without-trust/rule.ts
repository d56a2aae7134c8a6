import { attributeRange } from '../../src/terraform/instance';
import { defineRule } from '../../src/engine/rule';
import { trustAdmits } from '../../src/graph/permissions';
import { statementPath, statementsOf } from '../../src/graph/queries';
import { isUnknownString } from '../../src/iam/policy';
import { coversAction, isAllow } from '../../src/iam/statements';
import { hasWildcard } from '../../src/iam/wildcard';

export default defineRule({
  id: 'TFXA202',
  slug: 'grant-without-trust',
  level: 'warning',
  category: 'correctness',
  tags: ['iam', 'identity-policy', 'cross-account', 'two-sided'],
  precision: 'medium',
  shortDescription: 'An identity policy allows assuming a role whose trust policy does not admit the holder',
  messages: {
    noTrust:
      '{{policy}} lets {{caller}} call sts:AssumeRole on {{role}}, but that role\'s trust policy does not admit {{caller}}{{denied}}: the call will fail with AccessDenied. Add {{callerArn}} (or its account) to the trust policy of {{role}}, or remove the permission.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['identity'])) {
      if (isAllow(statement) !== 'yes' || coversAction(statement, 'sts:AssumeRole') !== 'yes' || !statement.resource) continue;
      const callers = ctx.graph.identities.holdersOf(policy).filter((c) => c.arn);
      if (callers.length === 0) continue;
      let reported = false;
      for (const item of statement.resource.items) {
        if (reported || isUnknownString(item) || hasWildcard(item)) continue;
        const target = ctx.graph.identities.byArnOf(item);
        if (!target || target.kind !== 'role') continue;
        for (const caller of callers) {
          const decision = trustAdmits(ctx.graph, target.resource, caller.arn!);
          if (decision === 'allow') continue;
          if (decision === 'unknown') {
            ctx.unknown({ holder, range: statement.resource.range, message: `${holder.address}: whether ${target.resource.address} trusts ${caller.resource.address} depends on conditions not known statically` });
            continue;
          }
          ctx.report({
            messageId: 'noTrust',
            data: { policy: holder.address, caller: caller.resource.address, callerArn: caller.arn!, role: target.resource.address, denied: decision === 'explicit-deny' ? ' (it denies it explicitly)' : '' },
            holder,
            range: statement.resource.range,
            path: `${statementPath(policy, statement)}/${item}`,
            accounts: { resource: holder.account, principal: target.resource.account },
            related: [{ range: attributeRange(target.resource, 'assume_role_policy'), message: `the trust policy of ${target.resource.address}, which does not admit ${caller.resource.address}` }],
            witness: {
              kind: 'failure',
              caller: { identity: caller },
              action: 'sts:AssumeRole',
              target: { resource: target.resource },
              satisfy: [{ statement, withPrincipal: false }],
              denial: { decision, side: 'trust', address: target.resource.address, rootDir: target.resource.rootDir, text: decision === 'explicit-deny' ? `the trust policy of ${target.resource.address} denies it` : `the trust policy of ${target.resource.address} does not admit ${caller.resource.address}` },
            },
          });
          reported = true;
          break;
        }
      }
    }
  },
});
