/**
 * Shared questions rules ask of the graph, so that rules stay short and agree with each other.
 */
import { restatesAccounts, type Tri } from '../iam/conditions';
import type { ConditionEntry, PrincipalEntry, Statement } from '../iam/policy';
import { isAccountId, isAccountPrincipal, type PrincipalInfo } from '../iam/principals';
import { parseOperator } from '../iam/operators';
import { isDeadAllow } from '../iam/satisfiable';
import { ASSUME_ROLE, allowsAny } from '../iam/statements';
import type { PolicyRef } from '../iam/sources';
import type { ResourceInstance } from '../terraform/instance';
import type { AccountRelation, Graph } from './graph';

export interface TrustStatement {
  role: ResourceInstance;
  policy: PolicyRef;
  statement: Statement;
  /** Whether the statement allows sts:AssumeRole. */
  allows: Tri;
}

/** Every statement of every role trust policy that may allow sts:AssumeRole (or the given actions). */
export function trustStatements(graph: Graph, actions?: string[]): readonly TrustStatement[] {
  if (actions) return listTrustStatements(graph, actions);
  // most rules ask for sts:AssumeRole: listed once per graph
  let list = ASSUME_ROLE_TRUSTS.get(graph);
  if (!list) ASSUME_ROLE_TRUSTS.set(graph, (list = listTrustStatements(graph, [ASSUME_ROLE])));
  return list;
}

const ASSUME_ROLE_TRUSTS = new WeakMap<Graph, readonly TrustStatement[]>();

function listTrustStatements(graph: Graph, actions: string[]): TrustStatement[] {
  const out: TrustStatement[] = [];
  for (const { role, trust } of graph.roles) {
    if (!trust) continue;
    for (const statement of trust.doc.statements) {
      const allows = allowsAny(statement, actions);
      // an Allow whose condition is never true grants nothing (TFXA302 says so)
      if (allows === 'no' || isDeadAllow(statement)) continue;
      out.push({ role, policy: trust, statement, allows });
    }
  }
  return out;
}

export interface ClassifiedPrincipal {
  entry: PrincipalEntry;
  info: PrincipalInfo;
  relation: AccountRelation;
  /** For `*` pinned to an account by a condition (pinnedAccountsOf): that condition. */
  pinnedBy?: ConditionEntry;
}

/** Principal entries of a statement with what they denote and how their account relates to the holder. */
export function principalsOf(graph: Graph, holder: ResourceInstance, st: Statement, which: 'principal' | 'notPrincipal' = 'principal'): readonly ClassifiedPrincipal[] {
  // the rules ask for the same statement's principals many times: the list is kept per graph
  let byStatement = PRINCIPALS.get(graph);
  if (!byStatement) PRINCIPALS.set(graph, (byStatement = new WeakMap()));
  let kept = byStatement.get(st);
  if (!kept) byStatement.set(st, (kept = { holder }));
  else if (kept.holder !== holder) return classified(graph, holder, st, which);
  return (kept[which] ??= classified(graph, holder, st, which));
}

const PRINCIPALS = new WeakMap<Graph, WeakMap<Statement, { holder: ResourceInstance; principal?: readonly ClassifiedPrincipal[]; notPrincipal?: readonly ClassifiedPrincipal[] }>>();

function classified(graph: Graph, holder: ResourceInstance, st: Statement, which: 'principal' | 'notPrincipal'): readonly ClassifiedPrincipal[] {
  return Object.freeze(
    (st[which]?.entries ?? []).map((entry) => {
      const info = graph.principal(entry);
      return { entry, info, relation: graph.accountRelation(holder, entry, info) };
    }),
  );
}

/**
 * The accounts a `*` principal is pinned to by a condition on the caller's account
 * (`aws:PrincipalAccount` or `kms:CallerAccount` equal to account ids): `*` narrowed so is the same
 * grant as those accounts' roots, and is given as their account principals, at the `*`. Under
 * StringEquals a value not known statically is still one account, whose id is unknown (the
 * holder's own when it is the caller identity of the holder's provider).
 */
export function pinnedAccountsOf(graph: Graph, holder: ResourceInstance, st: Statement): ClassifiedPrincipal[] {
  const star = principalsOf(graph, holder, st).find((p) => (p.entry.type === '*' || p.entry.type === 'AWS') && p.info.kind === 'anyone');
  if (!star) return [];
  for (const c of st.conditions) {
    const key = c.key.toLowerCase();
    if (key !== 'aws:principalaccount' && key !== 'kms:calleraccount') continue;
    const op = parseOperator(c.operator);
    if (op.ifExists || op.negated || op.set === 'ForAllValues' || !/^(stringequals|stringlike)$/i.test(op.base)) continue;
    const equals = /^stringequals$/i.test(op.base);
    if (c.values.length === 0 || !c.values.every((v) => (typeof v === 'string' ? isAccountId(v) : equals))) continue;
    const out: ClassifiedPrincipal[] = [];
    const seen = new Set<string>();
    for (const v of c.values) {
      if (typeof v === 'string') {
        if (seen.has(v)) continue;
        seen.add(v);
        const info: PrincipalInfo = { kind: 'account', account: v, text: v };
        out.push({ entry: star.entry, info, relation: graph.accountRelation(holder, star.entry, info), pinnedBy: c });
        continue;
      }
      const info: PrincipalInfo = { kind: 'account', text: `the account ${c.key} names`, why: v.why };
      // the account the value names relates to the holder as a principal of that value would
      const named: PrincipalEntry = { type: 'AWS', value: v, range: star.entry.range, path: star.entry.path };
      out.push({ entry: star.entry, info, relation: graph.accountRelation(holder, named, info), pinnedBy: c });
    }
    return out;
  }
  return [];
}

/**
 * For a trust or grant to account roots (named, or `*` pinned by pinnedAccountsOf): whether a
 * condition narrows nothing for them, so that it is not counted as binding. The condition that
 * pins `*` is those accounts' trust itself; one that restates their accounts narrows nothing;
 * with an account not known statically, one that may restate it is 'unknown'.
 */
export function restatedForRoots(roots: readonly ClassifiedPrincipal[]): (c: ConditionEntry) => Tri {
  const accounts = roots.map((p) => p.info.account).filter((a): a is string => a !== undefined);
  return (c) => (roots.some((p) => p.pinnedBy === c) ? 'yes' : restatesAccounts(c, accounts, accounts.length < roots.length));
}

/** Logical path of a statement inside the holder: `assume_role_policy/Statement[0]`. */
export function statementPath(policy: PolicyRef, st: Statement): string {
  return `${policy.attribute}/${st.path}`;
}

/** "a, b and 2 more" */
export function listText(items: string[], max = 3): string {
  const uniq = [...new Set(items)];
  if (uniq.length <= max) return uniq.length <= 1 ? uniq.join('') : `${uniq.slice(0, -1).join(', ')} and ${uniq[uniq.length - 1]}`;
  return `${uniq.slice(0, max).join(', ')} and ${uniq.length - max} more`;
}

/** How a principal's account reads in a message. */
export function accountPhrase(graph: Graph, p: ClassifiedPrincipal): string {
  if (p.info.sensitive) return 'an account given by a sensitive value';
  if (p.info.account && p.relation === 'unknown') return `account ${graph.accountLabel(p.info.account)} (the resource's own account is unknown, so it may be the same)`;
  if (p.info.account) return `account ${graph.accountLabel(p.info.account)}`;
  return `an account whose id is unknown (${p.info.why ?? 'not known statically'})`;
}

export interface PolicyStatement {
  holder: ResourceInstance;
  policy: PolicyRef;
  statement: Statement;
}

/**
 * Every statement of the policies of the given kinds. Rules ask for the same few lists: each is
 * made once per graph (and each statement's entry once, whatever the list).
 */
export function statementsOf(graph: Graph, kinds: PolicyRef['kind'][]): readonly PolicyStatement[] {
  return listed(graph, `all:${kinds.join(',')}`, () => {
    const out: PolicyStatement[] = [];
    for (const policy of graph.policies) {
      if (kinds.includes(policy.kind)) for (const s of entriesOf(policy)) out.push(s);
    }
    return out;
  });
}

/** Allow statements of resource and key policies (Lambda permissions included). */
export function resourceGrants(graph: Graph, kinds: PolicyRef['kind'][] = ['resource', 'key']): readonly PolicyStatement[] {
  return listed(graph, `grants:${kinds.join(',')}`, () =>
    statementsOf(graph, kinds).filter((s) => s.statement.effect === 'Allow' && !s.statement.unknown && !isDeadAllow(s.statement)),
  );
}

const LISTS = new WeakMap<Graph, Map<string, readonly PolicyStatement[]>>();
const ENTRIES = new WeakMap<PolicyRef, readonly PolicyStatement[]>();

function listed(graph: Graph, key: string, make: () => readonly PolicyStatement[]): readonly PolicyStatement[] {
  let lists = LISTS.get(graph);
  if (!lists) LISTS.set(graph, (lists = new Map()));
  let list = lists.get(key);
  if (!list) lists.set(key, (list = make()));
  return list;
}

function entriesOf(policy: PolicyRef): readonly PolicyStatement[] {
  let entries = ENTRIES.get(policy);
  if (!entries) ENTRIES.set(policy, (entries = policy.doc.statements.map((statement) => ({ holder: policy.holder, policy, statement }))));
  return entries;
}

/** Principals of another account (or of an account that cannot be shown to be the holder's own). */
export function otherAccountPrincipals(graph: Graph, holder: ResourceInstance, st: Statement, strict = false): ClassifiedPrincipal[] {
  return principalsOf(graph, holder, st).filter(
    (p) => p.entry.type === 'AWS' && isAccountPrincipal(p.info.kind) && (strict ? p.relation === 'other' : p.relation !== 'same'),
  );
}
