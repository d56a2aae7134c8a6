import { defineRule } from '../../src/engine/rule';
import { conditionBinding, oidcClaim } from '../../src/iam/conditions';
import { normaliseIssuer, sharedIssuer, subjectUnpinned, type SharedIssuer } from '../../src/iam/oidc';
import { parseOperator } from '../../src/iam/operators';
import { isUnknownString, type ConditionEntry } from '../../src/iam/policy';
import { hasWildcard } from '../../src/iam/wildcard';
import { principalsOf, statementPath, trustStatements } from '../../src/graph/queries';

/** Why one sub condition does not pin a customer (undefined when it does). Under StringEquals a `*` is literal: that value matches nothing. */
function conditionUnpinned(issuer: SharedIssuer, c: ConditionEntry): string | undefined {
  const pattern = /like$/i.test(parseOperator(c.operator).base);
  for (const v of c.values) {
    if (isUnknownString(v)) continue;
    if (!pattern && hasWildcard(v)) continue;
    const why = subjectUnpinned(issuer, v);
    if (why) return why;
  }
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
  shortDescription: 'An OIDC trust to a shared issuer does not pin the token subject to one customer (for GitHub: owner/repo)',
  messages: {
    noSub:
      'Role {{role}} trusts tokens from {{provider}} ({{issuer}}, shared by all its customers) without a binding condition on {{provider}}:sub. Every workload that can get a token from this issuer (for GitHub Actions: any repository on GitHub) can assume it; an audience condition does not help, as every customer\'s tokens carry the same audience. Require the subject with StringEquals or StringLike.',
    wideSub:
      'Role {{role}} trusts tokens from {{provider}} ({{issuer}}), but the subject condition does not pin one customer: {{why}}. Pin the owner and repository (and preferably the branch or environment), e.g. repo:my-org/my-repo:ref:refs/heads/main.',
  },
  check(ctx) {
    for (const { role, policy, statement, allows } of trustStatements(ctx.graph, ['sts:AssumeRoleWithWebIdentity'])) {
      if (allows !== 'yes') continue;
      const federated = principalsOf(ctx.graph, role, statement).filter((p) => p.entry.type === 'Federated');
      for (const p of federated) {
        const provider = p.info.provider ? normaliseIssuer(p.info.provider) : undefined;
        if (!provider || (p.info.kind !== 'oidc' && p.info.kind !== 'web-identity')) {
          // an identity provider that is not known: the claims it is checked against say which issuer was meant
          const hinted = p.info.kind === 'unknown' && statement.conditions.some((c) => { const k = oidcClaim(c.key); return k && sharedIssuer(k.provider); });
          if (hinted) ctx.unknown({ holder: role, range: p.entry.range, message: `${role.address}: the OIDC provider of this trust is not known statically (${p.info.why ?? 'unknown'}), and its conditions name a shared issuer` });
          continue;
        }
        const issuer = sharedIssuer(provider);
        if (!issuer) continue;
        const subs = statement.conditions.filter((c) => {
          const claim = oidcClaim(c.key);
          return claim && claim.claim === 'sub' && claim.provider === provider;
        });
        const binding = subs.filter((c) => conditionBinding(c, () => true) !== 'no');
        if (binding.some((c) => conditionBinding(c, () => true) === 'unknown') || statement.conditionsUnknown) {
          ctx.unknown({ holder: role, range: p.entry.range, message: `${role.address}: the subject condition for ${provider} is not known statically` });
          continue;
        }
        const data = { role: role.address, provider, issuer: issuer.name };
        if (binding.length === 0) {
          ctx.report({ messageId: 'noSub', data, holder: role, range: p.entry.range, path: statementPath(policy, statement), accounts: { resource: role.account }, witness: { kind: 'statement', policy, statement, entry: p.entry } });
          continue;
        }
        // conditions are ANDed: one condition pinning the subject is enough
        const whys = binding.map((c) => ({ c, why: conditionUnpinned(issuer, c) }));
        if (whys.some((w) => !w.why)) continue;
        ctx.report({
          messageId: 'wideSub',
          data: { ...data, why: whys[0].why! },
          holder: role,
          range: whys[0].c.range,
          path: statementPath(policy, statement),
          accounts: { resource: role.account },
          witness: { kind: 'statement', policy, statement, entry: p.entry },
        });
      }
    }
  },
});
