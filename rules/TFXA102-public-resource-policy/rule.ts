import { defineRule } from '../../src/engine/rule';
import { isPublicBoundaryKey, sourceIpLimited, statementBinding } from '../../src/iam/conditions';
import { principalsOf, resourceGrants, statementPath } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA102',
  slug: 'public-resource-policy',
  level: 'error',
  securitySeverity: 9.5,
  category: 'security',
  tags: ['iam', 'resource-policy', 'public'],
  precision: 'very-high',
  shortDescription: 'A resource policy allows any principal ("*") without a binding condition',
  messages: {
    public:
      '{{resource}} allows any principal ("*"), in any account or anonymous, and no aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn or aws:SourceVpce condition limits it. Name the principals, or add a binding condition.',
  },
  check(ctx) {
    for (const { holder, policy, statement } of resourceGrants(ctx.graph)) {
      const anyone = principalsOf(ctx.graph, holder, statement).find((p) => (p.entry.type === '*' || p.entry.type === 'AWS') && p.info.kind === 'anyone');
      if (!anyone) continue;
      const b = statementBinding(statement, isPublicBoundaryKey);
      if (b === 'yes') continue;
      // fixed source addresses make it "any principal from these addresses", not public (as S3 Block Public Access decides)
      const ip = sourceIpLimited(statement);
      if (ip === 'yes') continue;
      // through an access point, the bucket behind it must allow too: a bucket that lets no one through
      // its access points keeps a "*" access point policy from being public
      const ap = ctx.graph.accessPointOf(holder);
      const bucket = ap && ctx.graph.bucketOfAccessPoint(ap);
      const through = bucket ? ctx.graph.bucketAdmitsThroughAccessPoint(bucket, ap) : 'yes';
      if (through === 'no') continue;
      if (b === 'unknown' || ip === 'unknown' || through === 'unknown') {
        ctx.unknown({ holder, range: anyone.entry.range, message: `${holder.address}: the conditions on the "*" grant are not known statically` });
        continue;
      }
      ctx.report({
        messageId: 'public',
        data: { resource: holder.address },
        holder,
        range: anyone.entry.range,
        path: statementPath(policy, statement),
        accounts: { resource: holder.account },
        witness: { kind: 'statement', policy, statement, entry: anyone.entry },
      });
    }
  },
});
