/**
 * Whether a KMS key lets a principal use it: through its key policy (directly, or through its
 * account root with IAM delegation), or through an aws_kms_grant.
 */
import type { Tri } from '../iam/conditions';
import { classifyAwsPrincipal, classifyPrincipal, principalCovers, type PrincipalInfo } from '../iam/principals';
import { coversAction, isAllow } from '../iam/statements';
import { wildcardMatch } from '../iam/wildcard';
import type { KeyNode } from './graph';

/** Whether a granted principal lets the requester (or, for an account requester, some principal of it) in. */
function grantReaches(granted: PrincipalInfo, requester: PrincipalInfo): boolean | undefined {
  const c = principalCovers(granted, requester);
  if (c !== false) return c;
  if (requester.kind === 'account' && granted.account && granted.account === requester.account) return true;
  return false;
}

/** KMS grant operation names for a key policy action (`kms:GenerateDataKey` -> GenerateDataKey*). */
function grantOperationMatches(op: string, action: string): boolean {
  const name = action.replace(/^kms:/i, '');
  return wildcardMatch(name + '*', op, true) || op.toLowerCase() === name.toLowerCase();
}

export function keyAllows(key: KeyNode, requester: PrincipalInfo, action: string): Tri {
  let unknown = false;
  if (key.policies.length === 0) {
    // The default key policy gives the key's own account root full access (IAM delegation).
    if (!key.key.account || !requester.account) unknown = true;
    else if (requester.account === key.key.account) return 'yes';
  }
  for (const p of key.policies) {
    if (p.doc.unknown) {
      unknown = true;
      continue;
    }
    for (const st of p.doc.statements) {
      const allow = isAllow(st);
      if (allow === 'no') continue;
      const act = coversAction(st, action);
      if (act === 'no') continue;
      if (st.notPrincipal || st.principal?.unknown) {
        unknown = true;
        continue;
      }
      for (const e of st.principal?.entries ?? []) {
        const reach = grantReaches(classifyPrincipal(e), requester);
        if (reach === true && allow === 'yes' && act === 'yes') return 'yes';
        if (reach !== false) unknown = true;
      }
    }
  }
  for (const g of key.grants) {
    const grantee = g.attrs.m.get('grantee_principal');
    const ops = g.attrs.m.get('operations');
    if (!grantee || grantee.t === 'u' || !ops || ops.t === 'u') {
      unknown = true;
      continue;
    }
    if (grantee.t !== 's' || ops.t !== 'l') continue;
    const reach = grantReaches(classifyAwsPrincipal(grantee.v), requester);
    const opMatch = ops.items.some((o) => o.t === 's' && grantOperationMatches(o.v, action));
    const opUnknown = ops.items.some((o) => o.t === 'u');
    if (reach === true && opMatch) return 'yes';
    if (reach !== false && (opMatch || opUnknown)) unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}
