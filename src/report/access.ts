/** check-access answers as text (for a terminal) and JSON (for scripts). */
import type { AccessAnswer, AccessParty, Evidence } from '../graph/access';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { printable } from './escape';

const DECISION_TEXT: Record<AccessAnswer['decision'], string> = {
  allowed: 'ALLOWED',
  'explicit-deny': 'DENIED (explicit deny)',
  'implicit-deny': 'DENIED (no statement allows it)',
  unknown: 'UNKNOWN (depends on what is not known statically)',
};

const SOURCE_TEXT: Record<Evidence['source'], string> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  identity: 'identity policy',
  boundary: 'permissions boundary',
  resource: 'resource policy',
  trust: 'trust policy',
  key: 'key policy',
  grant: 'KMS grant',
  share: 'sharing attribute',
  ram: 'RAM share',
};

function party(p: AccessParty): string {
  const where = p.address ? `${p.address} (${p.range ? `${p.range.file}:${p.range.start.line}` : p.rootDir})` : 'not defined in the scanned configuration';
  return `${p.arn}\n    ${where}${p.account ? `, account ${p.account}` : ''}`;
}

export function accessText(a: AccessAnswer, color = false): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const decision = a.decision === 'allowed' ? paint('32;1', DECISION_TEXT[a.decision]) : a.decision === 'unknown' ? paint('33;1', DECISION_TEXT[a.decision]) : paint('31;1', DECISION_TEXT[a.decision]);
  const first = `${printable(a.action)}: ${decision}`;
  const out = ['', `  principal ${party(a.principal)}`, `  resource  ${party(a.resource)}`, ''];
  out.push('Decided by:');
  if (a.evidence.length === 0) out.push('  no statement of the scanned policies applies to this request');
  for (const e of a.evidence) {
    out.push(`  ${e.effect.toUpperCase().padEnd(5)} ${e.applies === 'yes' ? 'applies' : e.applies === 'no' ? 'does not apply' : 'may apply'}  ${SOURCE_TEXT[e.source]} ${e.address} ${e.path}  ${e.range.file}:${e.range.start.line}`);
    out.push(`        ${e.text}`);
  }
  out.push('', 'Why:');
  for (const r of a.reasons) out.push(`  - ${r}`);
  if (a.missingContext.length > 0) out.push('', `Context keys not given: ${a.missingContext.join(', ')}`);
  // statements and names come from the scanned code: no control or bidi characters reach the terminal
  return [first, ...out.flatMap((l) => l.split('\n')).map(printable)].join('\n') + '\n';
}

export function accessJson(a: AccessAnswer): string {
  const range = (r: { file: string; start: { line: number; column: number } }) => ({ file: r.file, startLine: r.start.line, startColumn: r.start.column });
  const p = (x: AccessParty) => ({ arn: x.arn, account: x.account ?? null, address: x.address ?? null, rootDir: x.rootDir ?? null, ...(x.range ? range(x.range) : { file: null }) });
  return (
    JSON.stringify(
      {
        version: '1',
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        decision: a.decision,
        sides: a.sides,
        principal: p(a.principal),
        action: a.action,
        resource: p(a.resource),
        crossAccount: a.crossAccount,
        evidence: a.evidence.map((e) => ({ source: e.source, effect: e.effect, applies: e.applies, address: e.address, rootDir: e.rootDir, path: e.path, sid: e.sid ?? null, ...range(e.range), statement: e.text })),
        reasons: a.reasons,
        missingContext: a.missingContext,
      },
      null,
      2,
    ) + '\n'
  );
}
