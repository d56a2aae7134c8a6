/**
 * What a statement means, independent of how it is written: the same statement as a heredoc, a
 * `jsonencode` object or an `aws_iam_policy_document`, in any order, with any layout, yields the
 * same key. Used to match findings and grants between two trees.
 */
import * as crypto from 'node:crypto';
import type { ConditionEntry, MaybeString, PatternList, PrincipalBlock, Statement } from '../iam/policy';
import { isUnknownString } from '../iam/policy';
import type { PolicyRef } from '../iam/sources';
import type { Graph } from '../graph/graph';

/** A value as compared: its text, or one marker for every value that is not known statically. */
export function valueKey(v: MaybeString): string {
  return isUnknownString(v) ? '\u0000unknown' : v;
}

const sorted = (xs: string[]) => [...new Set(xs)].sort();

function listKey(list: PatternList | undefined, ignoreCase: boolean): string[] | undefined {
  if (!list) return undefined;
  if (list.unknown) return ['\u0000unknown'];
  return sorted(list.items.map((i) => (ignoreCase && typeof i === 'string' ? i.toLowerCase() : valueKey(i))));
}

function principalKey(block: PrincipalBlock | undefined): string[] | undefined {
  if (!block) return undefined;
  if (block.unknown) return ['\u0000unknown'];
  return sorted(block.entries.map((e) => `${e.type}=${valueKey(e.value)}`));
}

/** A condition as compared: operator and key as AWS reads them (case-insensitive), values as a set. */
export function conditionKey(c: ConditionEntry): string {
  return `${c.operator.toLowerCase()} ${c.key.toLowerCase()} = ${sorted(c.values.map(valueKey)).join(' | ')}`;
}

/** A short stable hash of what a statement says. */
export function statementKey(st: Statement): string {
  const shape = {
    unknown: st.unknown ? true : undefined,
    invalid: st.invalid ? true : undefined,
    effect: typeof st.effect === 'string' ? st.effect : '\u0000unknown',
    principal: principalKey(st.principal),
    notPrincipal: principalKey(st.notPrincipal),
    action: listKey(st.action, true),
    notAction: listKey(st.notAction, true),
    resource: listKey(st.resource, false),
    notResource: listKey(st.notResource, false),
    conditions: sorted(st.conditions.map(conditionKey)),
    conditionsUnknown: st.conditionsUnknown ? true : undefined,
  };
  return crypto.createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}

/** Finds the policy and statement a logical path (`assume_role_policy/Statement[2]…`) points into. */
export class StatementIndex {
  private readonly policies = new Map<string, PolicyRef>();

  constructor(graph: Graph) {
    for (const p of graph.policies) {
      const k = `${p.holder.rootDir}\u0000${p.holder.address}\u0000${p.attribute}`;
      if (!this.policies.has(k)) this.policies.set(k, p);
    }
  }

  policy(rootDir: string, address: string, attribute: string): PolicyRef | undefined {
    return this.policies.get(`${rootDir}\u0000${address}\u0000${attribute}`);
  }

  /** The statement at `attribute/Statement[i]…`, with the attribute and the rest of the path. */
  statementAt(rootDir: string, address: string, logicalPath: string): { statement: Statement; attribute: string; rest: string } | undefined {
    const m = /^(.*?)\/(Statement(?:\[\d+\])?)(.*)$/s.exec(logicalPath);
    if (!m) return undefined;
    const policy = this.policy(rootDir, address, m[1]);
    const statement = policy?.doc.statements.find((s) => s.path === m[2]);
    return statement ? { statement, attribute: m[1], rest: m[3] } : undefined;
  }

  /**
   * A logical path with its statement position replaced by what the statement says, so that a
   * reordered or rewritten policy keeps the key; other list positions are dropped.
   */
  semanticPath(rootDir: string, address: string, logicalPath: string): string {
    const at = this.statementAt(rootDir, address, logicalPath);
    if (!at) return logicalPath.replace(/\[\d+\]/g, '[]');
    return `${at.attribute}/Statement{${statementKey(at.statement)}}${at.rest.replace(/\[\d+\]/g, '[]')}`;
  }
}
