import { sharingSubject } from '../../src/witness/build';
import { defineRule } from '../../src/engine/rule';
import { isManagedAccount, sharedData, sharedLabel } from '../../src/graph/sharing';

export default defineRule({
  id: 'TFXA111',
  slug: 'snapshot-or-image-shared-outside-org',
  level: 'warning',
  securitySeverity: 5.5,
  category: 'security',
  tags: ['rds', 'ec2', 'snapshots', 'cross-account', 'organizations'],
  precision: 'high',
  shortDescription: 'A snapshot or machine image is shared with an account not known to be part of the organization',
  messages: {
    account:
      '{{resource}} shares {{shared}} with {{account}}, which is not known to be part of your organization: that account can {{can}} it, and read the data it holds. Share inside the organization, or declare the account in .tfxacct.yml if it is yours.',
    otherOrg: '{{resource}} shares {{shared}} with {{what}} of organization {{org}}, which is not your organization ({{ours}}): every account there can {{can}} it.',
  },
  check(ctx) {
    const ours = ctx.graph.inventory.organizationId;
    for (const s of sharedData(ctx.graph)) {
      const { holder } = s;
      const can = s.spec.node === 'image' ? 'launch instances from' : s.spec.type === 'aws_snapshot_create_volume_permission' ? 'create volumes from' : 'copy or restore';
      for (const e of s.entries) {
        const g = e.grantee;
        const base = { resource: holder.address, shared: sharedLabel(s) };
        if (g.kind === 'account') {
          if (g.account === s.account || ctx.graph.isInternal(g.account, holder)) continue;
          ctx.report({
            messageId: 'account',
            data: { ...base, account: e.sensitive ? 'an account given by a sensitive value' : `account ${ctx.graph.accountLabel(g.account)}`, can },
            holder,
            range: e.range,
            path: e.path,
            accounts: { resource: s.account, ...(e.sensitive ? {} : { principal: g.account }) },
            witness: sharingSubject(s, e),
          });
        } else if (g.kind === 'organization' || g.kind === 'organizational-unit') {
          const what = g.kind === 'organization' ? 'every account' : `organizational unit ${g.ou ?? '(not known statically)'}`;
          if (g.org && ours && g.org !== ours) {
            ctx.report({ messageId: 'otherOrg', data: { ...base, what, org: g.org, ours, can }, holder, range: e.range, path: e.path, accounts: { resource: s.account }, witness: sharingSubject(s, e) });
          } else if (!g.org || !ours) {
            const why = !g.org ? 'the organization is not known statically' : 'no organization.id is given in .tfxacct.yml';
            ctx.unknown({ holder, range: e.range, message: `${holder.address}: whether ${e.path} shares ${sharedLabel(s)} outside your organization is not known (${why})` });
          }
        } else if (g.kind === 'unknown' && (e.holds === 'organization' || e.holds === 'organizational-unit')) {
          ctx.unknown({ holder, range: e.range, message: `${holder.address}: ${e.path} is not known statically (${g.why}); it may share ${sharedLabel(s)} with another organization` });
        } else if (g.kind === 'unknown' && e.holds !== 'group' && !isManagedAccount(ctx.graph, s, e)) {
          ctx.unknown({ holder, range: e.range, message: `${holder.address}: ${e.path} is not known statically (${g.why}); it may share ${sharedLabel(s)} with an account outside your organization` });
        }
      }
      if (s.more) ctx.unknown({ holder, range: s.more.range, message: `${holder.address}: ${s.spec.grantees[0].attribute} may hold accounts that are not known statically (${s.more.why}); they may be outside your organization` });
    }
  },
});
