import type { Range } from '../../src/hcl/ast';
import { defineRule } from '../../src/engine/rule';
import { crossAccountContext, orgPolicyApplies } from '../../src/graph/permissions';
import { otherAccountPrincipals, statementPath, statementsOf } from '../../src/graph/queries';
import { expandAction } from '../../src/iam/catalog';
import type { Tri } from '../../src/iam/conditions';
import { admitsPrincipal, evaluateConditions } from '../../src/iam/evaluate';
import { isUnknownString, type Statement } from '../../src/iam/policy';
import { reportedAccount } from '../../src/iam/principals';
import { coversAction, coversResource } from '../../src/iam/statements';
import { hasWildcard } from '../../src/iam/wildcard';

/** Literal actions a grant allows (wildcards expanded with the action catalog, bounded). */
function grantedActions(st: Statement): string[] {
  if (!st.action) return [];
  const out: string[] = [];
  for (const a of st.action.items) {
    if (isUnknownString(a)) continue;
    if (a === '*') continue;
    out.push(...(hasWildcard(a) ? expandAction(a).slice(0, 400) : [a]));
  }
  return [...new Set(out)];
}

function all(ts: Tri[]): Tri {
  if (ts.includes('no')) return 'no';
  return ts.includes('unknown') ? 'unknown' : 'yes';
}

export default defineRule({
  id: 'TFXA203',
  slug: 'guardrail-blocks-grant',
  level: 'warning',
  category: 'correctness',
  tags: ['organizations', 'scp', 'rcp', 'cross-account', 'two-sided'],
  precision: 'medium',
  shortDescription: 'An SCP or RCP in scope explicitly denies what a cross-account grant exists to allow',
  messages: {
    blocked:
      '{{guardrail}} ({{kind}}) denies {{action}} for {{who}}, so the grant in {{resource}} cannot be used: requests will fail with AccessDenied whatever the policy says. Remove the grant, or exempt it in the guardrail.',
  },
  check(ctx) {
    if (ctx.graph.orgPolicies.length === 0) return;
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key'])) {
      if (statement.effect !== 'Allow') continue;
      const actions = policy.kind === 'trust' ? ['sts:AssumeRole'] : grantedActions(statement);
      if (actions.length === 0) continue;
      const arn = holder.attrs.m.get('arn');
      const resourceArn = arn?.t === 's' ? arn.v : undefined;
      for (const p of otherAccountPrincipals(ctx.graph, holder, statement, true)) {
        const principalAccount = p.info.account!;
        const context = crossAccountContext(ctx.graph, principalAccount, holder.account, p.info.kind === 'account' ? undefined : p.info.text);
        let found: { guardrail: string; kind: string; action: string; at: Range; node: (typeof ctx.graph.orgPolicies)[number]; deny: Statement } | undefined;
        for (const g of ctx.graph.orgPolicies) {
          // SCPs limit the caller's account; RCPs limit the account that owns the resource
          const account = g.kind === 'scp' ? principalAccount : holder.account;
          if (!account || orgPolicyApplies(ctx.graph, g, account) !== 'yes') continue;
          for (const deny of g.policy.doc.statements) {
            if (deny.effect !== 'Deny' || deny.unknown) continue;
            const who = g.kind === 'rcp' ? admitsPrincipal(deny, p.info) : 'yes';
            if (who === 'no') continue;
            const resource: Tri = !resourceArn ? (deny.resource?.items.every((r) => r === '*') ? 'yes' : 'unknown') : coversResource(deny, resourceArn);
            for (const action of actions) {
              const applies = all([who, coversAction(deny, action), resource, evaluateConditions(deny, context)]);
              if (applies === 'yes') {
                found = { guardrail: g.policy.holder.address, kind: g.kind === 'scp' ? 'service control policy' : 'resource control policy', action, at: deny.range, node: g, deny };
                break;
              }
            }
            if (found) break;
          }
          if (found) break;
        }
        if (!found) continue;
        ctx.report({
          messageId: 'blocked',
          data: { guardrail: found.guardrail, kind: found.kind, action: found.action, who: `${p.info.sensitive ? 'the principal' : p.info.text} (account ${reportedAccount(p.info) ?? 'not shown'})`, resource: holder.address },
          holder,
          range: p.entry.range,
          path: `${statementPath(policy, statement)}/${found.guardrail}`,
          accounts: { resource: holder.account, principal: reportedAccount(p.info) },
          related: [{ range: found.at, message: `the Deny statement of ${found.guardrail} that blocks ${found.action}` }],
          witness: {
            kind: 'failure',
            caller: { entry: p.entry, statement },
            action: found.action,
            target: { policy },
            satisfy: [{ statement, withPrincipal: true }],
            denial: { decision: 'explicit-deny', side: found.node.kind, policy: found.node.policy, statement: found.deny, text: `${statementPath(found.node.policy, found.deny)} of ${found.guardrail} (${found.node.kind.toUpperCase()}) denies it` },
          },
        });
        break;
      }
    }
  },
});
