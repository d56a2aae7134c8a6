/**
 * Baselines: an earlier JSON or SARIF output of tfxacct. A finding whose line-independent
 * fingerprint is in the baseline is "unchanged" (moving code does not raise it again); the
 * others are "new", and only those count toward --fail-on.
 */
import { readRegularFile } from '../read-file';
import type { Finding } from './finding';

/** Largest baseline read (a SARIF of GitHub's 25,000 results fits many times over). */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

export class BaselineError extends Error {}

/** Fingerprints recorded in a baseline file. */
export function readBaseline(file: string, display = file): Set<string> {
  const res = readRegularFile(file, MAX_BASELINE_BYTES);
  if (!res.ok) throw new BaselineError(`baseline ${display}: ${res.reason}`);
  const text = res.bytes.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new BaselineError(`baseline ${display}: not valid JSON (expected a tfxacct JSON or SARIF output)`);
  }
  const out = new Set<string>();
  const d = doc as { findings?: { fingerprint?: unknown }[]; runs?: { results?: { partialFingerprints?: Record<string, unknown> }[] }[] };
  if (Array.isArray(d.findings)) {
    for (const f of d.findings) if (typeof f?.fingerprint === 'string') out.add(f.fingerprint);
    return out;
  }
  if (Array.isArray(d.runs)) {
    for (const run of d.runs) for (const r of run?.results ?? []) {
      const fp = r?.partialFingerprints?.['tfxacct/v1'];
      if (typeof fp === 'string') out.add(fp);
    }
    return out;
  }
  throw new BaselineError(`baseline ${display}: neither a tfxacct JSON output (findings) nor SARIF (runs)`);
}

/** Marks each finding new or unchanged against a baseline. */
export function applyBaseline(findings: Finding[], baseline: Set<string>): void {
  // a finding merged across root modules is unchanged when the baseline holds any of its copies
  for (const f of findings) f.baselineState = baseline.has(f.fingerprint) || f.alsoIn.some((a) => baseline.has(a.fingerprint)) ? 'unchanged' : 'new';
}
