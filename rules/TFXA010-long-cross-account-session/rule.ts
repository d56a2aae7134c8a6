import { defineRule } from '../../src/engine/rule';
import { attributeRange } from '../../src/terraform/instance';
import { principalsOf, trustStatements } from '../../src/graph/queries';

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [h ? part(h, 'hour') : '', m ? part(m, 'minute') : ''].filter(Boolean).join(' ') || part(seconds, 'second');
}

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
    long: 'Role {{role}} is assumed from other accounts and allows sessions of {{duration}} (max_session_duration = {{seconds}}). Credentials leaked from another account stay valid that long; keep cross-account sessions at one hour unless a job needs more.',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const { role, statement, allows } of trustStatements(ctx.graph)) {
      if (allows !== 'yes' || seen.has(role.address + role.rootDir)) continue;
      const cross = principalsOf(ctx.graph, role, statement).some((p) => p.entry.type === 'AWS' && p.relation === 'other');
      if (!cross) continue;
      const d = role.attrs.m.get('max_session_duration');
      const seconds = d?.t === 'n' ? d.v : d?.t === 's' && /^\d+$/.test(d.v) ? Number(d.v) : undefined;
      if (seconds === undefined || seconds <= 3600) continue;
      seen.add(role.address + role.rootDir);
      ctx.report({
        messageId: 'long',
        data: { role: role.address, duration: duration(seconds), seconds: String(seconds) },
        holder: role,
        range: attributeRange(role, 'max_session_duration'),
        path: 'max_session_duration',
        accounts: { resource: role.account },
      });
    }
  },
});
