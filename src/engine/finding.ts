import type { Range } from '../hcl/ast';
import type { Level } from './rule';
import type { Witness } from '../witness/model';
import { compareText } from '../collections';

export interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
  /** Where the suppression is written (inline comment or config file). */
  file?: string;
  line?: number;
  /** Set on a suppression a pull request adds (compared with its base): listed for review. */
  status?: 'underReview';
}

/** Another place a finding concerns: where its value passed through, or the other resource's side. */
export interface RelatedLocation {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  slug: string;
  level: Level;
  securitySeverity?: number;
  message: string;
  /** Terraform resource address, as `terraform plan` prints it. */
  address: string;
  /** Root module folder the address belongs to (repository-relative). */
  rootDir: string;
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  accounts: { resource?: string; principal?: string };
  /** Line-independent fingerprint: rule, root module, address and policy path. */
  fingerprint: string;
  /** Logical location inside the resource (`assume_role_policy/Statement[0].Principal.AWS`). */
  logicalPath: string;
  suppressed: boolean;
  suppressions: Suppression[];
  /** The rest of the value's chain and the other side of two-resource findings (SARIF relatedLocations). */
  related: RelatedLocation[];
  /**
   * The same finding reached from other root modules (module code several root modules use): one
   * result lists them instead of one copy per root module.
   */
  alsoIn: { rootDir: string; address: string; fingerprint: string }[];
  /** The block that declares the resource (a suppression above it covers the finding). */
  declaration?: Range;
  /** GitHub's primaryLocationLineHash of the start line, when the file could be read. */
  lineHash?: string;
  /**
   * Set when the resource exists only if an unknown count or for_each yields it (the finding is
   * about a possible instance): the count or for_each and why it is unknown.
   */
  possibleInstance?: string;
  /**
   * Set when compared against a baseline or a base tree: new, unchanged, updated (the same concern
   * in a reworded statement) or absent (a finding of the base that the head no longer has).
   */
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  /** One concrete request that shows the finding: allowed (access findings) or failing (correctness findings). */
  witness?: Witness;
  /** Why a finding of a rule with witnesses has none (a part of the request is not known statically). */
  witnessOmitted?: string;
}

export const LEVEL_RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.startLine - b.startLine ||
    a.startColumn - b.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.address, b.address) ||
    compareText(a.message, b.message)
  );
}
