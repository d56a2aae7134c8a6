/**
 * The trust map as one self-contained HTML file: the data, the layout library (Cytoscape.js,
 * MIT, inlined with its licence header) and a small viewer that pans, zooms and shows a node's
 * or an edge's policies and findings on click. It loads nothing from the network: a
 * Content-Security-Policy forbids every fetch, and every text from the scanned code is inserted
 * with textContent, never as markup.
 */
import * as fs from 'node:fs';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { LEVEL_COLOUR, type ShownGraph } from './trust-graph';
import { GROUP_TEXT } from './who-can';

let cytoscapeSource: string | undefined;

/** Cytoscape.js's minified build (its licence header included), read once. */
function cytoscape(): string {
  if (cytoscapeSource === undefined) {
    const file = require.resolve('cytoscape/dist/cytoscape.min.js');
    cytoscapeSource = fs.readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return cytoscapeSource;
}

/** JSON that can sit inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; }
body { display: grid; grid-template-rows: auto 1fr; grid-template-columns: 1fr 380px; height: 100vh; }
header { grid-column: 1 / 3; display: flex; gap: 16px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; flex-wrap: wrap; }
header h1 { font-size: 15px; margin: 0; }
header input { padding: 3px 6px; border: 1px solid #d0d7de; border-radius: 4px; width: 220px; }
header button { padding: 3px 10px; border: 1px solid #d0d7de; border-radius: 4px; background: #fff; cursor: pointer; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; color: #57606a; }
.legend span { display: inline-flex; align-items: center; gap: 4px; }
.legend i { display: inline-block; width: 22px; border-top: 2px solid #57606a; }
#cy { min-height: 0; }
aside { border-left: 1px solid #d0d7de; overflow: auto; padding: 10px 12px; }
aside h2 { font-size: 14px; margin: 0 0 6px; word-break: break-all; }
aside h3 { font-size: 12px; margin: 12px 0 4px; text-transform: uppercase; color: #57606a; }
aside .meta { color: #57606a; word-break: break-all; }
aside ul { margin: 0; padding-left: 16px; }
aside li { margin: 2px 0; word-break: break-word; }
aside code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 3px; border-radius: 3px; }
.level-error { color: ${LEVEL_COLOUR.error}; font-weight: 600; }
.level-warning { color: ${LEVEL_COLOUR.warning}; font-weight: 600; }
.level-note { color: ${LEVEL_COLOUR.note}; font-weight: 600; }
a.jump { color: #0969da; cursor: pointer; text-decoration: underline; }
aside .group { font-weight: 600; margin: 6px 0 2px; }
aside ul.whocan > li { margin: 4px 0; }
`;

/** The viewer, run in the page: builds the Cytoscape graph and the details panel. */
const APP = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tfxacct-data').textContent);
  var COLOUR = ${JSON.stringify(LEVEL_COLOUR)};
  var SHAPE = { role: 'ellipse', user: 'ellipse', bucket: 'barrel', key: 'hexagon', queue: 'round-rectangle', topic: 'round-tag', secret: 'round-octagon', 'function': 'round-diamond', share: 'rhomboid', snapshot: 'cut-rectangle', image: 'round-pentagon', resource: 'round-rectangle', service: 'round-rectangle', 'identity-provider': 'tag', organization: 'star', account: 'star', anyone: 'octagon', unknown: 'round-rectangle' };
  var VERB = { 'can-assume': 'can assume', granted: 'granted', 'encrypts-with': 'encrypts with', 'shares-with': 'shares with' };
  var byId = {}, accounts = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.accounts.forEach(function (a) { accounts[a.id] = a; });
  var edgesById = {};
  data.edges.forEach(function (e) { edgesById[e.id] = e; });
  var elements = [];
  data.accounts.forEach(function (a) {
    if (!data.nodes.some(function (n) { return n.account === a.id; })) return;
    elements.push({ group: 'nodes', data: { id: 'group:' + a.id, label: a.label, kind: 'group', akind: a.kind } });
  });
  data.nodes.forEach(function (n) {
    elements.push({ group: 'nodes', data: { id: n.id, parent: 'group:' + n.account, label: n.label + (n.external ? ' (external)' : ''), kind: n.kind, colour: COLOUR[n.worst || 'none'], external: n.external ? 'yes' : 'no', worst: n.worst || 'none' } });
  });
  data.edges.forEach(function (e) {
    var label = VERB[e.kind] + (e.conditions.length ? ' if ' + e.conditions.join(', ') : '') + (e.undecided ? ' (?)' : '');
    elements.push({ group: 'edges', data: { id: e.id, source: e.from, target: e.to, label: label, kind: e.kind, colour: COLOUR[e.worst || 'none'], worst: e.worst || 'none' } });
  });
  // Deterministic layout: each account is a box of nodes in a grid (principals first), boxes
  // placed left to right in rows, internal accounts first.
  var GROUP_ORDER = { internal: 0, 'third-party': 1, external: 2, aws: 3, world: 4, unknown: 5 };
  var KIND_ORDER = { account: 0, anyone: 0, 'identity-provider': 1, service: 1, role: 2, user: 3, 'function': 4, bucket: 5, queue: 6, topic: 7, secret: 8, share: 9, snapshot: 9, image: 9, key: 10 };
  var CELL_W = 190, CELL_H = 95, GAP = 70;
  var groups = data.accounts.filter(function (a) { return data.nodes.some(function (n) { return n.account === a.id; }); });
  groups.sort(function (a, b) { return (GROUP_ORDER[a.kind] - GROUP_ORDER[b.kind]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  var boxes = groups.map(function (a) {
    var members = data.nodes.filter(function (n) { return n.account === a.id; });
    members.sort(function (x, y) { return ((KIND_ORDER[x.kind] === undefined ? 11 : KIND_ORDER[x.kind]) - (KIND_ORDER[y.kind] === undefined ? 11 : KIND_ORDER[y.kind])) || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0); });
    var rows = Math.max(1, Math.ceil(Math.sqrt(members.length * 1.5)));
    var cols = Math.ceil(members.length / rows);
    return { members: members, rows: Math.min(rows, members.length), cols: cols, w: cols * CELL_W, h: Math.min(rows, members.length) * CELL_H };
  });
  var totalArea = boxes.reduce(function (s, b) { return s + (b.w + GAP) * (b.h + GAP); }, 0);
  var maxRowWidth = Math.max(Math.sqrt(totalArea) * 1.6, boxes.reduce(function (m, b) { return Math.max(m, b.w); }, 0));
  var positions = {}, x = 0, y = 0, rowHeight = 0;
  boxes.forEach(function (b) {
    if (x > 0 && x + b.w > maxRowWidth) { x = 0; y += rowHeight + GAP; rowHeight = 0; }
    b.members.forEach(function (n, i) {
      positions[n.id] = { x: x + Math.floor(i / b.rows) * CELL_W + CELL_W / 2, y: y + (i % b.rows) * CELL_H + CELL_H / 2 };
    });
    x += b.w + GAP;
    rowHeight = Math.max(rowHeight, b.h);
  });

  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: elements,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 170, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#ffffff', 'border-width': 2, 'border-color': 'data(colour)', color: '#1f2328', width: 34, height: 34 } },
      { selector: 'node[worst != "none"]', style: { 'border-width': 4, color: 'data(colour)' } },
      { selector: 'node[external = "yes"]', style: { 'border-style': 'dashed' } },
      { selector: 'node[kind = "group"]', style: { 'background-color': '#f6f8fa', 'background-opacity': 0.6, 'border-color': '#8c959f', 'border-width': 1, 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', 'font-size': 11, color: '#1f2328', padding: 16, shape: 'round-rectangle' } },
      { selector: 'node[akind = "external"], node[akind = "third-party"], node[akind = "world"], node[akind = "unknown"]', style: { 'border-style': 'dashed', 'background-color': '#fff8c5' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5, 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', color: '#57606a', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-rotation': 'autorotate' } },
      { selector: 'edge[worst != "none"]', style: { width: 3, color: 'data(colour)' } },
      { selector: 'edge[kind = "granted"]', style: { 'line-style': 'dashed' } },
      { selector: 'edge[kind = "encrypts-with"]', style: { 'line-style': 'dotted', 'target-arrow-shape': 'diamond' } },
      { selector: 'edge[kind = "shares-with"]', style: { 'line-style': 'dashed', 'target-arrow-shape': 'circle' } }
    ].concat(Object.keys(SHAPE).map(function (k) { return { selector: 'node[kind = "' + k + '"]', style: { shape: SHAPE[k] } }; })).concat([
      { selector: ':selected', style: { 'overlay-color': '#0969da', 'overlay-opacity': 0.15 } },
      { selector: '.faded', style: { opacity: 0.2 } }
    ]),
    layout: { name: 'preset', positions: function (n) { return positions[n.id()] || { x: 0, y: 0 }; }, padding: 24 }
  });

  var panel = document.getElementById('details');
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function where(file, line) { return file ? file + (line ? ':' + line : '') : ''; }
  function findingList(fs) {
    var ul = el('ul');
    fs.forEach(function (f) {
      var li = el('li');
      li.appendChild(el('span', f.ruleId + ' ' + f.level, 'level-' + f.level));
      li.appendChild(document.createTextNode(' ' + f.message + ' (' + where(f.file, f.line) + ')'));
      ul.appendChild(li);
    });
    return ul;
  }
  function jump(id, text) { var a = el('a', text, 'jump'); a.addEventListener('click', function () { select(id); }); return a; }
  function showNode(n) {
    panel.replaceChildren();
    panel.appendChild(el('h2', n.label));
    panel.appendChild(el('div', n.kind + (n.external ? ', not defined in the scanned configuration' : '') + ' in ' + (accounts[n.account] ? accounts[n.account].label : n.account), 'meta'));
    if (n.address) panel.appendChild(el('div', n.address + '  ' + where(n.file, n.line), 'meta'));
    if (n.arn) panel.appendChild(el('div', n.arn, 'meta'));
    panel.appendChild(el('h3', 'Findings (' + n.findings.length + ')'));
    panel.appendChild(n.findings.length ? findingList(n.findings) : el('div', 'none', 'meta'));
    if (data.whoCan && data.whoCan[n.id]) showWhoCan(data.whoCan[n.id]);
    panel.appendChild(el('h3', 'Policies (' + n.policies.length + ')'));
    n.policies.forEach(function (p) {
      panel.appendChild(el('div', p.kind + ' policy, ' + p.address + '  ' + where(p.file, p.line), 'meta'));
      var ul = el('ul');
      p.statements.forEach(function (s) { ul.appendChild(el('li', s)); });
      panel.appendChild(ul);
    });
    var ins = data.edges.filter(function (e) { return e.to === n.id; }), outs = data.edges.filter(function (e) { return e.from === n.id; });
    panel.appendChild(el('h3', 'Edges (' + (ins.length + outs.length) + ')'));
    var ul = el('ul');
    ins.concat(outs).forEach(function (e) {
      var li = el('li');
      var other = e.to === n.id ? byId[e.from] : byId[e.to];
      li.appendChild(document.createTextNode((e.to === n.id ? '\\u2190 ' : '\\u2192 ') + VERB[e.kind] + ' '));
      li.appendChild(jump(e.id, other ? other.label : '?'));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  var GROUP_TEXT = ${JSON.stringify(GROUP_TEXT)};
  function whoCanEntry(e, blocked) {
    var li = el('li');
    li.appendChild(el('code', e.principal));
    li.appendChild(document.createTextNode(' ' + e.actions.join(', ') + (e.conditions.length ? ' if ' + e.conditions.join(' and ') : '')));
    if (e.via.length) li.appendChild(el('div', 'via ' + e.via.join(' \u2192 '), 'meta'));
    var steps = el('ul');
    e.chain.forEach(function (s) { steps.appendChild(el('li', s.source + ' ' + s.address + ' ' + s.path + '  ' + where(s.file, s.line), 'meta')); });
    li.appendChild(steps);
    if (blocked) li.appendChild(el('div', 'blocked: ' + blocked.text, 'meta'));
    else if (e.decision === 'unknown') li.appendChild(el('div', '? ' + (e.why || 'not known statically'), 'meta'));
    return li;
  }
  function showWhoCan(w) {
    panel.appendChild(el('h3', 'Who can reach it (' + w.entries.length + ')'));
    if (!w.entries.length) panel.appendChild(el('div', 'no principal', 'meta'));
    Object.keys(GROUP_TEXT).forEach(function (g) {
      var xs = w.entries.filter(function (e) { return e.group === g; });
      if (!xs.length) return;
      panel.appendChild(el('div', GROUP_TEXT[g], 'group'));
      var ul = el('ul', '', 'whocan');
      xs.forEach(function (e) { ul.appendChild(whoCanEntry(e)); });
      panel.appendChild(ul);
    });
    if (w.blocked.length) {
      panel.appendChild(el('div', 'Blocked by a key or guardrail', 'group'));
      var ul = el('ul', '', 'whocan');
      w.blocked.forEach(function (e) { ul.appendChild(whoCanEntry(e, e.blockedBy)); });
      panel.appendChild(ul);
    }
  }
  function showEdge(e) {
    panel.replaceChildren();
    var from = byId[e.from], to = byId[e.to];
    panel.appendChild(el('h2', VERB[e.kind]));
    var line = el('div', '', 'meta');
    line.appendChild(jump(e.from, from ? from.label : e.from));
    line.appendChild(document.createTextNode(' \\u2192 '));
    line.appendChild(jump(e.to, to ? to.label : e.to));
    panel.appendChild(line);
    panel.appendChild(el('div', e.address + ' ' + e.path + '  ' + where(e.file, e.line), 'meta'));
    if (e.actions.length) { panel.appendChild(el('h3', 'Actions')); panel.appendChild(el('div', e.actions.join(', '))); }
    panel.appendChild(el('h3', 'Binding conditions'));
    panel.appendChild(el('div', e.conditions.length ? e.conditions.join(', ') : 'none'));
    if (e.apparent.length) { panel.appendChild(el('h3', 'Conditions that do not bind')); var ul = el('ul'); e.apparent.forEach(function (a) { ul.appendChild(el('li', a)); }); panel.appendChild(ul); }
    if (e.undecided) panel.appendChild(el('div', 'Part of this statement is not known statically.', 'meta'));
    panel.appendChild(el('h3', 'Findings (' + e.findings.length + ')'));
    panel.appendChild(e.findings.length ? findingList(e.findings) : el('div', 'none', 'meta'));
  }
  function select(id) {
    cy.elements().unselect();
    var item = cy.getElementById(id);
    if (item && item.length) item.select();
    if (byId[id]) showNode(byId[id]); else if (edgesById[id]) showEdge(edgesById[id]);
  }
  cy.on('tap', 'node', function (ev) { if (ev.target.data('kind') !== 'group') select(ev.target.id()); });
  cy.on('tap', 'edge', function (ev) { select(ev.target.id()); });
  document.getElementById('fit').addEventListener('click', function () { cy.fit(undefined, 24); });
  document.getElementById('search').addEventListener('input', function (ev) {
    var q = ev.target.value.trim().toLowerCase();
    cy.elements().removeClass('faded');
    if (!q) return;
    var hit = cy.nodes().filter(function (n) { var d = byId[n.id()]; return !!d && (d.label + ' ' + (d.address || '') + ' ' + (d.arn || '')).toLowerCase().indexOf(q) >= 0; });
    cy.elements().not(hit.closedNeighborhood().union(hit.ancestors())).addClass('faded');
  });
  window.tfxacct = { ready: true, nodes: data.nodes.length, edges: data.edges.length, select: select, cy: cy };
})();
`;

export function toGraphHtml(g: ShownGraph, title = 'tfxacct trust graph'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const counts = `${g.nodes.length} nodes, ${g.edges.length} edges, ${g.nodes.reduce((n, x) => n + x.findings.length, 0)} findings on nodes`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${TOOL_NAME} ${TOOL_VERSION}`)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<span class="meta">${esc(counts)}</span>
<input id="search" type="search" placeholder="find a role, bucket, ARN…" aria-label="find">
<button id="fit" type="button">fit</button>
<span class="legend">
<span><i></i>can assume</span><span><i style="border-top-style:dashed"></i>granted, shares with</span><span><i style="border-top-style:dotted"></i>encrypts with</span>
<span class="level-error">error</span><span class="level-warning">warning</span><span class="level-note">note</span><span>dashed border: not defined here</span>
</span>
</header>
<div id="cy"></div>
<aside id="details"><h2>Select a node or an edge</h2><div class="meta">Click a role, bucket or key to see its policies and findings; scroll to zoom, drag to pan.</div></aside>
<script type="application/json" id="tfxacct-data">${scriptJson(g)}</script>
<script>
${cytoscape()}
</script>
<script>${APP}</script>
</body>
</html>
`;
}
