/**
 * Two-sided questions: does a caller's own IAM let it assume a role, does a role's trust admit
 * a caller, and what a cross-account request is known to carry (organization guardrails are in
 * guardrails.ts).
 */
import { RequestContext, evaluatePolicies, type Decision, type StatementMatch } from '../iam/evaluate';
import { classifyAwsPrincipal } from '../iam/principals';
import type { ResourceInstance } from '../terraform/instance';
import type { Graph } from './graph';
import { managedPolicyAllowsAssumeRole, type IdentityNode } from './identities';

const UNKNOWN_CONTEXT = 'the request context is not known statically';

/**
 * Whether an identity's own policies allow an action on a resource (no boundaries or SCPs), with
 * the statements that applied. Without a context, every condition key is unknown.
 */
export function identityAllows(
  node: IdentityNode,
  action: string,
  resource: string,
  context: RequestContext = new RequestContext({}, UNKNOWN_CONTEXT),
): { decision: Decision; why?: string; matches: StatementMatch[] } {
  const { decision, matches } = evaluatePolicies(
    node.policies.map((p) => p.doc),
    { action, resource, context },
  );
  if (decision === 'allow' || decision === 'explicit-deny') return { decision, matches };
  const managed = node.external.map((e) => ({ ...e, allows: managedPolicyAllowsAssumeRole(e.arn) }));
  if (action.toLowerCase() === 'sts:assumerole' && managed.some((m) => m.allows)) return { decision: 'allow', matches };
  if (managed.length > 0) {
    const unscanned = managed.filter((m) => !m.why).map((m) => m.arn);
    const why = [...(unscanned.length > 0 ? [`${unscanned.length === 1 ? 'policy' : 'policies'} ${unscanned.join(', ')} ${unscanned.length === 1 ? 'is' : 'are'} not in the scanned configuration`] : []), ...managed.flatMap((m) => (m.why ? [m.why] : []))];
    return { decision: 'unknown', why: why.join('; '), matches };
  }
  if (node.incomplete) return { decision: 'unknown', why: 'a policy attachment could not be resolved', matches };
  return { decision, matches };
}

/** Whether a role's trust policy lets a caller (by ARN) assume it. */
export function trustAdmits(graph: Graph, role: ResourceInstance, callerArn: string): Decision {
  const trust = graph.roles.find((r) => r.role === role)?.trust;
  if (!trust) return 'implicit-deny';
  const arn = role.attrs.m.get('arn');
  return evaluatePolicies([trust.doc], {
    principal: classifyAwsPrincipal(callerArn),
    action: 'sts:AssumeRole',
    resource: arn?.t === 's' ? arn.v : '*',
    context: new RequestContext({}, UNKNOWN_CONTEXT),
  }).decision;
}

/** The organization id of an account: ours for internal accounts, another for third parties, else unknown. */
export function orgIdOf(graph: Graph, account: string | undefined): string | { unknown: string } {
  const org = graph.inventory.organizationId;
  if (account && org && graph.inventory.internal.has(account)) return org;
  if (account && graph.inventory.thirdParties.has(account)) return '(another organization)';
  return { unknown: `whether account ${account ?? '(unknown)'} is in the organization is not known` };
}

/** The request context AWS would evaluate for a cross-account call, as far as it is known. */
export function crossAccountContext(graph: Graph, principalAccount: string, resourceAccount: string | undefined, principalArn?: string): RequestContext {
  const entries: Record<string, string | { unknown: string }> = {
    'aws:PrincipalAccount': principalAccount,
    'aws:PrincipalOrgID': orgIdOf(graph, principalAccount),
    // the caller is an IAM principal of an account, not an AWS service
    'aws:PrincipalIsAWSService': 'false',
  };
  if (resourceAccount) entries['aws:ResourceAccount'] = resourceAccount;
  if (principalArn) entries['aws:PrincipalArn'] = principalArn;
  return new RequestContext(entries, UNKNOWN_CONTEXT);
}
