/** Which findings count toward the exit status (--fail-on, the Action's fail-on input). */
import { LEVEL_RANK, type Finding } from './finding';

export const FAIL_ON = ['none', 'note', 'warning', 'error', 'low', 'medium', 'high', 'critical'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Findings that count toward --fail-on: not suppressed, and new when compared with a baseline or a base tree. */
export function countingFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed && (f.baselineState === undefined || f.baselineState === 'new'));
}

/** Severity score of a finding: its security-severity, or one derived from its level for correctness rules. */
export function scoreOf(f: Finding): number {
  return f.securitySeverity ?? (f.level === 'error' ? 7.0 : f.level === 'warning' ? 5.0 : 2.0);
}

export function failsOn(f: Finding, threshold: FailOn): boolean {
  switch (threshold) {
    case 'none':
      return false;
    case 'note':
    case 'warning':
    case 'error':
      return LEVEL_RANK[f.level] >= LEVEL_RANK[threshold];
    case 'low':
      return true;
    case 'medium':
      return scoreOf(f) >= 4.0;
    case 'high':
      return scoreOf(f) >= 7.0;
    case 'critical':
      return scoreOf(f) >= 9.0;
  }
}

