import { defineRule } from '../../src/engine/rule';
import { keyIn, statementBinding } from '../../src/iam/conditions';
import { isUnknownString } from '../../src/iam/policy';
import { coversAction } from '../../src/iam/statements';
import { hasWildcard } from '../../src/iam/wildcard';
import { resourceGrants, statementPath } from '../../src/graph/queries';

/** Whether a resource pattern can name a role in any account. */
function anyAccount(pattern: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split(':');
  // a wildcard before the account field swallows it (arn:aws:iam::*, arn:*)
  if (parts.length < 6) return hasWildcard(parts[parts.length - 1]);
  return hasWildcard(parts[4]);
}

export default defineRule({
  id: 'TFXA011',
  slug: 'assume-any-role',
  level: 'warning',
  securitySeverity: 5.5,
  category: 'security',
  tags: ['iam', 'identity-policy', 'cross-account'],
  precision: 'high',
  shortDescription: 'An identity policy allows sts:AssumeRole on roles in any account',
  messages: {
    anyRole:
      '{{policy}} allows sts:AssumeRole on {{what}}: the holder can assume any role, in any account, whose trust policy admits it. List the role ARNs (with their account ids) it needs.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of resourceGrants(ctx.graph, ['identity'])) {
      if (coversAction(statement, 'sts:AssumeRole') !== 'yes') continue;
      // a condition on the target's account or organization names the accounts after all
      const scoped = statementBinding(statement, keyIn('aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'));
      if (scoped === 'yes') continue;
      if (statement.notResource) {
        ctx.report({
          messageId: 'anyRole',
          data: { policy: holder.address, what: 'every resource but those in NotResource' },
          holder,
          range: statement.notResource.range,
          path: statementPath(policy, statement),
          accounts: { resource: holder.account },
          witness: { kind: 'identity', policy, statement, action: 'sts:AssumeRole', resource: 'arn:aws:iam::*:role/any' },
        });
        continue;
      }
      const res = statement.resource;
      if (!res) continue;
      const wide = res.items.find((r): r is string => !isUnknownString(r) && anyAccount(r));
      if (wide === undefined) continue;
      ctx.report({
        messageId: 'anyRole',
        data: { policy: holder.address, what: JSON.stringify(wide) },
        holder,
        range: res.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account },
        witness: { kind: 'identity', policy, statement, action: 'sts:AssumeRole', resource: wide },
      });
    }
  },
});
