/**
 * Runs rules over the graph. A rule that throws becomes a tool notification and the other rules
 * go on. Findings are deduplicated, fingerprinted, suppressed, merged across root modules and
 * sorted.
 */
import * as crypto from 'node:crypto';
import type { Diagnostics } from '../diagnostics';
import type { Graph } from '../graph/graph';
import type { Range } from '../hcl/ast';
import type { Config } from './config';
import { compareFindings, type Finding, type RelatedLocation } from './finding';
import { formatMessage, type Rule, type UnknownNote } from './rule';
import { splitAddress } from '../plan/read-plan';
import type { Suppressions } from './suppressions';
import { WITNESS_SPECS } from '../witness/table';

export interface RunOptions {
  /** Only these rules (--rule). */
  only?: string[];
  /** Not these rules (--skip-rule). */
  skip?: string[];
}

export interface RunResult {
  findings: Finding[];
  unknowns: (UnknownNote & { ruleId: string })[];
  rulesRun: Rule[];
}

export function fingerprintOf(ruleId: string, rootDir: string, address: string, logicalPath: string): string {
  return crypto.createHash('sha256').update(`tfxacct/1\u0000${ruleId}\u0000${rootDir}\u0000${address}\u0000${logicalPath}`).digest('hex').slice(0, 32);
}

/** The rules enabled by configuration and command line, with their configured level. */
export function enabledRules(all: Rule[], config: Config, opts: RunOptions): Rule[] {
  return all
    .filter((r) => (opts.only && opts.only.length > 0 ? opts.only.includes(r.id) : true))
    .filter((r) => !(opts.skip ?? []).includes(r.id))
    .filter((r) => config.rules.get(r.id)?.enabled !== false)
    .map((r) => {
      const level = config.rules.get(r.id)?.level;
      return level ? { ...r, level } : r;
    });
}

const MAX_RELATED = 10;

function relatedOf(via: Range[], sides: { range: Range; message: string }[]): RelatedLocation[] {
  const at = (r: Range, message: string): RelatedLocation => ({ file: r.file, startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column, message });
  return [...sides.map((s) => at(s.range, s.message)), ...via.map((r) => at(r, 'the value passes through here'))].slice(0, MAX_RELATED);
}

export function runRules(graph: Graph, rules: Rule[], suppressions: Suppressions, diags: Diagnostics): RunResult {
  const findings = new Map<string, Finding>();
  const unknowns: RunResult['unknowns'] = [];
  for (const rule of rules) {
    const witnessSpec = rule.witness ?? WITNESS_SPECS[rule.id];
    const ctx = {
      graph,
      report: (input: Parameters<Parameters<Rule['check']>[0]['report']>[0]) => {
        const template = rule.messages[input.messageId];
        let message = template === undefined ? `${rule.id}: unknown message ${input.messageId}` : formatMessage(template, input.data);
        const possible = input.holder.possible;
        if (possible) message += ` This instance exists only if its count or for_each yields it (${possible}).`;
        const rootDir = input.holder.rootDir;
        const logicalPath = input.path;
        const f: Finding = {
          ruleId: rule.id,
          slug: rule.slug,
          level: rule.level,
          ...(rule.securitySeverity !== undefined ? { securitySeverity: rule.securitySeverity } : {}),
          message,
          address: input.holder.address,
          rootDir,
          file: input.range.file,
          startLine: input.range.start.line,
          startColumn: input.range.start.column,
          endLine: input.range.end.line,
          endColumn: input.range.end.column,
          accounts: input.accounts ?? {},
          fingerprint: fingerprintOf(rule.id, rootDir, input.holder.address, logicalPath),
          logicalPath,
          suppressed: false,
          suppressions: [],
          related: relatedOf(input.range.via ?? [], input.related ?? []),
          alsoIn: [],
          ...(input.holder.origin === 'hcl' ? { declaration: input.holder.range } : {}),
          ...(possible ? { possibleInstance: possible } : {}),
        };
        const key = `${f.ruleId}\u0000${rootDir}\u0000${f.address}\u0000${logicalPath}`;
        if (findings.has(key)) return;
        if (witnessSpec) {
          if (!input.witness) f.witnessOmitted = 'the rule names no request for this finding';
          else {
            try {
              const w = witnessSpec.build(graph, input.witness);
              if ('witness' in w) f.witness = w.witness;
              else f.witnessOmitted = w.omitted;
            } catch (e) {
              f.witnessOmitted = 'the witness could not be built';
              diags.error('witness-failure', `${rule.id}: the witness of a finding on ${f.address} could not be built: ${(e as Error)?.message ?? String(e)}`);
            }
          }
        }
        findings.set(key, f);
      },
      unknown: (note: UnknownNote) => unknowns.push({ ...note, ruleId: rule.id }),
    };
    try {
      rule.check(ctx as never);
    } catch (e) {
      diags.error('rule-failure', `rule ${rule.id} failed and was skipped: ${(e as Error)?.message ?? String(e)}`);
    }
  }
  const all = [...findings.values()];
  for (const f of all) suppressions.apply(f);
  suppressions.reportUnused(new Set(rules.map((r) => r.id)), diags);
  const out = mergeAcrossRoots(all);
  out.sort(compareFindings);
  return { findings: out, unknowns, rulesRun: rules };
}

/**
 * Module code that several root modules use yields the same finding once per root module: those
 * copies (same rule, place, policy path and resource within its module, one per root module) are
 * one finding, kept as the first root module's, listing the others. Findings of one root module
 * are never merged (two instances of a module are two resources).
 */
function mergeAcrossRoots(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = [f.ruleId, f.file, f.startLine, f.startColumn, f.endLine, f.endColumn, f.logicalPath, splitAddress(f.address).rest, f.suppressed].join('\u0000');
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) {
    if (g.length === 1 || new Set(g.map((f) => f.rootDir)).size < g.length) {
      out.push(...g);
      continue;
    }
    g.sort((a, b) => a.rootDir.localeCompare(b.rootDir));
    const [first, ...rest] = g;
    first.alsoIn = rest.map((f) => ({ rootDir: f.rootDir, address: f.address, fingerprint: f.fingerprint }));
    out.push(first);
  }
  return out;
}
