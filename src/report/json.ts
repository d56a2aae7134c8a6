/** The JSON report: the stable contract downstream tools depend on (see README "JSON output"). */
import type { Notification } from '../diagnostics';
import type { Finding } from '../engine/finding';
import type { ScanResult } from '../scan';
import { TOOL_NAME, TOOL_VERSION } from '../version';

/** One finding as the JSON report writes it. */
export function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    slug: f.slug,
    level: f.level,
    securitySeverity: f.securitySeverity ?? null,
    message: f.message,
    address: f.address,
    file: f.file,
    startLine: f.startLine,
    startColumn: f.startColumn,
    endLine: f.endLine,
    endColumn: f.endColumn,
    accounts: { resource: f.accounts.resource ?? null, principal: f.accounts.principal ?? null },
    fingerprint: f.fingerprint,
    suppressed: f.suppressed,
    ...(f.suppressions.length > 0 ? { suppressions: f.suppressions.map((x) => ({ kind: x.kind, reason: x.justification, ...(x.file ? { file: x.file } : {}), ...(x.line ? { line: x.line } : {}) })) } : {}),
    roots: rootsOf(f),
    ...witnessFields(f),
    ...(f.possibleInstance ? { possibleInstance: f.possibleInstance } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}

export function notificationJson(n: Notification) {
  return {
    level: n.level,
    message: n.message,
    ...(n.file !== undefined ? { file: n.file } : {}),
    ...(n.startLine !== undefined ? { startLine: n.startLine } : {}),
  };
}

export function toJson(result: ScanResult): string {
  const out = {
    version: '1',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: result.findings.map(findingJson),
    notifications: result.notifications.map(notificationJson),
    stats: result.stats,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/**
 * A finding's witness as the JSON and SARIF reports carry it (`witness`), or why it has none
 * (`witnessOmitted`); nothing for rules without witnesses.
 */
export function witnessFields(f: Finding): { witness?: Record<string, unknown>; witnessOmitted?: string } {
  if (f.witness) {
    const { rootDir, ...w } = f.witness;
    return { witness: { ...w, ...(rootDir !== undefined ? { rootModule: rootDir } : {}) } };
  }
  return f.witnessOmitted ? { witnessOmitted: f.witnessOmitted } : {};
}

/** The root modules a finding was reached from, with its address in each. */
export function rootsOf(f: Finding): { rootModule: string; address: string }[] {
  return [{ rootModule: f.rootDir, address: f.address }, ...f.alsoIn.map((a) => ({ rootModule: a.rootDir, address: a.address }))];
}
