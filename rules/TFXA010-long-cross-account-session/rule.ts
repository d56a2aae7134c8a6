import { defineRule } from '../../src/engine/rule';
import { attributeRange } from '../../src/terraform/instance';
import { principalsOf, trustStatements } from '../../src/graph/queries';

export default defineRule({
  id: 'TFXA010',
  slug: 'long-cross-account-session',
  level: 'note',
  securitySeverity: 2.0,
  category: 'security',
  tags: ['iam', 'trust', 'cross-account', 'sessions'],
  precision: 'high',
  shortDescription: 'A role assumed from other accounts allows sessions longer than one hour',
  messages: {
    long: 'Role {{role}} is assumed from other accounts and allows sessions of {{hours}} hours (max_session_duration = {{seconds}}). Credentials leaked from another account stay valid that long; keep cross-account sessions at one hour unless a job needs more.',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const { role, statement, allows } of trustStatements(ctx.graph)) {
      if (allows !== 'yes' || seen.has(role.address + role.rootDir)) continue;
      const cross = principalsOf(ctx.graph, role, statement).some((p) => p.entry.type === 'AWS' && p.relation === 'other');
      if (!cross) continue;
      const d = role.attrs.m.get('max_session_duration');
      if (!d || d.t !== 'n' || d.v <= 3600) continue;
      seen.add(role.address + role.rootDir);
      ctx.report({
        messageId: 'long',
        data: { role: role.address, hours: String(Math.round((d.v / 3600) * 10) / 10), seconds: String(d.v) },
        holder: role,
        range: attributeRange(role, 'max_session_duration'),
        path: 'max_session_duration',
        accounts: { resource: role.account },
      });
    }
  },
});
