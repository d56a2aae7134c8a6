/**
 * What a RAM resource share lets another account do with a resource it shares. RAM grants through
 * a managed permission per resource type; tfxacct knows the action each type is shared for (the
 * one its default permission exists to allow) and answers "unknown" for the other actions of that
 * service, which the permission may or may not include. A share names accounts, organizations or
 * organizational units; a share that does not allow external principals reaches only accounts of
 * the organization.
 */
import type { Tri } from '../iam/conditions';
import type { RequestContext } from '../iam/evaluate';
import type { PrincipalInfo } from '../iam/principals';
import { attributeRange, stringAttr, type ResourceInstance } from '../terraform/instance';
import type { Graph, RamShare } from './graph';

/** The action a share of each type exists for (its default managed permission allows it). */
export const RAM_SHARED_ACTIONS: Record<string, string[]> = {
  aws_ec2_transit_gateway: ['ec2:CreateTransitGatewayVpcAttachment'],
  aws_subnet: ['ec2:RunInstances', 'ec2:CreateNetworkInterface'],
  aws_route53_resolver_rule: ['route53resolver:AssociateResolverRule'],
};

export interface RamGrant {
  decision: 'allow' | 'unknown' | 'implicit-deny';
  share?: RamShare;
  association?: ResourceInstance;
  why: string;
}

/** The account an association's principal names (an account id or an IAM principal of it). */
export function associationAccount(a: ResourceInstance): string | undefined {
  const raw = a.attrs.m.get('principal');
  const p = raw?.t === 'n' ? String(raw.v).padStart(12, '0') : raw?.t === 's' ? raw.v : undefined;
  if (p === undefined) return undefined;
  return /^\d{12}$/.test(p) ? p : /^arn:[^:]*:iam::(\d{12}):(?:role|user)\//.exec(p)?.[1];
}

/** The organization id an association names (`arn:aws:organizations::…:organization/o-…` or an OU of it). */
export function associationOrganization(a: ResourceInstance): { org: string; ou: boolean } | undefined {
  const p = stringAttr(a, 'principal');
  const m = p ? /:(organization|ou)\/(o-[a-z0-9]+)(?:\/|$)/.exec(p) : null;
  return m ? { org: m[2], ou: m[1] === 'ou' } : undefined;
}

function allowsExternal(share: ResourceInstance): Tri {
  const v = share.attrs.m.get('allow_external_principals');
  if (!v || v.t === 'null') return 'no';
  if (v.t === 'b') return v.v ? 'yes' : 'no';
  return 'unknown';
}

/** Whether a share of the resource lets the caller take the action. */
export function ramAllows(graph: Graph, resource: ResourceInstance, caller: PrincipalInfo, action: string, context: RequestContext): RamGrant {
  const shares = graph.ramShares().filter((s) => s.resources.some((x) => x.resource === resource));
  if (shares.length === 0) return { decision: 'implicit-deny', why: 'no RAM share holds it' };
  const shared = RAM_SHARED_ACTIONS[resource.type];
  const service = action.split(':')[0].toLowerCase();
  const actionFits: Tri = shared?.some((a) => a.toLowerCase() === action.toLowerCase()) ? 'yes' : shared?.some((a) => a.split(':')[0] === service) || (!shared && /^(ec2|route53resolver|license-manager|glue|ram)$/.test(service)) ? 'unknown' : 'no';
  if (actionFits === 'no') return { decision: 'implicit-deny', why: `a RAM share of ${resource.type} does not grant ${action}` };
  let best: RamGrant = { decision: 'implicit-deny', why: 'no RAM share of it names the principal' };
  for (const share of shares) {
    const external = allowsExternal(share.share);
    for (const a of share.principals) {
      let names: Tri = 'no';
      const account = associationAccount(a);
      const org = associationOrganization(a);
      if (account) names = caller.account === account ? 'yes' : caller.account ? 'no' : 'unknown';
      else if (org) {
        const v = context.get('aws:PrincipalOrgID');
        const id = v && 'values' in v ? v.values[0] : undefined;
        names = id === undefined ? 'unknown' : id !== org.org ? 'no' : org.ou ? 'unknown' : 'yes';
      } else names = 'unknown';
      if (names === 'no') continue;
      // a share that does not allow external principals reaches the organization's accounts only
      let inside: Tri = 'yes';
      if (external !== 'yes' && account) inside = graph.inventory.internal.has(account) ? 'yes' : graph.inventory.thirdParties.has(account) ? 'no' : 'unknown';
      if (external === 'unknown' && inside !== 'yes') inside = 'unknown';
      if (inside === 'no') continue;
      const decision = names === 'yes' && inside === 'yes' && actionFits === 'yes' ? 'allow' : 'unknown';
      const who = account ?? stringAttr(a, 'principal') ?? '(not known statically)';
      const why =
        decision === 'allow'
          ? `${share.share.address} shares ${resource.address} with ${who} (${a.address}) for ${action}`
          : actionFits !== 'yes'
            ? `${share.share.address} shares ${resource.address} with ${who}; whether its managed permission includes ${action} is not modelled`
            : inside !== 'yes'
              ? `${share.share.address} does not allow external principals: it reaches ${who} only if that account is in the organization`
              : `whether ${a.address} names the principal is not known statically`;
      const grant: RamGrant = { decision, share, association: a, why };
      if (decision === 'allow') return grant;
      best = grant;
    }
  }
  return best;
}

/** Where an association's principal is written (for evidence). */
export function associationRange(a: ResourceInstance) {
  return attributeRange(a, 'principal');
}
