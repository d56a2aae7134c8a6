/** who-can answers as text (for a terminal) and JSON (for scripts and the html graph). */
import type { BlockedEntry, ChainStep, WhoCanEntry, WhoCanGroup, WhoCanResult } from '../graph/who-can';
import { GROUP_ORDER } from '../graph/who-can';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { printable } from './escape';

export const GROUP_TEXT: Record<WhoCanGroup, string> = {
  anyone: 'Anyone',
  'other-accounts': 'Other accounts',
  organization: 'Organization',
  'same-account': 'Same account',
  services: 'Services',
  federated: 'Federated identities',
  unknown: 'Unknown (the configuration does not decide)',
};

function stepLine(s: ChainStep): string {
  return `${s.source.padEnd(8)} ${s.range.file}:${s.range.start.line}  ${s.address} ${s.path}`;
}

function entryLines(e: WhoCanEntry, blocked?: BlockedEntry['blockedBy']): string[] {
  const conditions = e.conditions.length > 0 ? `  if ${e.conditions.join(' and ')}` : '';
  const out = [`  ${e.principal}${e.address && e.address !== e.principal ? ` (${e.address})` : ''}  ${e.actions.join(', ')}${conditions}`];
  if (e.via.length > 0) out.push(`    via ${e.via.join(' -> ')}`);
  for (const s of e.chain) out.push(`    ${stepLine(s)}`);
  if (blocked) out.push(`    blocked: ${blocked.text}${blocked.step ? `\n    ${stepLine(blocked.step)}` : ''}`);
  else if (e.decision === 'unknown') out.push(`    ? ${e.why ?? 'not known statically'}`);
  return out;
}

export function whoCanText(r: WhoCanResult): string {
  const res = r.resource;
  const out = [`Who can reach ${res.address}${res.arn ? ` (${res.arn})` : ''}${res.account ? ` in account ${res.account}` : ''}${r.action ? `, for ${r.action}` : ''}:`];
  for (const g of GROUP_ORDER) {
    const xs = r.entries.filter((e) => e.group === g);
    if (xs.length === 0) continue;
    out.push('', GROUP_TEXT[g]);
    for (const e of xs) out.push(...entryLines(e));
  }
  if (r.entries.length === 0) out.push('', '  no principal: no policy in the scanned configuration lets one reach it');
  if (r.blocked.length > 0) {
    out.push('', 'Blocked (a policy admits them, but a key or guardrail stops them)');
    for (const b of r.blocked) out.push(...entryLines(b, b.blockedBy));
  }
  // names and paths come from the scanned code: no control or bidi characters reach the terminal
  return out.flatMap((l) => l.split('\n')).map(printable).join('\n') + '\n';
}

const step = (s: ChainStep) => ({ source: s.source, effect: s.effect, address: s.address, rootDir: s.rootDir, path: s.path, file: s.range.file, line: s.range.start.line, statement: s.text });

export function entryJson(e: WhoCanEntry) {
  return {
    group: e.group,
    principal: e.principal,
    kind: e.kind,
    account: e.account ?? null,
    address: e.address ?? null,
    actions: e.actions,
    conditions: e.conditions,
    decision: e.decision,
    ...(e.why ? { why: e.why } : {}),
    via: e.via,
    chain: e.chain.map(step),
  };
}

export function whoCanData(r: WhoCanResult) {
  return {
    resource: { address: r.resource.address, rootDir: r.resource.rootDir, type: r.resource.type, arn: r.resource.arn ?? null, account: r.resource.account ?? null },
    action: r.action ?? null,
    entries: r.entries.map(entryJson),
    blocked: r.blocked.map((b) => ({ ...entryJson(b), blockedBy: { source: b.blockedBy.source, text: b.blockedBy.text, ...(b.blockedBy.step ? { step: step(b.blockedBy.step) } : {}), ...(b.blockedBy.hop ? { hop: b.blockedBy.hop } : {}) } })),
  };
}

export function whoCanJson(r: WhoCanResult): string {
  return JSON.stringify({ version: '1', tool: { name: TOOL_NAME, version: TOOL_VERSION }, ...whoCanData(r) }, null, 2) + '\n';
}
