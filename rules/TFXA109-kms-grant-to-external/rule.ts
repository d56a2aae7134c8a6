import { defineRule } from '../../src/engine/rule';
import { classifyAwsPrincipal } from '../../src/iam/principals';
import { attributeRange } from '../../src/terraform/instance';

const SENSITIVE_OPS = /^(Decrypt|ReEncrypt.*|CreateGrant|GenerateDataKey.*)$/;

export default defineRule({
  id: 'TFXA109',
  slug: 'kms-grant-to-external',
  level: 'warning',
  securitySeverity: 5.0,
  category: 'security',
  tags: ['kms', 'grants', 'cross-account'],
  precision: 'high',
  shortDescription: 'A KMS grant gives another account decrypt or grant rights without constraints',
  messages: {
    grant:
      'Grant {{grant}} lets {{grantee}} (account {{account}}) use the key for {{ops}} with no encryption context constraints. Add a constraints block so the grant covers only the data it is meant for.',
  },
  check(ctx) {
    for (const g of ctx.graph.ofType('aws_kms_grant')) {
      const grantee = g.attrs.m.get('grantee_principal');
      if (grantee?.t !== 's') continue;
      const info = classifyAwsPrincipal(grantee.v);
      const key = ctx.graph.keys.find((k) => k.grants.includes(g));
      // a key given by ARN names its account
      const keyId = g.attrs.m.get('key_id');
      const arnAccount = keyId?.t === 's' ? /^arn:[^:]*:kms:[^:]*:(\d{12}):/.exec(keyId.v)?.[1] : undefined;
      const owner = key?.key.account ?? arnAccount ?? g.account;
      if (!info.account || !owner || info.account === owner) continue;
      const ops = g.attrs.m.get('operations');
      const risky = ops?.t === 'l' ? ops.items.filter((o) => o.t === 's' && SENSITIVE_OPS.test(o.v)).map((o) => (o as { v: string }).v) : [];
      if (risky.length === 0) continue;
      // a constraints block restricts only with an encryption context in it
      const constraints = g.attrs.m.get('constraints');
      const blocks = constraints?.t === 'l' ? constraints.items : constraints && constraints.t !== 'null' ? [constraints] : [];
      const restricts = blocks.some((b) => b.t !== 'o' || [...b.m.entries()].some(([k, v]) => /^encryption_context_(equals|subset)$/.test(k) && v.t !== 'null' && !(v.t === 'o' && v.m.size === 0)));
      if (restricts) continue;
      ctx.report({
        messageId: 'grant',
        data: { grant: g.address, grantee: grantee.v, account: info.account, ops: risky.join(', ') },
        holder: g,
        range: attributeRange(g, 'grantee_principal'),
        path: 'grantee_principal',
        accounts: { resource: owner, principal: info.account },
        witness: { kind: 'grant', grant: g, key, grantee: grantee.v, operation: risky[0] },
      });
    }
  },
});
