import { sharingSubject } from '../../src/witness/build';
import { defineRule } from '../../src/engine/rule';
import { isManagedAccount, sharedData, sharedLabel } from '../../src/graph/sharing';

export default defineRule({
  id: 'TFXA110',
  slug: 'public-snapshot-or-image',
  level: 'error',
  securitySeverity: 9.5,
  category: 'security',
  tags: ['rds', 'ec2', 'snapshots', 'public'],
  precision: 'very-high',
  shortDescription: 'A snapshot or machine image is shared with every AWS account',
  messages: {
    list: '{{resource}} shares {{shared}} with "all" in {{attribute}}: every AWS account can copy or restore it, and read the data it holds. Remove "all" and list the accounts that need it.',
    group: '{{resource}} gives group "all" launch permission on {{shared}}: every AWS account can launch instances from the image and read what its volumes hold. Share with named accounts, your organization (organization_arn) or an organizational unit instead.',
  },
  check(ctx) {
    for (const s of sharedData(ctx.graph)) {
      const { holder } = s;
      const publicEntries = s.entries.filter((e) => e.grantee.kind === 'anyone');
      for (const e of publicEntries) {
        ctx.report({
          messageId: e.attribute === 'group' ? 'group' : 'list',
          data: { resource: holder.address, shared: sharedLabel(s), attribute: e.attribute },
          holder,
          range: e.range,
          path: e.path,
          accounts: { resource: s.account },
          witness: sharingSubject(s, e),
        });
      }
      if (publicEntries.length > 0) continue;
      // an unknown grantee, or a list that may hold more, could be the public one
      for (const e of s.entries) {
        if (e.grantee.kind !== 'unknown' || !e.mayBePublic || isManagedAccount(ctx.graph, s, e)) continue;
        ctx.unknown({ holder, range: e.range, message: `${holder.address}: ${e.path} is not known statically (${e.grantee.why}); if it is "all", ${sharedLabel(s)} is public` });
      }
      if (s.more) ctx.unknown({ holder, range: s.more.range, message: `${holder.address}: ${s.spec.grantees[0].attribute} may hold values that are not known statically (${s.more.why}); if one is "all", ${sharedLabel(s)} is public` });
    }
  },
});
