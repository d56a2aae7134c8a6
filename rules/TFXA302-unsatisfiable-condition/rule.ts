import { defineRule } from '../../src/engine/rule';
import { parseOperator } from '../../src/iam/operators';
import { deadConditions } from '../../src/iam/satisfiable';
import { statementPath, statementsOf } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA302',
  slug: 'unsatisfiable-condition',
  level: 'warning',
  category: 'correctness',
  tags: ['iam', 'condition', 'validation'],
  precision: 'high',
  shortDescription: 'An Allow has a condition that is never true, so the grant is dead',
  messages: {
    dead: '{{resource}}: {{why}}. The Allow can never apply and requests it is meant for fail with AccessDenied.',
    value: '{{resource}}: {{why}}. The other values of the condition still apply.',
    excludesNothing: '{{resource}}: {{why}}.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key', 'identity', 'scp', 'rcp'])) {
      for (const d of deadConditions(statement)) {
        const negated = parseOperator(d.condition.operator).negated;
        ctx.report({
          messageId: negated ? 'excludesNothing' : d.kills ? 'dead' : 'value',
          data: { resource: `${holder.address}.${policy.attribute}`, why: d.why },
          holder,
          range: d.condition.range,
          path: `${statementPath(policy, statement)}/${d.condition.operator}/${d.condition.key}`,
          accounts: { resource: holder.account },
          witness: { kind: 'dead', policy, statement, dead: d },
        });
      }
    }
  },
});
