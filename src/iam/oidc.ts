/**
 * OpenID Connect issuers and the subject claims that pin a customer. An issuer shared by many
 * customers (GitHub Actions, GitLab.com, HCP Terraform) signs tokens for all of them with the same
 * audience, so only the subject says whose workload it is; a per-customer issuer (an EKS cluster,
 * CircleCI's `oidc.circleci.com/org/<id>`, a Bitbucket workspace's issuer) is pinned by itself.
 */
import { hasWildcard, matchesEverything } from './wildcard';

export interface SharedIssuer {
  /** Display name. */
  name: string;
  /** Whether an issuer host/path (lower case, without `https://`) is this one. */
  matches(issuer: string): boolean;
  /**
   * Why a subject value does not pin one customer, or undefined when it does. Values are
   * compared as the operator does: `StringLike` patterns may contain `*` and `?`.
   */
  unpinned(value: string): string | undefined;
}

const GITHUB_HOST = 'token.actions.githubusercontent.com';

/**
 * Claims a GitHub user can put first in a customised subject (`workflow`, `environment`…) with a
 * value of their own choosing: a subject that starts with one of them can come from any repository.
 */
const GITHUB_FREE_CLAIMS = ['workflow', 'environment', 'ref', 'ref_type', 'context', 'job_workflow_ref', 'head_ref', 'base_ref', 'actor', 'actor_id', 'event_name', 'runner_environment', 'workflow_ref', 'workflow_sha', 'sha', 'pull_request'];

/** The first `claim:` of a subject value, lower case. */
const firstClaim = (value: string) => /^([A-Za-z_]+):/.exec(value)?.[1].toLowerCase();

function githubUnpinned(value: string): string | undefined {
  const repo = /^repo:([^/:]*)\/([^:]*)(?::|$)/.exec(value);
  if (repo) {
    if (repo[1] === '' || hasWildcard(repo[1])) return `"${value}" matches repositories of any owner`;
    if (repo[2] === '' || hasWildcard(repo[2])) return `"${value}" matches any repository of ${repo[1]}`;
    return undefined;
  }
  // immutable numeric ids that GitHub fills in itself pin the owner or the repository too
  const id = /^(repository_owner_id|repository_id):([^:]*)(?::|$)/.exec(value);
  if (id) return /^\d+$/.test(id[2]) ? undefined : `"${value}" does not pin a ${id[1] === 'repository_id' ? 'repository' : 'repository owner'}`;
  const claim = firstClaim(value);
  if (claim && GITHUB_FREE_CLAIMS.includes(claim)) {
    return `"${value}" starts with the ${claim} claim, which any GitHub repository can put first by customising its subject claim`;
  }
  return `"${value}" does not start with repo:<owner>/<repo>`;
}

function gitlabUnpinned(value: string): string | undefined {
  // project_path:<group>[/<subgroup>…]/<project>:ref_type:…
  const m = /^project_path:([^:]*)(?::|$)/.exec(value);
  if (!m) return `"${value}" does not start with project_path:<group>/<project>`;
  const path = m[1];
  if (!path.includes('/') || hasWildcard(path) || path.split('/').some((s) => s === '')) return `"${value}" matches projects outside one group/project`;
  return undefined;
}

function terraformCloudUnpinned(value: string): string | undefined {
  // organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>
  const m = /^organization:([^:]*)(?::|$)/.exec(value);
  if (!m) return `"${value}" does not start with organization:<name>`;
  if (m[1] === '' || hasWildcard(m[1])) return `"${value}" matches workspaces of any organization`;
  return undefined;
}

export const SHARED_ISSUERS: SharedIssuer[] = [
  {
    name: 'GitHub Actions',
    // github.com's issuer and the enterprise form token.actions.githubusercontent.com/<enterprise>
    matches: (i) => i === GITHUB_HOST || i.startsWith(`${GITHUB_HOST}/`),
    unpinned: githubUnpinned,
  },
  { name: 'GitLab.com', matches: (i) => i === 'gitlab.com', unpinned: gitlabUnpinned },
  { name: 'HCP Terraform', matches: (i) => i === 'app.terraform.io', unpinned: terraformCloudUnpinned },
];

/** The issuer as written in a provider ARN or URL, normalised (`https://` and a trailing `/` dropped, lower case). */
export function normaliseIssuer(issuer: string): string {
  return issuer.replace(/^https:\/\//i, '').replace(/\/+$/, '').toLowerCase();
}

export function sharedIssuer(issuer: string): SharedIssuer | undefined {
  const i = normaliseIssuer(issuer);
  return SHARED_ISSUERS.find((s) => s.matches(i));
}

/** Why a subject value of a shared issuer does not pin a customer (undefined when it does). */
export function subjectUnpinned(issuer: SharedIssuer, value: string): string | undefined {
  if (matchesEverything(value)) return `"${value}" matches any subject`;
  return issuer.unpinned(value);
}
