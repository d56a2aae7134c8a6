/**
 * A rule is one small object: metadata (id, slug, level, severity, tags, messages by id) and a
 * pure check over the graph. Message ids are typed, so a typo in a rule fails to compile.
 */
import type { Range } from '../hcl/ast';
import type { Graph } from '../graph/graph';
import type { ResourceInstance } from '../terraform/instance';
import type { WitnessSubject } from '../witness/build';
import type { WitnessSpec } from '../witness/table';

export type Level = 'error' | 'warning' | 'note';

export interface RuleMeta<M extends Record<string, string> = Record<string, string>> {
  id: string;
  slug: string;
  level: Level;
  /** CVSS-like score for security rules; correctness rules have none. */
  securitySeverity?: number;
  category: 'security' | 'correctness' | 'hygiene';
  /** Category tags (`security` or `correctness` is added from the category). */
  tags: string[];
  shortDescription: string;
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  messages: M;
}

export interface ReportInput<M extends Record<string, string>> {
  messageId: keyof M & string;
  data: Record<string, string>;
  /** The resource holding the policy or attribute. */
  holder: ResourceInstance;
  /** The smallest range that shows the problem. */
  range: Range;
  /** Logical location: policy attribute and path inside it (`assume_role_policy/Statement[0].Principal.AWS`). */
  path: string;
  accounts?: { resource?: string; principal?: string };
  /** The other side of a two-resource finding (the key policy, the caller's identity policy…). */
  related?: { range: Range; message: string }[];
  /** What the finding's witness is built from: the statement, grant, share or failing request (see src/witness). */
  witness?: WitnessSubject;
}

export interface UnknownNote {
  holder: ResourceInstance;
  range: Range;
  message: string;
}

export interface RuleContext<M extends Record<string, string>> {
  readonly graph: Graph;
  report(input: ReportInput<M>): void;
  /** Something the rule could not decide statically (listed with --report-unknown). */
  unknown(note: UnknownNote): void;
}

export interface Rule<M extends Record<string, string> = Record<string, string>> extends RuleMeta<M> {
  check(ctx: RuleContext<M>): void;
  /** How this rule's findings get their witness, when the rule-id table (src/witness/table.ts) has no row for it. */
  witness?: WitnessSpec;
}

export function defineRule<M extends Record<string, string>>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => (k in data ? data[k] : `{{${k}}}`));
}

/** Documentation URL of a rule (derived, never typed by hand). */
export function helpUri(rule: Pick<RuleMeta, 'id' | 'slug'>): string {
  return `https://github.com/tfxacct/tfxacct/blob/main/rules/${rule.id}-${rule.slug}/README.md`;
}
