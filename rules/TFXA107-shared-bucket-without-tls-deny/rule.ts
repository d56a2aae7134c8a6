import { defineRule } from '../../src/engine/rule';
import { conditionsOn } from '../../src/iam/conditions';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString } from '../../src/iam/policy';
import { isAllow } from '../../src/iam/statements';
import { principalsOf, statementPath } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA107',
  slug: 'shared-bucket-without-tls-deny',
  level: 'note',
  securitySeverity: 3.0,
  category: 'security',
  tags: ['s3', 'cross-account', 'tls'],
  precision: 'high',
  shortDescription: 'A bucket shared with another account does not deny requests without TLS',
  messages: {
    noTls:
      'Bucket {{bucket}} is shared with other accounts but its policy has no Deny for requests without TLS (Bool aws:SecureTransport = "false"). Add that statement so no principal, in any account, can read or write over plain HTTP.',
  },
  check(ctx) {
    for (const b of ctx.graph.buckets) {
      if (b.policies.length === 0) continue;
      let first: { holder: typeof b.bucket; range: import('../../src/hcl/ast').Range; path: string } | undefined;
      let tlsDeny = false;
      let undecided = false;
      for (const policy of b.policies) {
        if (policy.doc.unknown) undecided = true;
        for (const st of policy.doc.statements) {
          // a statement that may be the TLS deny (unknown effect, unknown values) leaves it undecided
          if (st.unknown || st.conditionsUnknown) {
            undecided = true;
            continue;
          }
          const tls = conditionsOn(st, 'aws:SecureTransport').filter((c) => /^bool$/i.test(parseOperator(c.operator).base));
          const denies = tls.some((c) => c.values.some((v) => !isUnknownString(v) && v.toLowerCase() === 'false'));
          const maybe = tls.some((c) => c.values.some((v) => isUnknownString(v)));
          if (st.effect === 'Deny') {
            if (denies) tlsDeny = true;
            else if (maybe) undecided = true;
            continue;
          }
          if (st.effect !== 'Allow') {
            if (denies || maybe) undecided = true;
            continue;
          }
          if (isAllow(st) !== 'yes' || first) continue;
          const shared = principalsOf(ctx.graph, policy.holder, st).find((p) => p.info.kind === 'anyone' || (p.entry.type === 'AWS' && p.relation === 'other'));
          if (shared) first = { holder: policy.holder, range: shared.entry.range, path: statementPath(policy, st) };
        }
      }
      if (!first || tlsDeny) continue;
      if (undecided) {
        ctx.unknown({ holder: first.holder, range: first.range, message: `${b.bucket.address}: a bucket policy is not known statically; a TLS deny may be in it` });
        continue;
      }
      ctx.report({ messageId: 'noTls', data: { bucket: b.bucket.address }, holder: first.holder, range: first.range, path: first.path, accounts: { resource: b.bucket.account } });
    }
  },
});
