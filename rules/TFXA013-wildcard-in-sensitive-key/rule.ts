import { defineRule } from '../../src/engine/rule';
import { sensitiveWildcard } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString } from '../../src/iam/policy';
import { statementPath, statementsOf } from '../../src/graph/queries';

/** Operators that read `*` and `?` as wildcards (ArnEquals matches like ArnLike). */
const isPatternOperator = (op: string) => /^(stringlike|stringnotlike|arnlike|arnnotlike|arnequals|arnnotequals)$/i.test(parseOperator(op).base);

export default defineRule({
  id: 'TFXA013',
  slug: 'wildcard-in-sensitive-key',
  level: 'warning',
  securitySeverity: 6.0,
  category: 'security',
  tags: ['iam', 'condition', 'organization'],
  precision: 'high',
  shortDescription: 'A condition matches organization, account or principal ids with a wildcard',
  messages: {
    wildcard:
      '{{resource}}: {{why}}. AWS documents no valid use for a wildcard there: the pattern admits (or, in a Deny, spares) ids you did not mean, including other customers\' accounts and organizations. Compare exact values with StringEquals.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key', 'identity', 'scp', 'rcp'])) {
      if (statement.unknown) continue;
      for (const c of statement.conditions) {
        if (!isPatternOperator(c.operator)) continue;
        const why = c.values.map((v) => (isUnknownString(v) ? undefined : sensitiveWildcard(c.key, v))).find((w) => w);
        if (!why) continue;
        ctx.report({
          messageId: 'wildcard',
          data: { resource: `${holder.address}.${policy.attribute}`, why },
          holder,
          range: c.range,
          path: `${statementPath(policy, statement)}/${c.operator}/${c.key}`,
          accounts: { resource: holder.account },
          witness: policy.kind === 'identity' ? { kind: 'identity', policy, statement, condition: c } : { kind: 'statement', policy, statement, ...(statement.principal?.entries[0] ? { entry: statement.principal.entries[0] } : {}), condition: c },
        });
      }
    }
  },
});
