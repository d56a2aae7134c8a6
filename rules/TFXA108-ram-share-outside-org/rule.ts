import { defineRule } from '../../src/engine/rule';
import { attributeRange, type ResourceInstance } from '../../src/terraform/instance';

export default defineRule({
  id: 'TFXA108',
  slug: 'ram-share-outside-org',
  level: 'warning',
  securitySeverity: 5.5,
  category: 'security',
  tags: ['ram', 'cross-account', 'organizations'],
  precision: 'high',
  shortDescription: 'A RAM resource share allows or names principals outside the organization',
  messages: {
    external: 'Resource share {{share}} sets allow_external_principals = true: its resources can be shared with any AWS account, not only accounts of your organization.',
    association: '{{association}} shares resources with account {{account}}, which is not known to be part of your organization. Share inside the organization, or declare the account in .tfxacct.yml if it is yours.',
    otherOrg: '{{association}} shares resources with organization {{org}}, which is not your organization ({{ours}}).',
  },
  check(ctx) {
    const shares = ctx.graph.ramShares();
    for (const share of ctx.graph.ofType('aws_ram_resource_share')) {
      const ext = share.attrs.m.get('allow_external_principals');
      if (ext?.t === 'b' && ext.v) {
        const node = shares.find((s) => s.share === share)!;
        ctx.report({ messageId: 'external', data: { share: share.address }, holder: share, range: attributeRange(share, 'allow_external_principals'), path: 'allow_external_principals', accounts: { resource: share.account }, witness: { kind: 'share', share: node } });
      }
    }
    const shareOf = (a: ResourceInstance) => shares.find((s) => s.principals.includes(a));
    for (const a of ctx.graph.ofType('aws_ram_principal_association')) {
      const raw = a.attrs.m.get('principal');
      if (raw?.t === 'u') {
        ctx.unknown({ holder: a, range: attributeRange(a, 'principal'), message: `${a.address}: the principal is not known statically (${raw.why})` });
        continue;
      }
      const p = raw?.t === 'n' ? String(raw.v).padStart(12, '0') : raw?.t === 's' ? raw.v : undefined;
      if (p === undefined) continue;
      const range = attributeRange(a, 'principal');
      // an account id, or an IAM role or user of an account
      const account = /^\d{12}$/.test(p) ? p : /^arn:[^:]*:iam::(\d{12}):(role|user)\//.exec(p)?.[1];
      if (account) {
        if (ctx.graph.isInternal(account, a)) continue;
        const node = shareOf(a);
        ctx.report({
          messageId: 'association',
          data: { association: a.address, account: ctx.graph.accountLabel(account) },
          holder: a,
          range,
          path: 'principal',
          accounts: { resource: a.account, principal: account },
          witness: node ? { kind: 'share', share: node, association: a } : { kind: 'omitted', why: `the resource share of ${a.address} is not defined in the scanned configuration` },
        });
        continue;
      }
      const org = /:(?:organization|ou)\/(o-[a-z0-9]+)(?:\/|$)/.exec(p)?.[1];
      const ours = ctx.graph.inventory.organizationId;
      if (org && ours && org !== ours) {
        const node = shareOf(a);
        ctx.report({
          messageId: 'otherOrg',
          data: { association: a.address, org, ours },
          holder: a,
          range,
          path: 'principal',
          accounts: { resource: a.account },
          witness: node ? { kind: 'share', share: node, association: a } : { kind: 'omitted', why: `the resource share of ${a.address} is not defined in the scanned configuration` },
        });
      }
    }
  },
});
