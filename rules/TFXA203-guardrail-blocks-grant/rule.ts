import type { Range } from '../../src/hcl/ast';
import { defineRule } from '../../src/engine/rule';
import { guardrailVerdict } from '../../src/graph/guardrails';
import type { OrgPolicyNode } from '../../src/graph/graph';
import { crossAccountContext } from '../../src/graph/permissions';
import { otherAccountPrincipals, statementPath, statementsOf } from '../../src/graph/queries';
import { expandAction } from '../../src/iam/catalog';
import { isUnknownString, type Statement } from '../../src/iam/policy';
import { reportedAccount } from '../../src/iam/principals';
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

/** The resource a grant is about: an ARN its statement names, else the holder's own ARN. */
function grantedResource(st: Statement, holderArn: string | undefined): string | undefined {
  const named = st.resource?.items.find((r): r is string => typeof r === 'string' && r.startsWith('arn:'));
  return named ?? holderArn;
}

const KIND_TEXT = { scp: 'service control policy', rcp: 'resource control policy' } as const;

export default defineRule({
  id: 'TFXA203',
  slug: 'guardrail-blocks-grant',
  level: 'warning',
  category: 'correctness',
  tags: ['organizations', 'scp', 'rcp', 'cross-account', 'two-sided'],
  precision: 'medium',
  shortDescription: 'An SCP or RCP in scope denies what a cross-account grant exists to allow',
  messages: {
    blocked:
      '{{guardrail}} ({{kind}}) denies {{action}} for {{who}}, so the grant in {{resource}} cannot be used: requests will fail with AccessDenied whatever the policy says. Remove the grant, or exempt it in the guardrail.',
    notAllowed:
      '{{guardrail}} (service control policy) is the allow list of {{level}} and does not allow {{action}} for {{who}}, so the grant in {{resource}} cannot be used: requests will fail with AccessDenied. Allow the action in the SCP, or remove the grant.',
  },
  check(ctx) {
    if (ctx.graph.orgPolicies.length === 0) return;
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key'])) {
      if (statement.effect !== 'Allow') continue;
      const actions = policy.kind === 'trust' ? ['sts:AssumeRole'] : grantedActions(statement);
      if (actions.length === 0) continue;
      const arn = holder.attrs.m.get('arn');
      const resource = grantedResource(statement, arn?.t === 's' ? arn.v : undefined);
      for (const p of otherAccountPrincipals(ctx.graph, holder, statement, true)) {
        const principalAccount = p.info.account!;
        const context = crossAccountContext(ctx.graph, principalAccount, holder.account, p.info.kind === 'account' ? undefined : p.info.text);
        let found: { data: Record<string, string>; messageId: 'blocked' | 'notAllowed'; guardrail: string; at: Range; related: string; action: string; node: OrgPolicyNode; statement: Statement | undefined; decision: 'explicit-deny' | 'implicit-deny' } | undefined;
        for (const action of actions) {
          const v = guardrailVerdict(ctx.graph, {
            principal: p.info,
            principalAccount,
            action,
            ...(resource ? { resource } : {}),
            ...(holder.account ? { resourceAccount: holder.account } : {}),
            context,
          });
          const block = v.block;
          if (!block || (v.decision !== 'explicit-deny' && v.decision !== 'implicit-deny')) continue;
          const guardrail = block.node.policy.holder.address;
          if (block.kind === 'deny') {
            found = { messageId: 'blocked', guardrail, data: { guardrail, kind: KIND_TEXT[block.node.kind], action }, at: block.statement.range, related: `the Deny statement of ${guardrail} that blocks ${action}`, action, node: block.node, statement: block.statement, decision: 'explicit-deny' };
          } else {
            found = {
              messageId: 'notAllowed',
              guardrail,
              data: { guardrail, level: block.level, action },
              at: block.statements[0]?.range ?? block.node.policy.attributeRange,
              related: `the allow list of ${block.level} in ${guardrail}, which leaves ${action} out`,
              action,
              node: block.node,
              statement: block.statements[0],
              decision: 'implicit-deny',
            };
          }
          break;
        }
        if (!found) continue;
        ctx.report({
          messageId: found.messageId,
          data: { ...found.data, who: `${p.info.sensitive ? 'the principal' : p.info.text} (account ${reportedAccount(p.info) ?? 'not shown'})`, resource: holder.address },
          holder,
          range: p.entry.range,
          path: `${statementPath(policy, statement)}/${found.guardrail}`,
          accounts: { resource: holder.account, principal: reportedAccount(p.info) },
          related: [{ range: found.at, message: found.related }],
          witness: {
            kind: 'failure',
            caller: { entry: p.entry, statement },
            action: found.action,
            target: { policy },
            satisfy: [{ statement, withPrincipal: true }],
            denial: {
              decision: found.decision,
              side: found.node.kind,
              policy: found.node.policy,
              ...(found.statement ? { statement: found.statement } : {}),
              text: found.decision === 'explicit-deny' && found.statement
                ? `${statementPath(found.node.policy, found.statement)} of ${found.guardrail} (${found.node.kind.toUpperCase()}) denies it`
                : `the allow list of ${found.data.level} in ${found.guardrail} (SCP) leaves it out`,
            },
          },
        });
        break;
      }
    }
  },
});
