import { defineRule } from '../../src/engine/rule';
import { keyAllows } from '../../src/graph/kms';
import { listText, principalsOf, statementPath } from '../../src/graph/queries';
import { isAccountPrincipal, reportedAccount } from '../../src/iam/principals';
import { coversAction, coversResource, isAllow } from '../../src/iam/statements';

const READ = { s3: 's3:GetObject', kms: 'kms:Decrypt', what: 'read objects' };
const WRITE = { s3: 's3:PutObject', kms: 'kms:GenerateDataKey', what: 'write objects' };

export default defineRule({
  id: 'TFXA101',
  slug: 'bucket-without-kms-grant',
  level: 'error',
  category: 'correctness',
  tags: ['s3', 'kms', 'cross-account'],
  precision: 'high',
  shortDescription: 'A bucket shares objects with another account but its KMS key does not let that account use the key',
  messages: {
    keyNotGranted:
      'Bucket {{bucket}} lets {{principals}} {{what}}, but its default encryption key {{key}} does not allow {{kmsAction}} for them: the requests will fail with AccessDenied. Add a key policy statement (or an aws_kms_grant) allowing {{kmsAction}} to those principals or their account root.',
  },
  check(ctx) {
    for (const b of ctx.graph.buckets) {
      const enc = b.encryption;
      if (!enc || b.policies.length === 0) continue;
      const algorithm = enc.algorithm?.t === 's' ? enc.algorithm.v : undefined;
      if (algorithm === undefined) {
        if (enc.algorithm?.t === 'u') ctx.unknown({ holder: b.bucket, range: enc.range, message: `${b.bucket.address}: the encryption algorithm is unknown (${enc.algorithm.why})` });
        continue;
      }
      if (!algorithm.startsWith('aws:kms')) continue;
      const key = ctx.graph.resolveKey(enc.keyId, enc.source);
      if (key.kind === 'aws-managed') continue;
      if (key.kind === 'outside') {
        ctx.unknown({ holder: b.bucket, range: enc.range, message: `${b.bucket.address}: ${key.why}; whether it grants cross-account readers cannot be checked` });
        continue;
      }
      const arn = b.bucket.attrs.m.get('arn');
      const objectArn = arn?.t === 's' ? `${arn.v}/object` : undefined;
      for (const policy of b.policies) {
        for (const st of policy.doc.statements) {
          if (isAllow(st) !== 'yes') continue;
          if (objectArn && coversResource(st, objectArn) === 'no') continue;
          const external = principalsOf(ctx.graph, policy.holder, st).filter(
            (p) => p.entry.type === 'AWS' && isAccountPrincipal(p.info.kind) && p.relation === 'other',
          );
          if (external.length === 0) continue;
          for (const need of [READ, WRITE]) {
            if (coversAction(st, need.s3) !== 'yes') continue;
            const denied = external.filter((p) => keyAllows(key.key, p.info, need.kms) === 'no');
            const undecided = external.filter((p) => keyAllows(key.key, p.info, need.kms) === 'unknown');
            for (const p of undecided) {
              ctx.unknown({ holder: policy.holder, range: p.entry.range, message: `${b.bucket.address}: whether key ${key.key.key.address} allows ${need.kms} for ${p.info.text} is not known statically` });
            }
            if (denied.length === 0) continue;
            ctx.report({
              messageId: 'keyNotGranted',
              data: {
                bucket: b.bucket.address,
                principals: listText(denied.map((p) => p.info.text)),
                what: need.what,
                key: key.key.key.address,
                kmsAction: need.kms,
              },
              holder: policy.holder,
              range: denied[0].entry.range,
              path: `${statementPath(policy, st)}/${need.kms}`,
              accounts: { resource: b.bucket.account, principal: reportedAccount(denied[0].info) },
              related: [{ range: key.key.policies[0]?.attributeRange ?? key.key.key.range, message: `the policy of ${key.key.key.address}, which does not allow ${need.kms} for ${listText(denied.map((p) => p.info.text))}` }],
              witness: {
                kind: 'failure',
                caller: { entry: denied[0].entry, statement: st },
                action: need.kms,
                target: { resource: key.key.key },
                denial: { decision: 'implicit-deny', side: 'key', ...(key.key.policies[0] ? { policy: key.key.policies[0] } : { address: key.key.key.address, rootDir: key.key.key.rootDir }), text: `no statement of the policy of ${key.key.key.address} (nor a grant) allows ${need.kms} for this principal` },
                via: `${need.s3} on ${arn?.t === 's' ? `${arn.v}/any` : b.bucket.address}`,
              },
            });
            break;
          }
        }
      }
    }
  },
});
