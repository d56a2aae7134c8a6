/**
 * SARIF 2.1.0 for GitHub code scanning and IDE viewers: rule metadata with help markdown and
 * security-severity, repository-relative locations under SRCROOT, logical locations (resource
 * addresses), GitHub's line hash and our own line-independent fingerprint, suppressions, and
 * tool notifications for everything that is not a finding.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Notification } from '../diagnostics';
import { compareText } from '../collections';
import { LEVEL_RANK, type Finding } from '../engine/finding';
import { helpUri, type Rule } from '../engine/rule';
import type { ScanResult } from '../scan';
import { INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from '../version';
import { rootsOf, witnessFields } from './json';
import { plainText, ruleDoc, ruleSummary } from './rule-docs';

/** GitHub keeps at most 25,000 results per run. */
export const MAX_RESULTS = 25_000;

export const FINGERPRINT_KEY = 'tfxacct/v1';

function severityOf(f: Finding): number {
  return (f.securitySeverity ?? (f.level === 'error' ? 7 : f.level === 'warning' ? 5 : 2)) + LEVEL_RANK[f.level] * 0.01;
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const doc = ruleDoc(rule);
  const tags = [rule.category === 'hygiene' ? 'maintainability' : rule.category, ...rule.tags].slice(0, 10);
  const properties: Sarif.PropertyBag = { tags, precision: rule.precision };
  if (rule.securitySeverity !== undefined) properties['security-severity'] = rule.securitySeverity.toFixed(1);
  else properties['problem.severity'] = rule.level === 'note' ? 'recommendation' : rule.level;
  return {
    id: rule.id,
    name: rule.slug,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: ruleSummary(rule) },
    help: { text: plainText(doc), markdown: doc },
    helpUri: helpUri(rule),
    defaultConfiguration: { level: rule.level },
    properties,
  };
}

function notification(n: Notification): Sarif.Notification {
  const out: Sarif.Notification = { level: n.level, message: { text: n.message }, descriptor: { id: n.kind } };
  if (n.file) {
    const region: Sarif.Region | undefined = n.startLine ? { startLine: n.startLine, ...(n.startColumn ? { startColumn: n.startColumn } : {}) } : undefined;
    out.locations = [{ physicalLocation: { artifactLocation: { uri: encodeUriPath(n.file), uriBaseId: 'SRCROOT' }, ...(region ? { region } : {}) } }];
  }
  return out;
}

/** Percent-encodes a repository-relative path for a SARIF uri, keeping slashes. */
export function encodeUriPath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export interface SarifOptions {
  /**
   * The category of runAutomationDetails.id (GitHub keeps the results of each category apart);
   * default `tfxacct/<scanned paths>`.
   */
  category?: string;
}

export function toSarif(result: ScanResult, opts: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(result, opts), null, 2) + '\n';
}

/** Text of the results gathered before a chunk of sarifChunks() is handed out. */
const CHUNK_CHARS = 1 << 16;

/**
 * The text of toSarif() in chunks, each result made and written out in turn: a large scan's log
 * is never held whole, as objects or as one string.
 */
export function* sarifChunks(result: ScanResult, opts: SarifOptions = {}): Generator<string> {
  const { log, run, findings, ruleIndex } = sarifLog(result, opts);
  if (findings.length === 0) {
    run.results = [];
    yield JSON.stringify(log, null, 2) + '\n';
    return;
  }
  run.results = [];
  const skeleton = JSON.stringify(log, null, 2) + '\n';
  // results is the last key of the only run: what JSON.stringify writes around its elements
  const at = skeleton.lastIndexOf('"results": []');
  const indent = '\n        ';
  let chunk = skeleton.slice(0, at) + '"results": [';
  for (let i = 0; i < findings.length; i++) {
    chunk += (i === 0 ? '' : ',') + indent + JSON.stringify(sarifResult(findings[i], ruleIndex), null, 2).split('\n').join(indent);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + '\n      ]' + skeleton.slice(at + '"results": []'.length);
}

/** `CATEGORY/`: the given category, else the tool and the scanned paths, sorted so that their order does not matter. */
export function automationId(result: ScanResult, category?: string): string {
  if (category) return category.endsWith('/') ? category : `${category}/`;
  const paths = [...new Set(result.scanPaths.map((p) => p.replace(/\/+$/, '')))].sort();
  return paths.length === 1 && paths[0] === '.' ? `${TOOL_NAME}/` : `${TOOL_NAME}/${paths.join('+')}/`;
}

export function buildSarif(result: ScanResult, opts: SarifOptions = {}): Sarif.Log {
  const { log, run, findings, ruleIndex } = sarifLog(result, opts);
  run.results = findings.map((f) => sarifResult(f, ruleIndex));
  return log;
}

/** The log without its results, the findings that become them, and the index of each rule. */
function sarifLog(result: ScanResult, opts: SarifOptions): { log: Sarif.Log; run: Sarif.Run; findings: Finding[]; ruleIndex: Map<string, number> } {
  const rules = [...result.rules].sort((a, b) => compareText(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  let findings = result.findings;
  const notifications = result.notifications.map(notification);
  if (findings.length > MAX_RESULTS) {
    const kept = new Set([...findings].sort((a, b) => severityOf(b) - severityOf(a)).slice(0, MAX_RESULTS));
    findings = findings.filter((f) => kept.has(f));
    notifications.push({
      level: 'warning',
      message: { text: `${result.findings.length} findings exceed GitHub's limit of ${MAX_RESULTS} results per run; the ${MAX_RESULTS} most severe are included` },
      descriptor: { id: 'limit' },
    });
  }
  const rootUri = pathToFileURL(result.root).href.replace(/\/?$/, '/');
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        semanticVersion: TOOL_VERSION,
        version: TOOL_VERSION,
        informationUri: INFORMATION_URI,
        rules: rules.map(ruleDescriptor),
      },
    },
    automationDetails: { id: automationId(result, opts.category) },
    originalUriBaseIds: { SRCROOT: { uri: rootUri } },
    columnKind: 'utf16CodeUnits',
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
  };
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
  return { log, run, findings, ruleIndex };
}

function sarifResult(f: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUriPath(f.file), uriBaseId: 'SRCROOT' },
          region: { startLine: f.startLine, startColumn: f.startColumn, endLine: f.endLine, endColumn: f.endColumn },
        },
        logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint, ...(f.lineHash ? { primaryLocationLineHash: f.lineHash } : {}) },
    properties: {
      address: f.address,
      rootModule: f.rootDir,
      ...(f.alsoIn.length > 0 ? { roots: rootsOf(f) } : {}),
      ...(f.accounts.resource ? { resourceAccount: f.accounts.resource } : {}),
      ...(f.accounts.principal ? { principalAccount: f.accounts.principal } : {}),
      ...(f.possibleInstance ? { possibleInstance: f.possibleInstance } : {}),
      ...witnessFields(f),
    },
  };
  if (f.suppressions.length > 0) {
    r.suppressions = f.suppressions.map((s) => ({
      kind: s.kind,
      justification: s.justification || '(no reason given)',
      ...(s.status ? { status: s.status } : {}),
      ...(s.file ? { location: { physicalLocation: { artifactLocation: { uri: encodeUriPath(s.file), uriBaseId: 'SRCROOT' }, ...(s.line ? { region: { startLine: s.line } } : {}) } } } : {}),
    }));
  }
  if (f.related.length > 0) {
    r.relatedLocations = f.related.map((l, i) => ({
      id: i + 1,
      physicalLocation: {
        artifactLocation: { uri: encodeUriPath(l.file), uriBaseId: 'SRCROOT' },
        region: { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: l.endColumn },
      },
      message: { text: l.message },
    }));
  }
  if (f.baselineState) r.baselineState = f.baselineState;
  return r;
}
