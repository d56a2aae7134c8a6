/**
 * Organization guardrails for one request, as AWS evaluates them:
 *
 * - SCPs limit principals of member accounts (the caller's side). A request passes only if every
 *   level of the account's path (the root, each organizational unit, the account) has an SCP that
 *   allows it, and no SCP that reaches the account denies it. They do not apply to the management
 *   account or to service-linked roles.
 * - RCPs limit resources of member accounts (the resource's side), for the services that support
 *   them, and not for AWS managed KMS keys, the management account's resources or service-linked
 *   roles. Their Allow side is RCPFullAWSAccess, which AWS attaches everywhere and cannot be
 *   detached, so only Deny statements decide.
 *
 * What a level allows: the SCPs the configuration attaches to it. A level the configuration
 * attaches no allow list to allows the request only when the configuration shows FullAWSAccess
 * there (attached by `policy_id = "p-FullAWSAccess"`, or AWS's own attachment to the root, units
 * and accounts of an organization the configuration manages with SCPs enabled); otherwise the
 * level is unknown. Everything is three-valued, and evaluation is linear in the statements.
 */
import type { Tri } from '../iam/conditions';
import { admitsPrincipal, evaluateConditions, type Decision, type RequestContext } from '../iam/evaluate';
import type { Statement } from '../iam/policy';
import type { PrincipalInfo } from '../iam/principals';
import { coversAction, coversResource } from '../iam/statements';
import type { Graph } from './graph';
import type { OrgNode, OrgPolicyNode } from './organization';
import { listText } from './queries';

/**
 * Services whose resources RCPs restrict (AWS Organizations User Guide, "List of AWS services
 * that support RCPs"): S3, STS, KMS, SQS and Secrets Manager since RCPs launched (November 2024),
 * Amazon ECR and OpenSearch Serverless (2025), Amazon Cognito and CloudWatch Logs (January 2026).
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-idp', 'cognito-identity', 'logs']);

/** A service-linked role (path /aws-service-role/, names AWSServiceRoleFor…), or a session of one. */
export function isServiceLinkedRole(p: PrincipalInfo): boolean {
  if (p.kind === 'role') return /:role\/aws-service-role\//.test(p.text) || /^AWSServiceRoleFor/.test(p.name ?? '');
  if (p.kind === 'assumed-role') return /^AWSServiceRoleFor/.test(p.name ?? '');
  return false;
}

export interface GuardrailRequest {
  principal: PrincipalInfo;
  principalAccount?: string;
  action: string;
  /** The resource ARN; undefined when it is not known statically. */
  resource?: string;
  resourceAccount?: string;
  /** The resource is an AWS managed KMS key (alias/aws/…), which RCPs do not restrict. */
  awsManagedKey?: boolean;
  context: RequestContext;
  /** Organization levels the scan does not define are taken to allow (check-access --outside-allows). */
  outsideAllows?: boolean;
}

export interface GuardrailStatement {
  node: OrgPolicyNode;
  statement: Statement;
  effect: 'Allow' | 'Deny';
  /** `no` for the Allow statements of an allow list that does not allow the request. */
  applies: Tri;
}

/** What denies for certain: a Deny statement, or a level whose allow list leaves the action out. */
export type GuardrailBlock =
  | { kind: 'deny'; node: OrgPolicyNode; statement: Statement }
  | { kind: 'not-allowed'; node: OrgPolicyNode; level: string; statements: Statement[] };

export interface GuardrailVerdict {
  decision: Decision;
  statements: GuardrailStatement[];
  reasons: string[];
  block?: GuardrailBlock;
}

/** Statements of an allow list shown when none of them names the action. */
const MAX_SHOWN = 5;

const ALLOW: GuardrailVerdict = { decision: 'allow', statements: [], reasons: [] };

function and(ts: Tri[]): Tri {
  if (ts.includes('no')) return 'no';
  return ts.includes('unknown') ? 'unknown' : 'yes';
}

/** Whether a guardrail statement applies to the request (an unknown resource matches only `*`). */
function applies(st: Statement, req: GuardrailRequest, withPrincipal: boolean): Tri {
  if (st.invalid) return 'no';
  if (st.unknown) return 'unknown';
  const resource: Tri =
    req.resource !== undefined ? coversResource(st, req.resource) : st.resource && !st.resource.unknown && st.resource.items.every((r) => r === '*') ? 'yes' : 'unknown';
  return and([withPrincipal ? admitsPrincipal(st, req.principal) : 'yes', coversAction(st, req.action), resource, evaluateConditions(st, req.context)]);
}

const isDeny = (st: Statement) => st.effect !== 'Allow';
const isAllow = (st: Statement) => st.effect === 'Allow' || typeof st.effect !== 'string';

/** Combines two verdicts: a certain deny wins, then a certain implicit deny, then unknown. */
export function bothVerdicts(a: GuardrailVerdict, b: GuardrailVerdict): GuardrailVerdict {
  const decision = worse(a.decision, b.decision);
  const block = (decision === a.decision ? a.block : b.block) ?? a.block ?? b.block;
  return { decision, statements: [...a.statements, ...b.statements], reasons: [...a.reasons, ...b.reasons], ...(block ? { block } : {}) };
}

/** The Deny side of the guardrails of one kind that reach an account. */
function denySide(graph: Graph, kind: 'scp' | 'rcp', account: string | undefined, req: GuardrailRequest, out: GuardrailVerdict): void {
  const org = graph.organization;
  const label = kind === 'scp' ? 'SCP' : 'RCP';
  const whose = kind === 'scp' ? "the principal's account" : "the resource's account";
  for (const node of graph.orgPolicies) {
    if (node.kind !== kind || node.builtin) continue;
    const reach = org.reach(node, account);
    if (reach === 'no') continue;
    const address = node.policy.holder.address;
    if (node.policy.doc.unknown) {
      out.decision = worse(out.decision, 'unknown');
      out.reasons.push(`${address} (${label}) ${reach === 'yes' ? 'applies to' : 'may apply to'} ${whose} and its content is not known statically`);
      continue;
    }
    let denied: Tri = 'no';
    for (const st of node.policy.doc.statements) {
      if (!isDeny(st)) continue;
      const a = applies(st, req, kind === 'rcp');
      if (a === 'no') continue;
      // a statement whose effect is not known may be a Deny
      const certain: Tri = reach === 'yes' && a === 'yes' && st.effect === 'Deny' ? 'yes' : 'unknown';
      out.statements.push({ node, statement: st, effect: 'Deny', applies: certain });
      if (certain === 'yes') {
        denied = 'yes';
        out.block ??= { kind: 'deny', node, statement: st };
        break;
      }
      denied = 'unknown';
    }
    if (denied === 'yes') {
      out.decision = 'explicit-deny';
      out.reasons.push(`${address} (${label}) applies to ${whose} ${account} and denies the request`);
    } else if (denied === 'unknown') {
      out.decision = worse(out.decision, 'unknown');
      out.reasons.push(`${address} (${label}) ${reach === 'yes' ? 'applies to' : 'may apply to'} ${whose} ${account ?? '(unknown)'} and may deny the request`);
    }
  }
}

const RANK: Record<Decision, number> = { 'explicit-deny': 3, 'implicit-deny': 2, unknown: 1, allow: 0 };

/** The stronger of two decisions: explicit deny, implicit deny, unknown, allow. */
function worse(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Whether one level of the principal's path has an SCP that allows the request. */
function levelAllows(graph: Graph, level: OrgNode, req: GuardrailRequest, out: GuardrailVerdict, unshown: string[]): Tri {
  const org = graph.organization;
  const where = org.label(level);
  const { attached, maybe } = org.allowListsAt(level);
  /** What a set of allow lists says: yes, unknown, or no with the statements that left the action out. */
  const evaluate = (nodes: OrgPolicyNode[], record: boolean): { r: Tri; misses: { node: OrgPolicyNode; st: Statement }[] } => {
    let unknown = false;
    const misses: { node: OrgPolicyNode; st: Statement }[] = [];
    for (const node of nodes) {
      if (node.policy.doc.unknown) unknown = true;
      for (const st of node.policy.doc.statements) {
        if (!isAllow(st)) continue;
        const a = applies(st, req, false);
        const certain: Tri = a === 'yes' && st.effect === 'Allow' ? 'yes' : a === 'no' ? 'no' : 'unknown';
        if (certain === 'yes') {
          if (record) out.statements.push({ node, statement: st, effect: 'Allow', applies: 'yes' });
          return { r: 'yes', misses };
        }
        if (certain === 'unknown') {
          unknown = true;
          if (record) out.statements.push({ node, statement: st, effect: 'Allow', applies: 'unknown' });
        } else if (coversAction(st, req.action) !== 'no') misses.push({ node, st });
      }
    }
    return { r: unknown ? 'unknown' : 'no', misses };
  };
  if (attached.length > 0) {
    const own = evaluate(attached, true);
    if (own.r === 'yes') return 'yes';
    if (own.r === 'unknown') {
      out.reasons.push(`whether the SCPs attached to ${where} (${attached.map((n) => n.policy.holder.address).join(', ')}) allow ${req.action} is not known statically`);
      return 'unknown';
    }
    const other = evaluate(maybe, true);
    if (other.r !== 'no') {
      out.reasons.push(`the SCPs attached to ${where} do not allow ${req.action}, and ${maybe.map((n) => n.policy.holder.address).join(', ')} may be attached there too`);
      return 'unknown';
    }
    // the statements that decide: those for the action whose resource or conditions leave the request out,
    // else the whole allow list (it does not name the action)
    const deciding = own.misses.length > 0 ? own.misses : attached.flatMap((node) => node.policy.doc.statements.filter(isAllow).map((st) => ({ node, st }))).slice(0, MAX_SHOWN);
    for (const m of deciding) out.statements.push({ node: m.node, statement: m.st, effect: 'Allow', applies: 'no' });
    const node = deciding[0]?.node ?? attached[0];
    out.block ??= { kind: 'not-allowed', node, level: where, statements: deciding.map((m) => m.st) };
    out.reasons.push(`no SCP attached to ${where} allows ${req.action} for this request (${attached.map((n) => n.policy.holder.address).join(', ')} ${attached.length === 1 ? 'is' : 'are'} its allow list)`);
    return 'no';
  }
  // an allow list that may be attached here would replace FullAWSAccess only if it was detached
  const other = evaluate(maybe, false);
  if (maybe.length > 0 && other.r !== 'yes') {
    out.reasons.push(`${maybe.map((n) => n.policy.holder.address).join(', ')} may be attached to ${where} and may not allow ${req.action}`);
    return 'unknown';
  }
  // no allow list in scope for this level: AWS attaches FullAWSAccess to every root, unit and
  // account, and it stays unless an allow list replaces it; say so when the configuration does not show it
  if (!org.defaultFullAccess(level)) unshown.push(where);
  return 'yes';
}

/** SCPs of the principal's account. */
export function scpVerdict(graph: Graph, req: GuardrailRequest): GuardrailVerdict {
  const org = graph.organization;
  const nodes = graph.orgPolicies.filter((n) => n.kind === 'scp');
  if (nodes.length === 0 && !org.scpEnabled) return ALLOW;
  const account = req.principalAccount;
  if (org.isManagement(account)) return { ...ALLOW, reasons: [`SCPs do not apply to the management account ${account}`] };
  if (isServiceLinkedRole(req.principal)) return { ...ALLOW, reasons: ['SCPs do not apply to service-linked roles'] };
  const out: GuardrailVerdict = { decision: 'allow', statements: [], reasons: [] };
  denySide(graph, 'scp', account, req, out);
  // the allow side applies where the configuration shows the account to be under SCPs
  const inForce = org.member(account) === 'yes' && (org.scpEnabled || nodes.some((n) => org.reach(n, account) === 'yes'));
  if (!inForce) return out;
  const path = org.pathOf(account);
  let allowed: Tri = 'yes';
  // levels the configuration shows no allow list for, said once
  const unshown: string[] = [];
  for (const level of path.levels) {
    const r = levelAllows(graph, level, req, out, unshown);
    if (r === 'no') allowed = 'no';
    else if (r === 'unknown' && allowed === 'yes') allowed = 'unknown';
    if (r === 'no') break;
  }
  if (allowed !== 'no' && unshown.length > 0) {
    out.reasons.push(
      `the scanned configuration attaches no allow list to ${listText(unshown)}: assuming the FullAWSAccess SCP AWS attaches there by default (an allow list attached outside the scan would decide instead)`,
    );
  }
  if (allowed !== 'no' && !path.complete) {
    if (req.outsideAllows) out.reasons.push(`${path.why ?? 'the path of the account in the organization is not known'}: their SCPs are taken to allow ${req.action}`);
    else {
      allowed = 'unknown';
      out.reasons.push(`${path.why ?? 'the path of the account in the organization is not known'}: whether their SCPs allow ${req.action} is unknown`);
    }
  }
  if (allowed === 'no') out.decision = worse(out.decision, 'implicit-deny');
  else if (allowed === 'unknown') out.decision = worse(out.decision, 'unknown');
  return out;
}

/** RCPs of the resource's account. */
export function rcpVerdict(graph: Graph, req: GuardrailRequest): GuardrailVerdict {
  const org = graph.organization;
  const nodes = graph.orgPolicies.filter((n) => n.kind === 'rcp');
  if (nodes.length === 0) return ALLOW;
  const account = req.resourceAccount;
  if (!nodes.some((n) => org.reach(n, account) !== 'no')) return ALLOW;
  const service = req.action.split(':')[0].toLowerCase();
  if (!RCP_SERVICES.has(service)) return { ...ALLOW, reasons: [`RCPs do not apply to ${service} actions (the service does not support them)`] };
  if (req.awsManagedKey) return { ...ALLOW, reasons: ['RCPs do not apply to AWS managed KMS keys'] };
  if (org.isManagement(account)) return { ...ALLOW, reasons: [`RCPs do not apply to resources of the management account ${account}`] };
  if (isServiceLinkedRole(req.principal)) return { ...ALLOW, reasons: ['RCPs do not apply to service-linked roles'] };
  const out: GuardrailVerdict = { decision: 'allow', statements: [], reasons: [] };
  denySide(graph, 'rcp', account, req, out);
  return out;
}

/** SCPs of the caller's account and RCPs of the resource's account, together. */
export function guardrailVerdict(graph: Graph, req: GuardrailRequest): GuardrailVerdict {
  if (graph.orgPolicies.length === 0 && !graph.organization.scpEnabled) return ALLOW;
  return bothVerdicts(scpVerdict(graph, req), rcpVerdict(graph, req));
}
