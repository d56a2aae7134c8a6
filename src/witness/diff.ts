/**
 * Witnesses of the access diff: for a new-access entry, one request the head's configuration
 * allows and the base's did not. The request is built from the head's statement (or KMS grant, or
 * share) the entry is drawn from, as a finding's witness is (build.ts, solve.ts), for an action
 * the base's grants do not cover, leaving out the condition keys the base bound and the head no
 * longer tests. Whether the base allowed the same request is asked of check-access on the base's
 * graph: a request the base allows too is no witness of new access, and the next action is tried;
 * when every one is allowed there as well, the entry says so instead of carrying a witness.
 */
import { AccessRequestError, checkAccess, type AccessDecision } from '../graph/access';
import type { Graph } from '../graph/graph';
import { orgIdOf } from '../graph/permissions';
import { sharedData } from '../graph/sharing';
import type { MapEdge } from '../graph/trust-map';
import type { Range } from '../hcl/ast';
import { expandAction } from '../iam/catalog';
import type { Statement } from '../iam/policy';
import type { PolicyRef } from '../iam/sources';
import { hasWildcard } from '../iam/wildcard';
import { stringAttr } from '../terraform/instance';
import { requestAction, sharingSubject, TYPICAL_ACTIONS, type WitnessSubject } from './build';
import { summaryOf, witnessRequest, type Witness } from './model';
import { CALLER_KEYS, IDENTITY_KEYS } from './solve';
import { buildWitness } from './table';

/** How the base answers the witness's request: it does not allow it, denies it, does not decide it, or has no such resource. */
export type BaseAnswer = Exclude<AccessDecision, 'allowed'> | 'not-in-base';

export interface DiffWitness extends Witness {
  /** How check-access answers the same request on the base. */
  baseDecision: BaseAnswer;
}

export type DiffWitnessResult = { witness: DiffWitness } | { omitted: string };

/** A grant of the head the diff found new, as the witness is built from it. */
export interface AccessEdgeInput {
  edge: MapEdge;
  /** The policy and statement the edge is drawn from, when it is one. */
  policy?: PolicyRef;
  statement?: Statement;
  /** The actions the base's grants do not cover (as the entry lists them). */
  actions: string[];
  /** Condition keys the base's grants bound and the head's statement does not test: the request leaves them out. */
  absent: string[];
}

/** Actions tried at most, per entry. */
const MAX_TRIES = 12;

const sameRange = (a: Range, b: Range) => a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;

/** What the edge is drawn from, as a witness subject: the statement, the KMS grant, the RAM share or the sharing attribute. */
function subjectOf(graph: Graph, e: AccessEdgeInput): WitnessSubject {
  const edge = e.edge;
  if (e.policy && e.statement) {
    const st = e.statement;
    const entry = st.principal?.entries.find((x) => sameRange(x.range, edge.range));
    if (!entry && !(st.notPrincipal && sameRange(st.notPrincipal.range, edge.range))) return { kind: 'omitted', why: `the principal of ${edge.path} of ${edge.address} is not one its statement names` };
    return { kind: 'statement', policy: e.policy, statement: st, ...(entry ? { entry } : {}) };
  }
  const holder = graph.resources.find((r) => r.mode === 'managed' && r.rootDir === edge.rootDir && r.address === edge.address);
  if (!holder) return { kind: 'omitted', why: `${edge.address} is not a resource of the head's configuration` };
  switch (holder.type) {
    case 'aws_kms_grant': {
      const key = graph.keys.find((k) => k.grants.includes(holder));
      const grantee = stringAttr(holder, 'grantee_principal');
      if (!grantee) return { kind: 'omitted', why: `the grantee of ${holder.address} is not known statically` };
      const operation = e.actions.find((a) => !a.includes('…')) ?? 'Decrypt';
      return { kind: 'grant', grant: holder, key, grantee, operation: operation.replace(/^kms:/i, '') };
    }
    case 'aws_ram_principal_association':
    case 'aws_ram_resource_association': {
      const share = graph.ramShares().find((s) => s.principals.includes(holder) || s.resources.some((r) => r.association === holder));
      if (!share) return { kind: 'omitted', why: `the resource share of ${holder.address} is not defined in the scanned configuration` };
      if (holder.type === 'aws_ram_principal_association') return { kind: 'share', share, association: holder };
      const resource = share.resources.find((r) => r.association === holder)?.resource;
      const association = share.principals[0];
      if (!association) return { kind: 'omitted', why: `${share.share.address} is associated with no principal in the scanned configuration` };
      return { kind: 'share', share, association, ...(resource ? { resource } : {}) };
    }
    case 'aws_ssoadmin_account_assignment':
      return { kind: 'omitted', why: 'an Identity Center account assignment signs in through Identity Center, which check-access does not model' };
  }
  // a snapshot or image shared by an attribute
  const shared = sharedData(graph).find((s) => s.holder === holder && s.entries.some((x) => x.path === edge.path));
  const entry = shared?.entries.find((x) => x.path === edge.path && sameRange(x.range, edge.range)) ?? shared?.entries.find((x) => x.path === edge.path);
  if (shared && entry) return sharingSubject(shared, entry);
  if (sharedData(graph).some((s) => s.holder === holder && s.more)) return { kind: 'omitted', why: `the accounts ${holder.address} shares with are not known statically` };
  return { kind: 'omitted', why: `${edge.path} of ${holder.address} is not a grant a request can be built from` };
}

/** Concrete actions to try, the entry's own literal ones first, then what its patterns stand for (common ones first). */
function actionCandidates(subject: WitnessSubject, actions: string[]): (string | undefined)[] {
  if (subject.kind !== 'statement') return [undefined];
  const literal = actions.map(requestAction).filter((a): a is string => a !== undefined);
  const expanded: string[] = [];
  for (const a of actions) {
    if (!hasWildcard(a) || !/^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/.test(a)) continue;
    const service = a === '*' ? undefined : a.split(':')[0].toLowerCase();
    const all = a === '*' ? [] : expandAction(a);
    expanded.push(...(service ? TYPICAL_ACTIONS[service] ?? [] : []).filter((t) => all.some((x) => x.toLowerCase() === t.toLowerCase())), ...all);
  }
  // the builder's own choice comes after the literal actions: it may pick one the base covers
  return [...new Set<string | undefined>([...literal, undefined, ...expanded])].slice(0, MAX_TRIES);
}

/** How the base answers a request of the head's witness. */
function baseAnswer(base: Graph, w: Witness): AccessDecision | 'not-in-base' {
  if (w.address !== undefined && w.rootDir !== undefined && !base.resources.some((r) => r.mode === 'managed' && r.rootDir === w.rootDir && r.address === w.address)) return 'not-in-base';
  try {
    return checkAccess(base, witnessRequest(w)).decision;
  } catch (e) {
    if (e instanceof AccessRequestError) return 'unknown';
    throw e;
  }
}

const BASE_WORDS: Record<BaseAnswer, string> = {
  'implicit-deny': 'the base does not allow it',
  'explicit-deny': 'the base denies it',
  unknown: "the base's answer is not known statically",
  'not-in-base': 'not in the base',
};

/** The one line for text and markdown: the witness's, with what the base says. */
export function diffWitnessSummary(w: Omit<DiffWitness, 'summary'>): string {
  const base = w.baseDecision === 'not-in-base' && w.address ? `the base has no ${w.address}` : BASE_WORDS[w.baseDecision];
  return `${summaryOf(w)} (${base})`;
}

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

/** Whether the witness leaves out the caller's organization though the configuration knows it. */
function deniesKnownOrganization(graph: Graph, w: Witness): boolean {
  if (!w.absent.some((k) => ORG_KEYS.has(k.toLowerCase()))) return false;
  return typeof orgIdOf(graph, w.principal.split(':')[4]) === 'string';
}

/**
 * The witness of a new-access entry, or why it has none. The keys the base bound are left out
 * (the caller's organization only where the configuration does not say which it is); a request
 * whose answer on the base is definite is preferred to one the base may allow.
 */
export function accessWitness(base: Graph, head: Graph, input: AccessEdgeInput): DiffWitnessResult {
  const subject = subjectOf(head, input);
  if (subject.kind === 'omitted') return { omitted: subject.why };
  const free = input.absent.filter((k) => !IDENTITY_KEYS.has(k.toLowerCase()) && !(subject.kind === 'statement' && subject.statement.conditions.some((c) => c.key.toLowerCase() === k.toLowerCase())));
  const variants = [free, free.filter((k) => !CALLER_KEYS.has(k.toLowerCase()))];
  if (variants[1].length === variants[0].length) variants.pop();
  let why: string | undefined;
  let allowedInBase: Witness | undefined;
  let undecided: DiffWitness | undefined;
  for (const absent of variants) {
    for (const action of actionCandidates(subject, input.actions)) {
      const s: WitnessSubject = action !== undefined && subject.kind === 'statement' ? { ...subject, action } : subject;
      const r = buildWitness(head, s, { absent });
      if ('omitted' in r) {
        why ??= r.omitted;
        continue;
      }
      if (deniesKnownOrganization(head, r.witness)) continue;
      const answer = baseAnswer(base, r.witness);
      if (answer === 'allowed') {
        allowedInBase ??= r.witness;
        continue;
      }
      const w: Omit<DiffWitness, 'summary'> = { ...r.witness, baseDecision: answer };
      delete (w as Partial<DiffWitness>).summary;
      const witness = { ...w, summary: diffWitnessSummary(w) };
      if (answer !== 'unknown') return { witness };
      undecided ??= witness;
    }
  }
  if (undecided) return { witness: undecided };
  if (allowedInBase) return { omitted: `the base allows the same request (${allowedInBase.summary.replace(/^e\.g\. /, '')}): its grants already let it through` };
  return { omitted: why ?? 'no request of the grant could be built' };
}
