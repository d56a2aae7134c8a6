import { defineRule } from '../../src/engine/rule';
import { conditionsOn } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString, type ConditionEntry } from '../../src/iam/policy';
import { isAccountPrincipal, reportedAccount } from '../../src/iam/principals';
import { hasWildcard } from '../../src/iam/wildcard';
import { listText, principalsOf, statementPath, trustStatements, type TrustStatement } from '../../src/graph/queries';

/** Why an sts:ExternalId condition does not pin one value (undefined when it does, or may). */
function weakness(c: ConditionEntry): string | undefined {
  const op = parseOperator(c.operator);
  if (!/^(string|arn)(equals|equalsignorecase|like)$/i.test(op.base) && !op.negated) return `${c.operator} does not compare the external id with a value`;
  if (op.ifExists) return `${c.operator} lets callers that send no external id through`;
  if (op.negated) return `${c.operator} accepts every other external id`;
  if (op.set === 'ForAllValues') return `${c.operator} is true when no external id is sent`;
  if (c.values.length === 0) return 'the condition has no value';
  for (const v of c.values) {
    if (isUnknownString(v)) continue;
    if (v.trim() === '') return 'the external id is empty';
    if (v === '*') return 'the external id "*" is no secret';
    if (/like$/i.test(op.base) && hasWildcard(v)) return `the pattern ${JSON.stringify(v)} accepts many external ids`;
  }
  return undefined;
}

export default defineRule({
  id: 'TFXA004',
  slug: 'weak-external-id',
  level: 'warning',
  securitySeverity: 5.5,
  category: 'security',
  tags: ['iam', 'trust', 'cross-account', 'confused-deputy'],
  precision: 'high',
  shortDescription: 'An sts:ExternalId condition does not pin one value per vendor',
  messages: {
    weak: 'Role {{role}} requires an external id, but the condition is weak: {{why}}. Require the exact per-customer value with StringEquals on sts:ExternalId.',
    reused:
      'Role {{role}} uses the external id {{value}}, which is also used for roles trusting other third-party accounts ({{accounts}}). An external id must be unique per vendor relationship; a shared one lets one vendor tenant be confused with another.',
  },
  check(ctx) {
    const exact = new Map<string, { t: TrustStatement; c: ConditionEntry; accounts: Set<string> }[]>();
    for (const t of trustStatements(ctx.graph)) {
      const conds = conditionsOn(t.statement, 'sts:ExternalId');
      if (conds.length === 0) continue;
      const weak = conds.map((c) => ({ c, why: weakness(c) }));
      if (weak.every((w) => w.why)) {
        ctx.report({ messageId: 'weak', data: { role: t.role.address, why: weak[0].why! }, holder: t.role, range: weak[0].c.range, path: statementPath(t.policy, t.statement), accounts: { resource: t.role.account } });
        continue;
      }
      const third = principalsOf(ctx.graph, t.role, t.statement).filter((p) => p.entry.type === 'AWS' && isAccountPrincipal(p.info.kind) && p.info.account && !ctx.graph.isInternal(p.info.account, t.role));
      for (const c of conds) {
        // an exact value: any positive string comparison without a wildcard
        if (weakness(c)) continue;
        for (const v of c.values) {
          if (isUnknownString(v) || (/like$/i.test(parseOperator(c.operator).base) && hasWildcard(v))) continue;
          const list = exact.get(v) ?? [];
          list.push({ t, c, accounts: new Set(third.map((p) => reportedAccount(p.info) ?? '(sensitive)')) });
          exact.set(v, list);
        }
      }
    }
    for (const [value, uses] of exact) {
      const all = new Set(uses.flatMap((u) => [...u.accounts]));
      if (all.size < 2) continue;
      for (const u of uses) {
        const others = [...all].filter((a) => !u.accounts.has(a));
        if (others.length === 0) continue;
        ctx.report({
          messageId: 'reused',
          data: { role: u.t.role.address, value: JSON.stringify(value), accounts: listText(others) },
          holder: u.t.role,
          range: u.c.range,
          path: statementPath(u.t.policy, u.t.statement),
          accounts: { resource: u.t.role.account },
        });
      }
    }
  },
});
