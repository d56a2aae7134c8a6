/**
 * The access diff: what the head's trust map lets through that the base's did not. Edges are
 * compared as grants (who, to what, which actions on which resources, under which binding
 * conditions), never by where or how they are written: a grant of the head is old when grants of
 * the base cover each of its actions at least as widely with no more binding conditions.
 */
import type { Notification } from '../diagnostics';
import { analyzeConditions } from '../iam/conditions';
import type { Statement } from '../iam/policy';
import type { PolicyRef } from '../iam/sources';
import { wildcardMatch } from '../iam/wildcard';
import type { Graph } from '../graph/graph';
import { buildTrustMap, conditionLabel, type MapEdge, type MapEdgeKind, type MapNode, type TrustMap } from '../graph/trust-map';
import { listText, statementPath } from '../graph/queries';
import { accessWitness, type DiffWitness } from '../witness/diff';
import { conditionKey, StatementIndex, valueKey } from './semantics';

export type AccessChangeKind = 'new' | 'weakened' | 'widened' | 'removed' | 'narrowed';

export interface AccessChange {
  change: AccessChangeKind;
  edge: Exclude<MapEdgeKind, 'encrypts-with'>;
  /** Who gets (or loses) the access. */
  principal: { id: string; label: string; account: string; accountKind: string };
  /** What it reaches: a role, a resource, a share. */
  target: { id: string; label: string; address?: string; rootDir?: string; account: string };
  actions: string[];
  /** Binding conditions the grant has now (labels: ExternalId, PrincipalOrgID…). */
  conditions: string[];
  /** How the principal could reach the target before ("organization only", "if ExternalId", "no access"). */
  was?: string;
  /** What changed in the binding conditions ("ExternalId removed"). */
  weakened?: string[];
  message: string;
  /** The resource whose policy holds the statement, and where the statement is written. */
  holder: string;
  rootDir: string;
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** Larger is more exposed: anyone, then other and unknown accounts, vendors, services, internal. */
  exposure: number;
  /** New access: a request the head allows and the base did not (or why there is none). */
  witness?: DiffWitness;
  witnessOmitted?: string;
}

/** One edge read as a grant. */
interface Grant {
  edge: MapEdge;
  kind: Exclude<MapEdgeKind, 'encrypts-with'>;
  pair: string;
  actions: string[];
  /** Resource patterns, when the statement names them (undefined: the holder itself). */
  resources: string[] | undefined;
  /** Normalised binding conditions (`key` lower case, `name` as written). */
  conditions: Map<string, { key: string; name: string; label: string }>;
  /** The statement the edge is drawn from, and its policy (none for KMS grants and shares), for its witness. */
  source?: { policy: PolicyRef; statement: Statement };
}

const ACCESS_EDGES = new Set<MapEdgeKind>(['can-assume', 'granted', 'shares-with']);

/** The policy and statement an edge is drawn from: by its logical path, or (a Lambda permission's statement) by the path the map writes. */
function sourceOf(graph: Graph, index: StatementIndex, edge: MapEdge, at: ReturnType<StatementIndex['statementAt']>): Grant['source'] {
  const policy = at && index.policy(edge.rootDir, edge.address, at.attribute);
  if (policy && at) return { policy, statement: at.statement };
  for (const p of graph.policies) {
    if (p.holder.rootDir !== edge.rootDir || p.holder.address !== edge.address) continue;
    const statement = p.doc.statements.find((st) => statementPath(p, st) === edge.path);
    if (statement) return { policy: p, statement };
  }
  return undefined;
}

function grantsOf(map: TrustMap, graph: Graph): Grant[] {
  const index = new StatementIndex(graph);
  const out: Grant[] = [];
  for (const edge of map.edges) {
    if (!ACCESS_EDGES.has(edge.kind)) continue;
    const kind = edge.kind as Grant['kind'];
    const at = index.statementAt(edge.rootDir, edge.address, edge.path);
    const st: Statement | undefined = at?.statement;
    const conditions = new Map<string, { key: string; name: string; label: string }>();
    if (st) for (const c of analyzeConditions(st).binding) conditions.set(conditionKey(c), { key: c.key.toLowerCase(), name: c.key, label: conditionLabel(c.key) });
    const resources = st?.resource ? (st.resource.unknown ? ['\u0000unknown'] : st.resource.items.map(valueKey)) : st?.notResource ? [`NotResource ${st.notResource.items.map(valueKey).sort().join(',')}`] : undefined;
    const source = sourceOf(graph, index, edge, at);
    out.push({ edge, kind, pair: `${kind}\u0000${edge.from}\u0000${edge.to}`, actions: edge.actions.length > 0 ? edge.actions : [''], resources, conditions, ...(source ? { source } : {}) });
  }
  return out;
}

const covers = (patterns: string[], value: string, ignoreCase: boolean) => patterns.some((p) => p === value || wildcardMatch(p, value, ignoreCase));

/** Whether grant `a` lets through `action` on every resource `b` names, with no condition `b` lacks. */
function coveredBy(b: Grant, action: string, a: Grant, ignoreConditions = false): boolean {
  if (!covers(a.actions, action, true)) return false;
  if (b.resources && a.resources) {
    if (!b.resources.every((r) => covers(a.resources!, r, false))) return false;
  } else if (!!b.resources !== !!a.resources) {
    // one side names resources and the other does not: compare only when both are the holder's
    if (a.resources && !a.resources.every((r) => r === '*')) return false;
  }
  if (ignoreConditions) return true;
  for (const k of a.conditions.keys()) if (!b.conditions.has(k)) return false;
  return true;
}

function exposureOf(node: MapNode, map: TrustMap): { rank: number; kind: string } {
  if (node.kind === 'anyone') return { rank: 5, kind: 'world' };
  const acct = map.accounts.find((a) => a.id === node.account);
  const kind = acct?.kind ?? 'unknown';
  const rank = kind === 'world' ? 5 : kind === 'external' || kind === 'unknown' ? 4 : kind === 'third-party' ? 3 : kind === 'aws' ? 2 : 1;
  return { rank, kind };
}

/** How a principal reads in a sentence. */
function principalPhrase(node: MapNode, map: TrustMap): string {
  switch (node.kind) {
    case 'account': {
      const acct = map.accounts.find((a) => a.id === node.account);
      return `account ${acct?.name ? `${node.account} (${acct.name})` : node.account}`;
    }
    case 'anyone':
      return node.label === 'any service' ? 'any AWS service' : 'anyone';
    case 'service':
      return `service ${node.label}`;
    case 'identity-provider':
      return `identities of ${node.label}`;
    case 'organization':
      return node.label;
    default:
      return node.address ? `${node.kind} ${node.address}${node.rootDir && node.rootDir !== '.' ? ` in ${node.rootDir}` : ''}` : node.label;
  }
}

function targetPhrase(node: MapNode): string {
  return node.address ? `${node.address}${node.rootDir && node.rootDir !== '.' ? ` in ${node.rootDir}` : ''}` : node.label;
}

/** The grant's subject and object: the principal and what it reaches (a share's principal is on the far side). */
function ends(g: Grant, map: TrustMap, nodes: Map<string, MapNode>): { principal: MapNode; target: MapNode } {
  const from = nodes.get(g.edge.from)!;
  const to = nodes.get(g.edge.to)!;
  return g.kind === 'shares-with' && from.kind === 'share' ? { principal: to, target: from } : { principal: from, target: to };
}

function sentence(g: Grant, map: TrustMap, nodes: Map<string, MapNode>, verb: 'can now' | 'can no longer'): string {
  const { principal, target } = ends(g, map, nodes);
  const who = principalPhrase(principal, map);
  const shown = g.actions.filter((a) => a !== '');
  if (g.kind === 'can-assume') return `${who} ${verb} assume ${targetPhrase(target)}`;
  if (g.kind === 'shares-with') {
    if (target.kind === 'share' && nodes.get(g.edge.from)?.kind !== 'share') return `${targetPhrase(nodes.get(g.edge.from)!)} ${verb === 'can now' ? 'is now' : 'is no longer'} shared through ${targetPhrase(target)}`;
    return `${who} ${verb} use what ${targetPhrase(target)} shares`;
  }
  return `${who} ${verb} ${shown.length > 0 ? listText(shown, 3) : 'act'} on ${targetPhrase(target)}`;
}

const conditionLabels = (g: Grant) => [...new Set([...g.conditions.values()].map((c) => c.label))].sort();

/** How base grants into the same target read: "organization only", "if ExternalId", "account 1111…". */
function describeBefore(base: Grant[], map: TrustMap, nodes: Map<string, MapNode>): string {
  if (base.length === 0) return 'no access';
  const parts = new Set<string>();
  for (const g of base) {
    const { principal } = ends(g, map, nodes);
    const labels = conditionLabels(g);
    if (principal.kind === 'anyone' && [...g.conditions.values()].some((c) => c.key === 'aws:principalorgid' || c.key === 'aws:principalorgpaths')) parts.add('organization only');
    else parts.add(`${principalPhrase(principal, map)}${labels.length > 0 ? ` if ${labels.join(', ')}` : ''}`);
  }
  return listText([...parts].sort(), 2);
}

function change(kind: AccessChangeKind, g: Grant, map: TrustMap, nodes: Map<string, MapNode>, actions: string[], extra: { was?: string; weakened?: string[]; suffix?: string }): AccessChange {
  const { principal, target } = ends(g, map, nodes);
  const view: Grant = { ...g, actions };
  const gone = kind === 'removed' || kind === 'narrowed';
  let message = sentence(view, map, nodes, gone ? 'can no longer' : 'can now') + (extra.suffix ?? '');
  if (extra.was) message += ` (was: ${extra.was})`;
  const acct = exposureOf(principal, map);
  const r = g.edge.range;
  return {
    change: kind,
    edge: g.kind,
    principal: { id: principal.id, label: principal.label, account: principal.account, accountKind: acct.kind },
    target: { id: target.id, label: target.label, ...(target.address ? { address: target.address } : {}), ...(target.rootDir ? { rootDir: target.rootDir } : {}), account: target.account },
    actions: actions.filter((a) => a !== ''),
    conditions: conditionLabels(g),
    ...(extra.was ? { was: extra.was } : {}),
    ...(extra.weakened ? { weakened: extra.weakened } : {}),
    message,
    holder: g.edge.address,
    rootDir: g.edge.rootDir,
    file: r.file,
    startLine: r.start.line,
    startColumn: r.start.column,
    endLine: r.end.line,
    endColumn: r.end.column,
    exposure: acct.rank,
  };
}

const ifConditions = (labels: string[]) => (labels.length > 0 ? ` if ${labels.join(', ')}` : '');

/** Labels of the binding conditions `a` has and `b` lacks. */
function extraConditions(a: Grant, b: Grant): string[] {
  return [...new Set([...a.conditions].filter(([k]) => !b.conditions.has(k)).map(([, c]) => c.label))].sort();
}

/** What changed in the binding conditions between a base grant and a head grant. */
function weakenedBy(base: Grant, head: Grant): string[] {
  const out: string[] = [];
  const headKeys = new Set([...head.conditions.values()].map((c) => c.key));
  for (const [k, c] of base.conditions) {
    if (head.conditions.has(k)) continue;
    const what = headKeys.has(c.key) ? `${c.label} changed` : `${c.label} removed`;
    if (!out.includes(what)) out.push(what);
  }
  return out;
}

function byPair(grants: Grant[]): Map<string, Grant[]> {
  const out = new Map<string, Grant[]>();
  for (const g of grants) {
    const l = out.get(g.pair);
    if (l) l.push(g);
    else out.set(g.pair, [g]);
  }
  return out;
}

/** Changes of `side` against `other`: access `side` has that `other` does not cover; `added` gives each new entry its witness. */
function changes(side: Grant[], sideMap: TrustMap, other: Grant[], otherMap: TrustMap, direction: 'added' | 'removed', witness?: (c: AccessChange, g: Grant, before: Grant[]) => void): AccessChange[] {
  const nodes = new Map(sideMap.nodes.map((n) => [n.id, n]));
  const otherNodes = new Map(otherMap.nodes.map((n) => [n.id, n]));
  const otherPairs = byPair(other);
  const otherByTarget = new Map<string, Grant[]>();
  for (const o of other) {
    const k = `${o.kind}\u0000${ends(o, otherMap, otherNodes).target.id}`;
    const l = otherByTarget.get(k);
    if (l) l.push(o);
    else otherByTarget.set(k, [o]);
  }
  const out = new Map<string, AccessChange>();
  for (const g of side) {
    const same = otherPairs.get(g.pair) ?? [];
    const uncovered = g.actions.filter((a) => !same.some((o) => coveredBy(g, a, o)));
    if (uncovered.length === 0) continue;
    let c: AccessChange;
    if (direction === 'removed') {
      const narrower = same.filter((o) => uncovered.every((a) => coveredBy(g, a, o, true)));
      if (narrower.length > 0) {
        const added = [...new Set(narrower.flatMap((o) => extraConditions(o, g)))].sort();
        c = change('narrowed', g, sideMap, nodes, uncovered, { suffix: added.length > 0 ? ` without ${added.join(', ')}` : '' });
      } else c = change('removed', g, sideMap, nodes, uncovered, {});
    } else {
      const looser = same.filter((o) => uncovered.every((a) => coveredBy(g, a, o, true)));
      if (looser.length > 0) {
        // the same principal had these actions before, under conditions that are gone now
        const weakened = [...new Set(looser.flatMap((o) => weakenedBy(o, g)))];
        const before = [...new Set(looser.flatMap(conditionLabels))].sort();
        const removed = weakened.filter((w) => w.endsWith(' removed')).map((w) => w.slice(0, -' removed'.length));
        const changed = weakened.filter((w) => w.endsWith(' changed'));
        const suffix = [removed.length > 0 ? `without ${removed.join(', ')}` : '', changed.length > 0 ? `with ${changed.join(', ')}` : ''].filter(Boolean).join(' and ');
        c = change('weakened', g, sideMap, nodes, uncovered, { was: before.length > 0 ? `if ${before.join(', ')}` : 'no condition', weakened, suffix: suffix ? ` ${suffix}` : ifConditions(conditionLabels(g)) });
      } else if (same.length > 0) {
        const before = [...new Set(same.flatMap((o) => o.actions.filter((a) => a !== '')))];
        c = change('widened', g, sideMap, nodes, uncovered, { suffix: ifConditions(conditionLabels(g)), ...(before.length > 0 ? { was: listText(before, 3) } : {}) });
      } else {
        const { target, principal } = ends(g, sideMap, nodes);
        const known = otherNodes.has(target.id);
        const into = (otherByTarget.get(`${g.kind}\u0000${target.id}`) ?? []).filter((o) => uncovered.some((a) => covers(o.actions, a, true) || covers([a], o.actions[0] ?? '', true)));
        const narrowerPrincipal = into.some((o) => ends(o, otherMap, otherNodes).principal.account === principal.account && principal.account !== 'unknown');
        c = change(narrowerPrincipal ? 'widened' : 'new', g, sideMap, nodes, uncovered, { suffix: ifConditions(conditionLabels(g)), was: known ? describeBefore(into, otherMap, otherNodes) : 'not in the base' });
      }
    }
    const key = `${c.change}\u0000${g.pair}\u0000${c.actions.join(',')}\u0000${c.message}`;
    if (out.has(key)) continue;
    witness?.(c, g, otherByTarget.get(`${g.kind}\u0000${ends(g, sideMap, nodes).target.id}`) ?? []);
    out.set(key, c);
  }
  return [...out.values()].sort(compareChanges);
}

export function compareChanges(a: AccessChange, b: AccessChange): number {
  return b.exposure - a.exposure || a.file.localeCompare(b.file) || a.startLine - b.startLine || a.startColumn - b.startColumn || a.message.localeCompare(b.message);
}

export interface AccessDiff {
  newAccess: AccessChange[];
  removedAccess: AccessChange[];
  /** Witnesses that could not be built (a bug, said rather than hidden). */
  notifications: Notification[];
}

/**
 * A new-access entry's witness: a request of the head's grant, for an action the base did not
 * cover, without the binding condition keys of the base's grants into the same target that the
 * head's statement does not test (an ExternalId removed, "organization only" before).
 */
function witnessOf(base: Graph, head: Graph, notes: Notification[]): (c: AccessChange, g: Grant, before: Grant[]) => void {
  return (c, g, before) => {
    const tested = new Set((g.source?.statement.conditions ?? []).map((x) => x.key.toLowerCase()));
    // the base's grants of these actions (a share's have none)
    const relevant = before.filter((o) => c.actions.length === 0 || o.actions.includes('') || c.actions.some((a) => covers(o.actions, a, true)));
    const absent = [...new Map(relevant.flatMap((o) => [...o.conditions.values()]).filter((x) => !tested.has(x.key)).map((x) => [x.key, x.name])).values()].sort();
    try {
      const w = accessWitness(base, head, { edge: g.edge, ...(g.source ?? {}), actions: c.actions, absent });
      if ('witness' in w) c.witness = w.witness;
      else c.witnessOmitted = w.omitted;
    } catch (e) {
      c.witnessOmitted = 'the witness could not be built';
      notes.push({ level: 'error', kind: 'witness-failure', message: `the witness of new access on ${c.holder} could not be built: ${(e as Error)?.message ?? String(e)}`, file: c.file, startLine: c.startLine, startColumn: c.startColumn });
    }
  };
}

export function diffAccess(base: Graph, head: Graph): AccessDiff {
  const baseMap = buildTrustMap(base);
  const headMap = buildTrustMap(head);
  const baseGrants = grantsOf(baseMap, base);
  const headGrants = grantsOf(headMap, head);
  const notifications: Notification[] = [];
  return {
    newAccess: changes(headGrants, headMap, baseGrants, baseMap, 'added', witnessOf(base, head, notifications)),
    removedAccess: changes(baseGrants, baseMap, headGrants, headMap, 'removed'),
    notifications,
  };
}
