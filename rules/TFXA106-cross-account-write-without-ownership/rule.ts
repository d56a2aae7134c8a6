import { defineRule } from '../../src/engine/rule';
import { conditionsOn, keyIn, statementBinding } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString } from '../../src/iam/policy';
import { reportedAccount } from '../../src/iam/principals';
import { coversAction, isAllow } from '../../src/iam/statements';
import { listText, otherAccountPrincipals, principalsOf, statementPath } from '../../src/graph/queries';
import type { Val } from '../../src/terraform/value';

function ownershipSetting(v: Val | undefined): string | undefined | null {
  const rule = v?.t === 'l' ? v.items[0] : v;
  if (!rule || rule.t !== 'o') return null;
  const o = rule.m.get('object_ownership');
  if (!o) return null;
  return o.t === 's' ? o.v : undefined;
}

export default defineRule({
  id: 'TFXA106',
  slug: 'cross-account-write-without-ownership',
  level: 'warning',
  securitySeverity: 4.5,
  category: 'security',
  tags: ['s3', 'cross-account'],
  precision: 'high',
  shortDescription: 'Another account may write to a bucket whose objects it would then own',
  messages: {
    noOwnership:
      'Bucket {{bucket}} lets {{accounts}} write objects, but object ownership is not enforced: objects they upload stay owned by them, and the bucket owner may be unable to read or manage them. Add aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced".',
  },
  check(ctx) {
    for (const b of ctx.graph.buckets) {
      const setting = b.ownership ? ownershipSetting(b.ownership.attrs.m.get('rule')) : null;
      if (setting === 'BucketOwnerEnforced') continue;
      for (const policy of b.policies) {
        for (const st of policy.doc.statements) {
          if (isAllow(st) !== 'yes' || coversAction(st, 's3:PutObject') !== 'yes') continue;
          const writers = otherAccountPrincipals(ctx.graph, policy.holder, st, true);
          // "*" lets other accounts write unless a condition pins the writer to the bucket's account (or
          // delegates to the account's access points, whose own policies then say who writes)
          const anyone = principalsOf(ctx.graph, policy.holder, st).find((p) => p.info.kind === 'anyone');
          if (anyone && statementBinding(st, keyIn('aws:principalaccount', 'aws:principalarn', 's3:dataaccesspointaccount', 's3:dataaccesspointarn')) === 'no') writers.push(anyone);
          if (writers.length === 0) continue;
          if (setting === undefined) {
            ctx.unknown({ holder: policy.holder, range: writers[0].entry.range, message: `${b.bucket.address}: its object ownership setting is not known statically` });
            continue;
          }
          const fullControl = conditionsOn(st, 's3:x-amz-acl').some(
            (c) => /^stringequals$/i.test(parseOperator(c.operator).base) && !parseOperator(c.operator).ifExists && c.values.every((v) => !isUnknownString(v) && v === 'bucket-owner-full-control'),
          );
          if (setting === 'BucketOwnerPreferred' && fullControl) continue;
          ctx.report({
            messageId: 'noOwnership',
            data: { bucket: b.bucket.address, accounts: listText(writers.map((p) => (p.info.kind === 'anyone' ? 'any principal ("*")' : p.info.text))) },
            holder: policy.holder,
            range: writers[0].entry.range,
            path: statementPath(policy, st),
            accounts: { resource: b.bucket.account, principal: reportedAccount(writers[0].info) },
          });
        }
      }
    }
  },
});
