import { defineRule } from '../../src/engine/rule';
import type { OrgPolicyNode } from '../../src/graph/organization';
import { statementPath } from '../../src/graph/queries';
import { isMultivaluedKey, type Tri } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString, type ConditionEntry, type Statement } from '../../src/iam/policy';
import { wildcardMatch } from '../../src/iam/wildcard';
import { stringAttr } from '../../src/terraform/instance';

const KIND_TEXT = { scp: 'service control policy', rcp: 'resource control policy' } as const;

/** Who a request without the key is, for the keys guardrails test most. */
const ABSENT: Record<string, string> = {
  'aws:principalorgpaths': 'principals of accounts that belong to no organization',
  'aws:resourceorgpaths': 'requests for resources of accounts that belong to no organization',
  'aws:sourceorgpaths': 'requests that no AWS service makes on behalf of a resource of an organization',
  'aws:vpceorgpaths': 'requests that do not come through a VPC endpoint',
  'aws:calledvia': 'requests made directly rather than through an AWS service',
};

/**
 * Whether a Deny of the same policy refuses requests without the key, for every action the
 * statement denies (`unknown` when its Null value is not known statically).
 */
function nullCompanion(statements: Statement[], gap: Statement, key: string): Tri {
  const k = key.toLowerCase();
  let unknown = false;
  for (const st of statements) {
    if (st === gap || st.effect !== 'Deny' || !coversAll(st, gap)) continue;
    for (const c of st.conditions) {
      if (!/^null$/i.test(c.operator) || c.key.toLowerCase() !== k) continue;
      if (c.values.some((v) => !isUnknownString(v) && v.toLowerCase() === 'true')) return 'yes';
      if (c.values.some(isUnknownString)) unknown = true;
    }
    if (st.conditionsUnknown) unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}

/** Keys listing what a request carries (tag keys): without them there is nothing to refuse. */
function listsRequestContent(key: string): boolean {
  return /tagkeys$/i.test(key);
}

/** Whether a statement's actions include all of another's. */
function coversAll(st: Statement, other: Statement): boolean {
  if (st.action?.items.includes('*')) return true;
  if (other.action) {
    return other.action.items.every((a) => typeof a === 'string' && (st.action?.items ?? []).some((p) => typeof p === 'string' && wildcardMatch(p, a, true)));
  }
  // a NotAction statement is covered by one with the same exceptions or fewer
  return !!other.notAction && !!st.notAction && st.notAction.items.every((a) => typeof a === 'string' && other.notAction!.items.includes(a));
}

/** A `ForAnyValue:` negated test of a multivalued key: false when the key is absent. */
function vacuousOnAbsence(c: ConditionEntry): boolean {
  const op = parseOperator(c.operator);
  return op.set === 'ForAnyValue' && op.negated && !op.ifExists;
}

export default defineRule({
  id: 'TFXA204',
  slug: 'guardrail-gap',
  level: 'warning',
  securitySeverity: 5.0,
  category: 'security',
  tags: ['organizations', 'scp', 'rcp', 'conditions'],
  precision: 'high',
  shortDescription: 'An SCP or RCP Deny can be walked around: requests without the condition key pass, or the guardrail is attached to nothing',
  messages: {
    absentKey:
      '{{guardrail}} ({{kind}}) denies only when {{operator}} finds a value of {{key}}, which is false when the request has no {{key}} at all: {{absent}} are not denied. Add a Deny statement with Null "{{key}}" = "true" for the same actions, or test the key with ForAllValues:{{base}}, which is true when it is absent.',
    unattached:
      '{{guardrail}} ({{kind}}) is attached to nothing in the scanned configuration, so it restricts no account. Attach it with aws_organizations_policy_attachment, or remove it.',
  },
  check(ctx) {
    const org = ctx.graph.organization;
    const looseMayBe = org.loose.filter((l) => l.mayBeInScope);
    for (const node of ctx.graph.orgPolicies as OrgPolicyNode[]) {
      if (node.builtin) continue;
      const { holder } = node.policy;
      const guardrail = holder.address;
      const kind = KIND_TEXT[node.kind];
      if (node.attachments.length === 0) {
        // an attachment whose policy is not resolved may attach this one, whose id is known only after apply
        if (looseMayBe.length > 0 && !stringAttr(holder, 'id')) {
          ctx.unknown({ holder, range: holder.range, message: `${guardrail}: whether it is attached is unknown (${looseMayBe[0].resource.address}: ${looseMayBe[0].why})` });
        } else {
          ctx.report({ messageId: 'unattached', data: { guardrail, kind }, holder, range: holder.range, path: `${node.policy.attribute}/unattached`, accounts: { resource: holder.account } });
        }
      }
      const statements = node.policy.doc.statements;
      for (const st of statements) {
        if (st.effect !== 'Deny' || st.unknown) continue;
        for (const c of st.conditions) {
          if (!vacuousOnAbsence(c)) continue;
          const multivalued = isMultivaluedKey(c.key);
          if (multivalued === 'no') continue;
          if (multivalued === 'unknown') {
            ctx.unknown({ holder, range: c.range, message: `${guardrail}: whether ${c.key} holds several values is not known` });
            continue;
          }
          if (listsRequestContent(c.key)) continue;
          const companion = nullCompanion(statements, st, c.key);
          if (companion === 'yes') continue;
          if (companion === 'unknown') {
            ctx.unknown({ holder, range: c.range, message: `${guardrail}: whether a Null check on ${c.key} covers this Deny is not known statically` });
            continue;
          }
          const op = parseOperator(c.operator);
          ctx.report({
            messageId: 'absentKey',
            data: { guardrail, kind, operator: c.operator, key: c.key, base: op.base, absent: ABSENT[c.key.toLowerCase()] ?? `requests without ${c.key}` },
            holder,
            range: c.range,
            path: `${statementPath(node.policy, st)}/${c.key}`,
            accounts: { resource: holder.account },
          });
          break;
        }
      }
    }
  },
});
