/**
 * Findings of two trees matched: a finding of the head is unchanged when the base has the same
 * rule on the same resource and the same statement by meaning (not by position or layout), and
 * updated when only the statement's wording changed around the same concern (same line-independent
 * fingerprint, same accounts, no principal added and no condition removed). The rest are new
 * (head) and fixed (base).
 */
import type { Finding } from '../engine/finding';
import type { Graph } from '../graph/graph';
import type { Statement } from '../iam/policy';
import { classifyPrincipal, principalCovers } from '../iam/principals';
import { conditionKey, StatementIndex, valueKey } from './semantics';

export interface FindingsDiff {
  new: Finding[];
  /** Unchanged and updated findings of the head (each with its baselineState). */
  unchanged: Finding[];
  /** Findings of the base that the head no longer has. */
  fixed: Finding[];
  /** For each matched head finding, the base finding it matched. */
  matched: Map<Finding, Finding>;
}

function semanticKey(f: Finding, index: StatementIndex): string {
  return `${f.ruleId}\u0000${f.rootDir}\u0000${f.address}\u0000${index.semanticPath(f.rootDir, f.address, f.logicalPath)}`;
}

/**
 * Whether an edited statement lets more through than it did: a principal it did not name, or a
 * condition gone. One finding stands for a rule's concern with a whole statement, so a principal
 * added beside one already reported must not pass as the old finding.
 */
function widened(head: Statement | undefined, base: Statement | undefined): boolean {
  if (!head || !base) return false;
  // a principal is old when one of the base's covers it (an account root covers its roles)
  const before = (base.principal?.entries ?? []).map((e) => ({ type: e.type, key: valueKey(e.value), info: classifyPrincipal(e) }));
  for (const e of head.principal?.entries ?? []) {
    const key = valueKey(e.value);
    const info = classifyPrincipal(e);
    if (!before.some((b) => (b.type === e.type || b.type === '*') && (b.key === key || principalCovers(b.info, info) === true))) return true;
  }
  const notBefore = new Set((base.notPrincipal?.entries ?? []).map((e) => `${e.type}=${valueKey(e.value)}`));
  if ((head.notPrincipal?.entries ?? []).length !== notBefore.size || (head.notPrincipal?.entries ?? []).some((e) => !notBefore.has(`${e.type}=${valueKey(e.value)}`))) return true;
  const now = new Set(head.conditions.map(conditionKey));
  return base.conditions.some((c) => !now.has(conditionKey(c)));
}

const accountsKey = (f: Finding) => `${f.accounts.resource ?? ''}\u0000${f.accounts.principal ?? ''}`;

/** Marks head findings new, unchanged or updated and base findings absent (fixed). */
export function diffFindings(base: Finding[], baseGraph: Graph, head: Finding[], headGraph: Graph): FindingsDiff {
  const baseIndex = new StatementIndex(baseGraph);
  const headIndex = new StatementIndex(headGraph);
  const pool = new Map<string, Finding[]>();
  for (const f of base) {
    const k = semanticKey(f, baseIndex);
    const l = pool.get(k);
    if (l) l.push(f);
    else pool.set(k, [f]);
  }
  const used = new Set<Finding>();
  const matched = new Map<Finding, Finding>();
  const take = (k: string, ok: (b: Finding) => boolean = () => true) => {
    const l = pool.get(k);
    const b = l?.find((x) => !used.has(x) && ok(x));
    if (b) used.add(b);
    return b;
  };
  const rest: Finding[] = [];
  for (const f of head) {
    const b = take(semanticKey(f, headIndex));
    if (!b) {
      rest.push(f);
      continue;
    }
    matched.set(f, b);
    f.baselineState = b.message === f.message && b.level === f.level ? 'unchanged' : 'updated';
  }
  // the same statement position and concern, with the statement reworded around it
  const byFingerprint = new Map<string, Finding[]>();
  for (const b of base) if (!used.has(b)) byFingerprint.set(b.fingerprint, [...(byFingerprint.get(b.fingerprint) ?? []), b]);
  for (const f of rest) {
    const b = byFingerprint.get(f.fingerprint)?.find((x) => !used.has(x) && accountsKey(x) === accountsKey(f) && !widened(headIndex.statementAt(f.rootDir, f.address, f.logicalPath)?.statement, baseIndex.statementAt(x.rootDir, x.address, x.logicalPath)?.statement));
    if (b) {
      used.add(b);
      matched.set(f, b);
      f.baselineState = 'updated';
    } else f.baselineState = 'new';
  }
  const fixed = base.filter((b) => !used.has(b));
  for (const b of fixed) b.baselineState = 'absent';
  return {
    new: head.filter((f) => f.baselineState === 'new'),
    unchanged: head.filter((f) => f.baselineState === 'unchanged' || f.baselineState === 'updated'),
    fixed,
    matched,
  };
}
