/**
 * One scan, end to end: configuration, Terraform loading and evaluation, the graph, the rules,
 * suppressions. Pure of output concerns: the CLI and the Action turn the result into reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules';
import { Diagnostics, type Notification } from './diagnostics';
import { ConfigError, emptyConfig, findConfig, loadConfigFile, type Config } from './engine/config';
import type { Finding } from './engine/finding';
import type { Rule } from './engine/rule';
import { lineHashes } from './engine/line-hash';
import { enabledRules, runRules } from './engine/runner';
import { Suppressions } from './engine/suppressions';
import { Graph } from './graph/graph';
import { terraformParser } from './hcl/tree-sitter';
import { Loader } from './terraform/loader';
import type { EvalLimits } from './terraform/evaluate';

export interface ScanOptions {
  /** Paths to scan (directories or .tf files); default the current directory. */
  paths: string[];
  /** Repository root for relative paths and the read boundary; default the git top-level, else the current directory. */
  root?: string;
  /** Explicit config file; default `.tfxacct.yml` found upward from the first path. */
  configFile?: string;
  varFiles?: string[];
  vars?: [string, string][];
  only?: string[];
  skip?: string[];
  reportUnknown?: boolean;
  cwd?: string;
  limits?: EvalLimits;
  /** Called as root modules are evaluated (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

export interface ScanStats {
  files: number;
  resources: number;
  policies: number;
  durationMs: number;
}

export interface ScanResult {
  findings: Finding[];
  notifications: Notification[];
  stats: ScanStats;
  rules: Rule[];
  /** Absolute repository root. */
  root: string;
  /** Scanned paths relative to the root. */
  scanPaths: string[];
  config: Config;
}

/** A problem that stops the scan before it starts (exit code 2). */
export class UsageError extends Error {}

/** The git top-level above a path, if any. */
export function gitTopLevel(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return undefined;
  }
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Without git: the current directory when it holds the path, else the scanned directory itself. */
function defaultRoot(cwd: string, first: string): string {
  const rel = path.relative(cwd, first);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return cwd;
  return fs.statSync(first).isDirectory() ? first : path.dirname(first);
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const paths = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`path not found: ${p}`);
  }
  const root = path.resolve(cwd, opts.root ?? gitTopLevel(paths[0]) ?? defaultRoot(cwd, paths[0]));
  for (const p of paths) {
    const rel = path.relative(root, p);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${p} is outside the repository root ${root} (set --root)`);
  }
  const known = new Set(RULES.map((r) => r.id));
  for (const id of [...(opts.only ?? []), ...(opts.skip ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown rule ${id} (see "tfxacct rules")`);
  }
  let config: Config;
  const configFile = opts.configFile ? path.resolve(cwd, opts.configFile) : findConfig(fs.statSync(paths[0]).isDirectory() ? paths[0] : path.dirname(paths[0]), root);
  if (opts.configFile && !fs.existsSync(configFile!)) throw new UsageError(`config file not found: ${opts.configFile}`);
  if (configFile) {
    const display = path.relative(root, configFile).startsWith('..') ? configFile : path.relative(root, configFile);
    config = loadConfigFile(configFile, known, display);
    // inventory folders are relative to the configuration file
    const accounts: Record<string, string> = {};
    for (const [dir, acct] of Object.entries(config.accounts)) {
      accounts[path.relative(root, path.resolve(path.dirname(configFile), dir)).split(path.sep).join('/') || '.'] = acct;
    }
    config.accounts = accounts;
  } else config = emptyConfig();
  for (const f of opts.varFiles ?? []) {
    if (!fs.existsSync(path.resolve(cwd, f))) throw new UsageError(`--var-file not found: ${f}`);
  }

  const diags = new Diagnostics();
  const parser = await terraformParser();
  const loader = new Loader(
    {
      paths,
      boundary: root,
      varFiles: (opts.varFiles ?? []).map((f) => path.resolve(cwd, f)),
      vars: opts.vars ?? [],
      accounts: config.accounts,
      ...(config.inventory.organizationId ? { organizationId: config.inventory.organizationId } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    },
    diags,
    parser,
  );
  const project = loader.load();
  if (project.files === 0 && diags.list().every((n) => n.kind !== 'parse-error' && n.kind !== 'unreadable-file')) {
    diags.error('no-files', `no Terraform files (.tf, .tf.json) found under ${paths.map((p) => path.relative(root, p) || '.').join(', ')}`);
  }
  for (const fn of [...project.evaluator.unsupported].sort()) {
    diags.note('unsupported-function', `function ${fn}() is not supported; values that use it are unknown`);
  }
  const graph = new Graph(project.resources, config.inventory);
  const rules = enabledRules(RULES, config, { ...(opts.only ? { only: opts.only } : {}), ...(opts.skip ? { skip: opts.skip } : {}) });
  const files = project.roots.length > 0 ? collectFiles(loader) : [];
  const suppressions = new Suppressions(files, config.ignore, config.file, diags);
  const run = runRules(graph, rules, suppressions, diags);
  addLineHashes(run.findings, loader);
  for (const p of graph.policies) {
    for (const problem of p.doc.problems) diags.warning('invalid-policy', `${p.holder.address}.${p.attribute}: ${problem.message}`, problem.range);
  }
  if (opts.reportUnknown) {
    for (const p of graph.policies) {
      for (const u of p.doc.unknowns) diags.note('unknown-value', `${p.holder.address}.${p.attribute}${u.path ? ' ' + u.path : ''}: not known statically (${u.why})`, u.range);
    }
    for (const u of run.unknowns) diags.note('unknown-value', `${u.ruleId}: ${u.message}`, u.range);
  }
  return {
    findings: run.findings,
    notifications: diags.list(),
    stats: { files: project.files, resources: project.resources.filter((r) => r.mode === 'managed').length, policies: graph.policies.length, durationMs: Date.now() - started },
    rules,
    root,
    scanPaths: paths.map((p) => path.relative(root, p).split(path.sep).join('/') || '.'),
    config,
  };
}

/** GitHub's primaryLocationLineHash for each finding's start line. */
function addLineHashes(findings: Finding[], loader: Loader): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, fs] of byFile) {
    const res = loader.ws.read(loader.ws.abs(file));
    if (!res.ok) continue;
    const hashes = lineHashes(res.text, new Set(fs.map((f) => f.startLine)));
    for (const f of fs) {
      const h = hashes.get(f.startLine);
      if (h) f.lineHash = h;
    }
  }
}

function collectFiles(loader: Loader) {
  const out = [];
  for (const cfg of loader.allConfigs()) out.push(...cfg.files);
  return out;
}

export { ConfigError };
