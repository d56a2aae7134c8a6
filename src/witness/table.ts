/**
 * Which findings carry a witness, and how it is built: one row per rule id. A rule reports its
 * subject (the statement, grant, share or failing request) and the row turns it into a request;
 * a rule may also carry its own spec (`witness` in its definition), which wins over the table.
 * What varies between rules is data here: the keys whose absence is the finding's point, whether
 * the caller is a person, the values the finding is about.
 */
import type { Graph } from '../graph/graph';
import { normaliseIssuer, sharedIssuer } from '../iam/oidc';
import { parseOperator } from '../iam/operators';
import { isUnknownString } from '../iam/policy';
import {
  deadWitness,
  envOf,
  failureWitness,
  grantWitness,
  identityWitness,
  shareWitness,
  statementWitness,
  type StatementSubject,
  type IdentitySubject,
  type WitnessOptions,
  type WitnessSubject,
} from './build';
import type { WitnessResult } from './model';
import { instantiate } from './solve';

export interface WitnessSpec {
  /** Builds the witness of a finding from the subject its rule reports. */
  build(graph: Graph, subject: WitnessSubject): WitnessResult;
}

/** The builder for each kind of subject. */
export function buildWitness(graph: Graph, subject: WitnessSubject, opts: WitnessOptions = {}): WitnessResult {
  switch (subject.kind) {
    case 'statement':
      return statementWitness(graph, subject, opts);
    case 'identity':
      return identityWitness(graph, subject, opts);
    case 'grant':
      return grantWitness(graph, subject);
    case 'share':
      return shareWitness(graph, subject);
    case 'failure':
      return failureWitness(graph, subject);
    case 'dead':
      return deadWitness(graph, subject);
    case 'omitted':
      return { omitted: subject.why };
  }
}

const spec = (opts: WitnessOptions = {}, adjust?: (graph: Graph, s: WitnessSubject) => WitnessSubject | WitnessResult): WitnessSpec => ({
  build: (graph, subject) => {
    const s = adjust ? adjust(graph, subject) : subject;
    return 'kind' in s ? buildWitness(graph, s, opts) : s;
  },
});

/** Subjects of shared OIDC issuers that belong to another customer, by issuer. */
const ANOTHER_CUSTOMER: Record<string, string> = {
  'GitHub Actions': 'repo:another-owner/another-repo:ref:refs/heads/main',
  'GitLab.com': 'project_path:another-group/another-project:ref_type:branch:ref:main',
  'HCP Terraform': 'organization:another-org:project:Default Project:workspace:any:run_phase:apply',
};

/** TFXA012: the token of another customer of the shared issuer. */
function anotherCustomer(graph: Graph, s: WitnessSubject): WitnessSubject {
  if (s.kind !== 'statement' || !s.entry) return s;
  const provider = graph.principal(s.entry).provider;
  const issuer = provider ? sharedIssuer(provider) : undefined;
  if (!provider || !issuer) return s;
  return { ...s, prefer: { [`${normaliseIssuer(provider)}:sub`]: [ANOTHER_CUSTOMER[issuer.name]], ...(s.prefer ?? {}) } };
}

/** TFXA013: a value the wildcard admits though no exact value names it. */
function wildcardValue(graph: Graph, s: WitnessSubject): WitnessSubject | WitnessResult {
  if (s.kind !== 'statement' && s.kind !== 'identity') return s;
  const c = (s as StatementSubject | IdentitySubject).condition;
  if (s.statement.effect !== 'Allow') return { omitted: "the wildcard is in a Deny: it spares requests, and a witness shows what a policy allows" };
  if (s.policy.kind === 'scp' || s.policy.kind === 'rcp') return { omitted: 'the wildcard is in an organization guardrail, which only filters what other policies allow' };
  if (!c || parseOperator(c.operator).negated) return s;
  const pattern = c.values.find((v): v is string => !isUnknownString(v) && /[*?]/.test(v));
  if (!pattern) return s;
  const env = envOf(graph);
  return { ...s, prefer: { [c.key]: [instantiate(pattern, c.key, env)], ...(s.prefer ?? {}) } };
}

/**
 * Rule id -> how its findings' witnesses are built. Access rules: a request the configuration
 * allows. Correctness rules: the request that fails. A new rule opts in with a row here (or a
 * `witness` spec of its own) and a subject in its reports: a rule about a sharing attribute that
 * check-access reads as a statement (a public or shared snapshot) reports that statement as a
 * StatementSubject, like any other grant.
 */
export const WITNESS_SPECS: Record<string, WitnessSpec> = {
  TFXA001: spec(),
  TFXA002: spec({ absent: ['sts:ExternalId'] }),
  TFXA003: spec(),
  TFXA005: spec(),
  TFXA006: spec({ absent: ['aws:MultiFactorAuthPresent'], human: true }),
  TFXA007: spec({ absent: ['aws:PrincipalOrgID'] }),
  TFXA008: spec(),
  TFXA011: spec(),
  TFXA012: spec({}, anotherCustomer),
  TFXA013: spec({}, wildcardValue),
  TFXA101: spec(),
  TFXA102: spec(),
  TFXA103: spec(),
  TFXA104: spec(),
  TFXA105: spec(),
  TFXA108: spec(),
  TFXA109: spec(),
  TFXA110: spec(),
  TFXA111: spec(),
  TFXA201: spec(),
  TFXA202: spec(),
  TFXA203: spec(),
  TFXA302: spec(),
};
