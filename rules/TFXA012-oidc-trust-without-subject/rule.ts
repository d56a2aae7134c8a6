import { defineRule } from '../../src/engine/rule';
import { conditionBinding, oidcClaim } from '../../src/iam/conditions';
import { isUnknownString } from '../../src/iam/policy';
import { hasWildcard, matchesEverything } from '../../src/iam/wildcard';
import { principalsOf, statementPath, trustStatements } from '../../src/graph/queries';

const GITHUB = 'token.actions.githubusercontent.com';

/** Why a sub value does not pin the workload (undefined when it does). */
function unpinned(provider: string, value: string): string | undefined {
  if (matchesEverything(value)) return `"${value}" matches any subject`;
  if (provider !== GITHUB) return undefined;
  const m = /^repo:([^/:]*)\/([^:]*)(?::|$)/.exec(value);
  if (m) {
    if (hasWildcard(m[1])) return `"${value}" matches repositories of any owner`;
    if (hasWildcard(m[2])) return `"${value}" matches any repository of ${m[1]}`;
    return undefined;
  }
  if (hasWildcard(value)) return `"${value}" does not pin an owner/repository`;
  return undefined;
}

export default defineRule({
  id: 'TFXA012',
  slug: 'oidc-trust-without-subject',
  level: 'error',
  securitySeverity: 9.0,
  category: 'security',
  tags: ['iam', 'trust', 'oidc', 'ci'],
  precision: 'high',
  shortDescription: 'An OIDC trust does not pin the token subject (for GitHub: owner/repo)',
  messages: {
    noSub:
      'Role {{role}} trusts tokens from {{provider}} without a binding condition on {{provider}}:sub. Every workload that can get a token from this provider (for GitHub Actions: any repository on GitHub) can assume it; require the subject with StringEquals or StringLike.',
    wideSub:
      'Role {{role}} trusts tokens from {{provider}}, but the subject condition is too wide: {{why}}. Pin the owner and repository (and preferably the branch or environment), e.g. repo:my-org/my-repo:ref:refs/heads/main.',
  },
  check(ctx) {
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph, ['sts:AssumeRoleWithWebIdentity'])) {
      if (allows !== 'yes') continue;
      const oidc = principalsOf(ctx.graph, role, statement).find((p) => p.entry.type === 'Federated' && p.info.kind === 'oidc' && p.info.provider);
      if (!oidc) continue;
      const provider = oidc.info.provider!.toLowerCase();
      const subs = statement.conditions.filter((c) => {
        const claim = oidcClaim(c.key);
        return claim && claim.claim === 'sub' && claim.provider === provider;
      });
      const binding = subs.filter((c) => conditionBinding(c, () => true) !== 'no');
      if (binding.some((c) => conditionBinding(c, () => true) === 'unknown') || statement.conditionsUnknown) {
        ctx.unknown({ holder: role, range: oidc.entry.range, message: `${role.address}: the subject condition for ${provider} is not known statically` });
        continue;
      }
      const data = { role: role.address, provider };
      if (binding.length === 0) {
        ctx.report({ messageId: 'noSub', data, holder: role, range: oidc.entry.range, path: statementPath(policy, statement), accounts: { resource: role.account } });
        continue;
      }
      // conditions are ANDed: one condition pinning the subject is enough
      const whys = binding.map((c) => ({ c, why: c.values.map((v) => (isUnknownString(v) ? undefined : unpinned(provider, v))).find((w) => w) }));
      if (whys.some((w) => !w.why)) continue;
      ctx.report({ messageId: 'wideSub', data: { ...data, why: whys[0].why! }, holder: role, range: whys[0].c.range, path: statementPath(policy, statement), accounts: { resource: role.account } });
    }
  },
});
