import { defineRule } from '../../src/engine/rule';
import { oidcClaim } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString } from '../../src/iam/policy';
import { statementPath, statementsOf } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA009',
  slug: 'vacuous-forallvalues',
  level: 'warning',
  securitySeverity: 5.0,
  category: 'security',
  tags: ['iam', 'conditions'],
  precision: 'high',
  shortDescription: 'A ForAllValues condition is the only requirement on a key, so requests without the key pass',
  messages: {
    vacuous:
      '{{resource}} relies on {{operator}} for {{key}}, which is true when the request has no {{key}} at all (for example an untagged session). Add a Null condition ({{key}} = "false") or use ForAnyValue.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of statementsOf(ctx.graph, ['trust', 'resource', 'key', 'identity'])) {
      if (statement.effect !== 'Allow') continue;
      for (const c of statement.conditions) {
        if (parseOperator(c.operator).set !== 'ForAllValues') continue;
        // claims of a web identity token (iss, aud, sub…) are always in an AssumeRoleWithWebIdentity request
        if (oidcClaim(c.key)) continue;
        const key = c.key.toLowerCase();
        const guarded = statement.conditions.some(
          (o) =>
            o.key.toLowerCase() === key &&
            ((/^null$/i.test(o.operator) && o.values.some((v) => !isUnknownString(v) && v.toLowerCase() === 'false')) || parseOperator(o.operator).set === 'ForAnyValue'),
        );
        if (guarded) continue;
        // a Null check whose value is unknown may be the guard
        const maybeGuarded = statement.conditions.some((o) => o.key.toLowerCase() === key && /^null$/i.test(o.operator) && o.values.some(isUnknownString));
        if (maybeGuarded || statement.conditionsUnknown) {
          ctx.unknown({ holder, range: c.range, message: `${holder.address}: whether ${c.key} is required cannot be decided` });
          continue;
        }
        ctx.report({ messageId: 'vacuous', data: { resource: holder.address, operator: c.operator, key: c.key }, holder, range: c.range, path: `${statementPath(policy, statement)}/${c.key}`, accounts: { resource: holder.account } });
        break;
      }
    }
  },
});
