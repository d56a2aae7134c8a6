/**
 * Renderings of the trust map: JSON (the data, for tools and tests), Mermaid and Graphviz DOT
 * (for documents and pull-request comments), and the findings of the scan laid over it: each
 * node and edge carries the findings on its resource or statement and is coloured by the worst.
 */
import type { Finding } from '../engine/finding';
import { LEVEL_RANK } from '../engine/finding';
import type { Level } from '../engine/rule';
import type { MapEdge, MapEdgeKind, MapNode, TrustMap } from '../graph/trust-map';
import type { PathsResult } from '../graph/paths';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { appendTo } from '../collections';
import { printable } from './escape';
import type { WhoCanResult } from '../graph/who-can';
import { whoCanData } from './who-can';

export interface FindingRef {
  ruleId: string;
  level: Level;
  message: string;
  file: string;
  line: number;
}

/** A map node as shown: its location as file and line, with the findings on it. */
export interface ShownNode extends Omit<MapNode, 'range' | 'addresses' | 'policies'> {
  file?: string;
  line?: number;
  policies: { kind: string; address: string; file: string; line: number; statements: string[] }[];
  findings: FindingRef[];
  worst: Level | null;
}

/** A map edge as shown: its location as file and line, with the findings on its statement. */
export interface ShownEdge extends Omit<MapEdge, 'range'> {
  file: string;
  line: number;
  findings: FindingRef[];
  worst: Level | null;
}

export interface ShownGraph {
  version: '1';
  tool: { name: string; version: string };
  accounts: TrustMap['accounts'];
  nodes: ShownNode[];
  edges: ShownEdge[];
  paths?: PathsResult;
  /** who-can of each resource node, by node id (the html graph shows it when a node is clicked). */
  whoCan?: Record<string, ReturnType<typeof whoCanData>>;
}

/** The graph with who-can answers for its nodes. */
export function withWhoCan(g: ShownGraph, answers: Map<string, WhoCanResult>): ShownGraph {
  const whoCan: Record<string, ReturnType<typeof whoCanData>> = {};
  for (const n of g.nodes) {
    const a = answers.get(n.id);
    if (a) whoCan[n.id] = whoCanData(a);
  }
  return { ...g, whoCan };
}

const ref = (f: Finding): FindingRef => ({ ruleId: f.ruleId, level: f.level, message: f.message, file: f.file, line: f.startLine });

function worstOf(fs: FindingRef[]): Level | null {
  let w: Level | null = null;
  for (const f of fs) if (!w || LEVEL_RANK[f.level] > LEVEL_RANK[w]) w = f.level;
  return w;
}

function edgeHas(e: Omit<MapEdge, 'range'>, range: MapEdge['range'], f: Finding): boolean {
  if (f.rootDir !== e.rootDir || f.address !== e.address) return false;
  if (f.logicalPath === e.path || f.logicalPath.startsWith(e.path + '/') || f.logicalPath.startsWith(e.path + '.')) return true;
  return f.file === range.file && f.startLine >= range.start.line && f.startLine <= range.end.line;
}

/** The map with the scan's (unsuppressed) findings on its nodes and edges. */
export function showGraph(map: TrustMap, findings: Finding[], paths?: PathsResult): ShownGraph {
  const active = findings.filter((f) => !f.suppressed);
  const byAddress = new Map<string, Finding[]>();
  for (const f of active) {
    const k = `${f.rootDir}\u0000${f.address}`;
    appendTo(byAddress, k, f);
  }
  const nodes: ShownNode[] = map.nodes.map(({ range, addresses, policies, ...n }) => {
    const fs = n.rootDir === undefined ? [] : addresses.flatMap((a) => byAddress.get(`${n.rootDir}\u0000${a}`) ?? []).map(ref);
    return {
      ...n,
      ...(range ? { file: range.file, line: range.start.line } : {}),
      policies: policies.map((p) => ({ kind: p.kind, address: p.address, file: p.range.file, line: p.range.start.line, statements: p.statements })),
      findings: fs,
      worst: worstOf(fs),
    };
  });
  const edges: ShownEdge[] = map.edges.map(({ range, ...e }) => {
    const fs = (byAddress.get(`${e.rootDir}\u0000${e.address}`) ?? []).filter((f) => edgeHas(e, range, f)).map(ref);
    return { ...e, file: range.file, line: range.start.line, findings: fs, worst: worstOf(fs) };
  });
  return { version: '1', tool: { name: TOOL_NAME, version: TOOL_VERSION }, accounts: map.accounts, nodes, edges, ...(paths ? { paths } : {}) };
}

export function toGraphJson(g: ShownGraph): string {
  return JSON.stringify(g, null, 2) + '\n';
}

const EDGE_VERB: Record<MapEdgeKind, string> = { 'can-assume': 'can assume', granted: 'granted', 'encrypts-with': 'encrypts with', 'shares-with': 'shares with' };

export const LEVEL_COLOUR: Record<Level | 'none', string> = { error: '#cf222e', warning: '#bc4c00', note: '#0969da', none: '#57606a' };

function edgeText(e: ShownEdge): string {
  const verb = EDGE_VERB[e.kind];
  const extra = e.label && e.label !== verb && e.label !== 'encrypts with' ? `: ${e.label}` : '';
  return `${verb}${extra}${e.undecided ? ' (?)' : ''}`;
}

/** Stable short ids for diagram languages, in the map's order. */
function shortIds(g: ShownGraph): Map<string, string> {
  return new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
}

function nodeText(n: ShownNode): string {
  const tag = n.external ? ' (external)' : '';
  return n.address && n.label !== n.address ? `${n.label}${tag}\n${n.address}` : `${n.label}${tag}`;
}

/** Mermaid flowchart: accounts as subgraphs, edges labelled, worst finding as a class. */
export function toMermaid(g: ShownGraph): string {
  const ids = shortIds(g);
  const esc = (s: string) =>
    s
      .split('\n')
      .map((l) => printable(l).replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[|`]/g, (c: string) => `#${c.charCodeAt(0)};`))
      .join('<br/>');
  const out = ['flowchart LR'];
  g.accounts.forEach((a, i) => {
    const members = g.nodes.filter((n) => n.account === a.id);
    if (members.length === 0) return;
    out.push(`  subgraph a${i}["${esc(a.label)}"]`);
    for (const n of members) {
      const [open, close] = n.kind === 'role' || n.kind === 'user' ? ['(', ')'] : n.kind === 'key' ? ['{{', '}}'] : n.kind === 'bucket' ? ['[(', ')]'] : n.kind === 'account' || n.kind === 'anyone' ? ['((', '))'] : ['[', ']'];
      out.push(`    ${ids.get(n.id)}${open}"${esc(nodeText(n))}"${close}`);
    }
    out.push('  end');
  });
  g.edges.forEach((e) => {
    const arrow = e.kind === 'can-assume' ? '-->' : e.kind === 'granted' ? '-.->' : e.kind === 'encrypts-with' ? '==>' : '--o';
    out.push(`  ${ids.get(e.from)} ${arrow}|"${esc(edgeText(e))}"| ${ids.get(e.to)}`);
  });
  for (const level of ['error', 'warning', 'note'] as const) {
    const members = g.nodes.filter((n) => n.worst === level).map((n) => ids.get(n.id));
    out.push(`  classDef ${level} stroke:${LEVEL_COLOUR[level]},stroke-width:3px,color:${LEVEL_COLOUR[level]}`);
    if (members.length > 0) out.push(`  class ${members.join(',')} ${level}`);
  }
  g.edges.forEach((e, i) => {
    if (e.worst) out.push(`  linkStyle ${i} stroke:${LEVEL_COLOUR[e.worst]},stroke-width:2px`);
  });
  return out.join('\n') + '\n';
}

/** Graphviz DOT: accounts as clusters. */
export function toDot(g: ShownGraph): string {
  const ids = shortIds(g);
  const q = (s: string) =>
    `"${s
      .split('\n')
      .map((l) => printable(l).replace(/\\/g, '\\\\').replace(/"/g, '\\"'))
      .join('\\n')}"`;
  const out = ['digraph tfxacct {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  g.accounts.forEach((a, i) => {
    const members = g.nodes.filter((n) => n.account === a.id);
    if (members.length === 0) return;
    out.push(`  subgraph cluster_${i} {`, `    label=${q(a.label)};`, `    style=${a.kind === 'internal' ? 'rounded' : 'dashed'};`);
    for (const n of members) {
      const shape = n.kind === 'role' || n.kind === 'user' ? 'ellipse' : n.kind === 'key' ? 'hexagon' : n.kind === 'bucket' ? 'cylinder' : n.kind === 'account' || n.kind === 'anyone' ? 'doublecircle' : 'box';
      const colour = LEVEL_COLOUR[n.worst ?? 'none'];
      out.push(`    ${ids.get(n.id)} [label=${q(nodeText(n))}, shape=${shape}, color=${q(colour)}${n.worst ? ', penwidth=2' : ''}${n.external ? ', style=dashed' : ''}];`);
    }
    out.push('  }');
  });
  for (const e of g.edges) {
    const style = e.kind === 'granted' ? 'dashed' : e.kind === 'encrypts-with' ? 'bold' : e.kind === 'shares-with' ? 'dotted' : 'solid';
    out.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${q(edgeText(e))}, style=${style}, color=${q(LEVEL_COLOUR[e.worst ?? 'none'])}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Paths as text: each reached role or resource with the chain that reaches it. */
export function pathsText(g: ShownGraph, paths: PathsResult): string {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const account = (id: string) => g.accounts.find((a) => a.id === id)?.label ?? id;
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${n.address ?? n.label} [${account(n.account)}]` : id;
  };
  const out = [`Reachable from ${paths.start.text}${paths.start.account && paths.start.account !== paths.start.text ? ` (account ${account(paths.start.account)})` : ''}:`];
  if (paths.reached.length === 0) out.push('  nothing in the scanned configuration');
  for (const r of paths.reached) {
    out.push('', `  ${r.kind === 'role' ? 'role' : 'resource'} ${name(r.node)}  ${r.decision === 'yes' ? 'reachable' : 'maybe reachable (not known statically)'}`);
    for (const s of r.chain) {
      const verb = s.kind === 'can-assume' ? 'assumes' : s.kind === 'shares-with' ? s.actions[0] ?? 'shared' : `granted ${s.actions.slice(0, 3).join(', ')}${s.actions.length > 3 ? ', …' : ''}`;
      out.push(`    ${name(s.from)} --${verb}--> ${name(s.to)}`);
      out.push(`      ${s.range.file}:${s.range.start.line} ${s.address} ${s.path}${s.why ? `\n      ? ${s.why}` : ''}`);
    }
  }
  // names and paths come from the scanned code: no control or bidi characters reach the terminal
  return out.flatMap((l) => l.split('\n')).map(printable).join('\n') + '\n';
}
