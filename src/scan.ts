/**
 * One scan, end to end: configuration, Terraform loading and evaluation, the graph, the rules,
 * suppressions. Pure of output concerns: the CLI and the Action turn the result into reports.
 */
import { escapesRoot, readRegularFile } from './read-file';
import { GlobError, PathFilter } from './glob';
import { MAX_FILE_BYTES, Workspace } from './terraform/workspace';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_IDS } from '../rules';
import { Diagnostics, type Notification } from './diagnostics';
import { ConfigError, emptyConfig, findConfig, loadConfigFile, type Config } from './engine/config';
import type { Finding } from './engine/finding';
import type { Rule } from './engine/rule';
import { BaselineError, applyBaseline, readBaseline } from './engine/baseline';
import { HashThread } from './engine/hash-thread';
import { hashFromTable, lineHashes } from './engine/line-hash';
import { enabledRules, runRules } from './engine/runner';
import { Suppressions, type IgnoreEntry } from './engine/suppressions';
import { Graph } from './graph/graph';
import { defaultJobs } from './hcl/read-pool';
import { forgetSharedPositions } from './hcl/source-text';
import { terraformParser } from './hcl/tree-sitter';
import { overlayPlan, planInstances } from './plan/plan-instances';
import { PlanError, readPlanFile, splitAddress, type LoadedPlan } from './plan/read-plan';
import { policyCoverage } from './iam/policy';
import { unmodelledPolicyOf } from './iam/sources';
import type { ResourceInstance } from './terraform/instance';
import { Loader, type DiscoveredRoot, type RootModule } from './terraform/loader';
import type { EvalLimits } from './terraform/scope';

/** Below this many bytes of HCL, files are read on one thread: starting threads costs more than they save. */
export const THREAD_MIN_BYTES = 1024 * 1024;
/** Longest a reading thread may take on one file. */
export const READ_TIMEOUT_MS = 120_000;

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
  /** Build the graph only, without running the rules (who-can needs no findings). */
  withoutRules?: boolean;
  /**
   * Whether findings get GitHub's primaryLocationLineHash (`lineHash`), which only SARIF carries
   * (hashing the files costs time); default true.
   */
  lineHashes?: boolean;
  skip?: string[];
  reportUnknown?: boolean;
  cwd?: string;
  limits?: EvalLimits;
  /** An earlier JSON or SARIF output: findings it holds are "unchanged", the others "new". */
  baseline?: string;
  /**
   * The configuration to use instead of finding one (an access diff that trusts the base): a
   * file of another tree, read as if it lay at the same place under this scan's root, or none;
   * `extraIgnore` entries are added to its own.
   */
  configOverride?: { file: string | undefined; tree: string; extraIgnore?: IgnoreEntry[] };
  /** `terraform show -json` outputs of plans or states. */
  plans?: string[];
  /** Paths not to scan: globs relative to the root (with the configuration's `exclude`). */
  exclude?: string[];
  /** Threads that read and parse files (default: the machine's cores, at most 8); 1 reads on this thread. */
  jobs?: number;
  /** Files holding fewer bytes than this are read on this thread whatever `jobs` says (threads would not pay). */
  threadMinBytes?: number;
  /** Longest a reading thread may take on one file before the file is reported unreadable. */
  readTimeoutMs?: number;
  /**
   * Called once the Terraform is read and evaluated, when the loader, the syntax trees and the
   * modules' values have become garbage (the command line collects it there).
   */
  afterLoading?: () => void;
  /**
   * A full garbage collection, asked for when evaluation passes the scan's memory budget (the
   * budget then counts live memory only); without it, the heap with its garbage counts.
   */
  collectGarbage?: () => void;
  /** Called as root modules are evaluated (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

export interface ScanCoverage {
  /** Policies read whole, partly known (some leaves or statements unknown), and not read at all. */
  policies: { whole: number; partial: number; unknown: number };
  /** Resources of policy-bearing types that are not modelled yet. */
  unmodelledResources: number;
  /** Module calls whose source is not installed under .terraform/modules. */
  modulesNotInstalled: number;
}

export interface ScanStats {
  files: number;
  resources: number;
  policies: number;
  durationMs: number;
  coverage: ScanCoverage;
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
  /** The graph the rules ran on (for `graph` and `check-access`). */
  graph: Graph;
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
  if (!escapesRoot(rel)) return cwd;
  return fs.statSync(first).isDirectory() ? first : path.dirname(first);
}

/** The repository root of a scan: --root, else the git top-level above the first path, else the current directory or the scanned one. */
export function scanRoot(cwd: string, absPaths: string[], root?: string): string {
  return path.resolve(cwd, root ?? gitTopLevel(absPaths[0]) ?? defaultRoot(cwd, absPaths[0]));
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  // the grammar's WebAssembly compiles while the options and the configuration are read; a scan
  // that stops before it needs the parser leaves the promise unawaited, and its failure unreported
  const parserReady = terraformParser();
  parserReady.catch(() => undefined);
  forgetSharedPositions();
  const cwd = opts.cwd ?? process.cwd();
  const paths = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`path not found: ${p}`);
  }
  const root = scanRoot(cwd, paths, opts.root);
  for (const p of paths) {
    const rel = path.relative(root, p);
    if (escapesRoot(rel)) throw new UsageError(`${p} is outside the repository root ${root} (set --root)`);
  }
  const known = new Set(RULES.map((r) => r.id));
  for (const id of [...(opts.only ?? []), ...(opts.skip ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown rule ${id} (see "tfxacct rules")`);
  }
  let config: Config;
  const override = opts.configOverride;
  const configFile = override ? override.file : opts.configFile ? path.resolve(cwd, opts.configFile) : findConfig(fs.statSync(paths[0]).isDirectory() ? paths[0] : path.dirname(paths[0]), root);
  if (!override && opts.configFile && !fs.existsSync(configFile!)) throw new UsageError(`config file not found: ${opts.configFile}`);
  // the tree the configuration belongs to: its paths are relative to that tree's root
  const configTree = override?.tree ?? root;
  if (configFile) {
    const display = escapesRoot(path.relative(configTree, configFile)) ? configFile : path.relative(configTree, configFile).split(path.sep).join('/');
    config = loadConfigFile(configFile, RULE_IDS, display);
    // inventory folders are relative to the configuration file
    const accounts: Record<string, string> = {};
    for (const [dir, acct] of Object.entries(config.accounts)) {
      accounts[path.relative(configTree, path.resolve(path.dirname(configFile), dir)).split(path.sep).join('/') || '.'] = acct;
    }
    config.accounts = accounts;
  } else config = emptyConfig();
  if (override?.extraIgnore) config.ignore = [...config.ignore, ...override.extraIgnore];
  // a file named on the command line that cannot be read stops the scan (exit 2)
  for (const f of opts.varFiles ?? []) {
    const res = readRegularFile(path.resolve(cwd, f), MAX_FILE_BYTES);
    if (!res.ok) throw new UsageError(`--var-file ${f}: ${res.reason}`);
  }
  let exclude: PathFilter;
  try {
    exclude = new PathFilter([...config.exclude, ...(opts.exclude ?? [])]);
  } catch (e) {
    if (e instanceof GlobError) throw new UsageError(`--exclude ${e.message}`);
    throw e;
  }
  let baseline: Set<string> | undefined;
  if (opts.baseline) {
    try {
      baseline = readBaseline(path.resolve(cwd, opts.baseline), opts.baseline);
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(e.message);
      throw e;
    }
  }

  const plans = readPlans(opts.plans ?? [], cwd, root);
  const diags = new Diagnostics();
  for (const plan of plans) if (plan.resources.length === 0) diags.warning('empty-plan', `${plan.file}: the ${plan.kind} holds no resources`, { file: plan.file });
  const parser = await parserReady;
  const project = await loadProject(opts, { cwd, paths, root, exclude, config, plans, diags, parser });
  opts.afterLoading?.();
  const graph = new Graph(project.resources, config.inventory);
  for (const p of graph.organization.problems) diags.add(p.level, p.kind, p.message, p.range);
  const coverage = coverageOf(graph, project.resources, project.modulesNotInstalled, diags);
  const rules = enabledRules(RULES, config, { ...(opts.only ? { only: opts.only } : {}), ...(opts.skip ? { skip: opts.skip } : {}) });
  // with threads to read, the line hashes are computed on one while this thread goes on
  const hashThread = opts.lineHashes !== false && !opts.withoutRules ? new HashThread(project.threadFiles, MAX_FILE_BYTES) : undefined;
  let run: ReturnType<typeof runRules>;
  try {
    run = opts.withoutRules ? { findings: [], unknowns: [], rulesRun: [] } : runRules(graph, rules, project.suppressions, diags);
    if (opts.lineHashes !== false) addLineHashes(run.findings, new Workspace(root, new Diagnostics(), parser), hashThread ? await hashThread.tables() : new Map());
  } finally {
    hashThread?.stop();
  }
  if (baseline) applyBaseline(run.findings, baseline);
  if (opts.reportUnknown) {
    for (const p of graph.policies) {
      for (const u of p.doc.unknowns) diags.note('unknown-value', `${p.holder.address}.${p.attribute}${u.path ? ' ' + u.path : ''}: not known statically (${u.why})`, u.range);
    }
    for (const u of run.unknowns) diags.note('unknown-value', `${u.ruleId}: ${u.message}`, u.range);
  }
  return {
    findings: run.findings,
    notifications: diags.list(),
    stats: { files: project.files + plans.length, resources: project.resources.filter((r) => r.mode === 'managed').length, policies: graph.policies.length, durationMs: Date.now() - started, coverage },
    rules,
    root,
    scanPaths: paths.map((p) => path.relative(root, p).split(path.sep).join('/') || '.'),
    config,
    graph,
  };
}

/** What a scan keeps of the Terraform it read: the resources, and what the rules and coverage need besides. */
interface LoadedProject {
  resources: ResourceInstance[];
  /** Terraform files read. */
  files: number;
  /** Module calls whose source is not installed. */
  modulesNotInstalled: number;
  /** Inline suppressions of every file read, and the configuration's ignore entries. */
  suppressions: Suppressions;
  /** The files read on threads (none when they were read on this thread). */
  threadFiles: string[];
}

/**
 * Reads, loads and evaluates the Terraform under the scanned paths. The loader, the files' syntax
 * trees and the evaluator's state are not kept past it: the rules and reports read the resources,
 * which keep the ranges they point at (`BodySite`), so a scan's memory peaks with less.
 */
async function loadProject(
  opts: ScanOptions,
  ctx: { cwd: string; paths: string[]; root: string; exclude: PathFilter; config: Config; plans: LoadedPlan[]; diags: Diagnostics; parser: Awaited<ReturnType<typeof terraformParser>> },
): Promise<LoadedProject> {
  const { cwd, paths, root, exclude, config, plans, diags } = ctx;
  const loader = new Loader(
    {
      paths,
      boundary: root,
      varFiles: (opts.varFiles ?? []).map((f) => path.resolve(cwd, f)),
      vars: opts.vars ?? [],
      ...(exclude.empty ? {} : { exclude }),
      accounts: config.accounts,
      ...(config.inventory.organizationId ? { organizationId: config.inventory.organizationId } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.collectGarbage ? { collect: opts.collectGarbage } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    },
    diags,
    ctx.parser,
  );
  await loader.ws.readAheadOnThreads(paths, {
    jobs: opts.jobs ?? defaultJobs(),
    minBytes: opts.threadMinBytes ?? THREAD_MIN_BYTES,
    timeoutMs: opts.readTimeoutMs ?? READ_TIMEOUT_MS,
    ...(exclude.empty ? {} : { exclude }),
  });
  // files the grammar cannot read go to the second reader before the roots are settled
  loader.ws.deferErrors = true;
  let discovered = loader.discoverRoots();
  const reread = await loader.ws.recoverUnreadable();
  loader.ws.deferErrors = false;
  if (reread.length > 0) {
    loader.forgetConfigs(reread);
    discovered = loader.discoverRoots();
  }
  loader.sizeInstanceBudget();
  // each root module's files are read for suppressions, and its syntax trees let go, once it is evaluated
  const suppressions = new Suppressions([], config.ignore, config.file, diags, RULE_IDS);
  const resources = evaluateRoots(loader, discovered, plans, config.inventory.organizationId, opts.onProgress, (root) => loader.releaseRoot(root, (files) => suppressions.addFiles(files, diags)));
  const files = loader.fileCount();
  loader.reportLimits();
  if (files === 0 && plans.length === 0 && (opts.plans ?? []).length === 0 && diags.list().every((n) => n.kind !== 'parse-error' && n.kind !== 'unreadable-file')) {
    diags.error('no-files', `no Terraform files (.tf, .tf.json) found under ${paths.map((p) => path.relative(root, p) || '.').join(', ')}`);
  }
  for (const fn of [...loader.evaluator.unsupported].sort()) {
    diags.note('unsupported-function', `function ${fn}() is not supported; values that use it are unknown`);
  }
  suppressions.addFiles(collectFiles(loader), diags);
  return { resources, files, modulesNotInstalled: loader.modulesNotInstalled.size, suppressions, threadFiles: loader.ws.readOnThreads };
}

/**
 * Evaluates every root module and lays the plans over their resources. The module instances
 * (every value evaluated on the way) are not kept past it: the resources hold what the graph reads.
 */
function evaluateRoots(
  loader: Loader,
  discovered: DiscoveredRoot[],
  plans: LoadedPlan[],
  organizationId: string | undefined,
  onProgress: ScanOptions['onProgress'],
  release: (root: DiscoveredRoot) => void,
): ResourceInstance[] {
  const planFor = matchPlans(discovered, plans);
  const resources: ResourceInstance[] = [];
  // only the root modules a plan is laid over are kept (with every value of their modules)
  const roots: RootModule[] = [];
  const total = discovered.length;
  for (let i = 0; i < total; i++) {
    onProgress?.(i, total);
    const d = discovered[i];
    const plan = planFor.get(d);
    const evaluated = loader.evaluateRoot(d, plan?.variables);
    if (plan) roots.push(evaluated.root);
    for (const r of evaluated.resources) resources.push(r);
    if (!plan) {
      // the list lets go of it too: the caller's list is emptied as it is evaluated
      (discovered as (DiscoveredRoot | undefined)[])[i] = undefined;
      release(d);
    }
  }
  const planCtx = { inventoryAccount: (dir: string) => loader.inventoryAccount(dir), ...(organizationId ? { organizationId } : {}) };
  let all = resources;
  for (const plan of plans) {
    const matched = [...planFor].find(([, p]) => p === plan)?.[0];
    const rootModule = matched && roots.find((r) => r.dir === matched.dir);
    all = rootModule ? overlayPlan(all, rootModule.instance, plan, planCtx) : [...all, ...planInstances(plan, planCtx)];
  }
  return all;
}

/**
 * How much the scan saw: policies read whole, partly or not at all; resources of policy-bearing
 * types not modelled yet (a note once per type and root module); module calls not installed.
 */
function coverageOf(graph: Graph, resources: ResourceInstance[], modulesNotInstalled: number, diags: Diagnostics): ScanCoverage {
  const unmodelled = new Map<string, { type: string; attribute: string; rootDir: string; count: number; first: ResourceInstance }>();
  let unmodelledResources = 0;
  for (const r of resources) {
    const attribute = unmodelledPolicyOf(r);
    if (!attribute) continue;
    unmodelledResources++;
    const key = `${r.rootDir}\u0000${r.type}`;
    const u = unmodelled.get(key);
    if (u) u.count++;
    else unmodelled.set(key, { type: r.type, attribute, rootDir: r.rootDir, count: 1, first: r });
  }
  for (const u of unmodelled.values()) {
    const what = u.attribute === u.type ? 'is a grant' : `holds a policy in "${u.attribute}"`;
    diags.note('unmodelled-resource', `${u.type} ${what} that tfxacct does not analyse yet: ${u.count} resource${u.count === 1 ? '' : 's'} in ${u.rootDir} not checked (first: ${u.first.address})`, u.first.range);
  }
  // counted when first read: it reads every policy, which a query about one resource (who-can) need not
  const coverage = {} as ScanCoverage;
  let policies: ScanCoverage['policies'] | undefined;
  Object.defineProperty(coverage, 'policies', {
    enumerable: true,
    get: () => {
      if (!policies) {
        policies = { whole: 0, partial: 0, unknown: 0 };
        for (const p of graph.policies) policies[policyCoverage(p.doc)]++;
      }
      return policies;
    },
  });
  coverage.unmodelledResources = unmodelledResources;
  coverage.modulesNotInstalled = modulesNotInstalled;
  return coverage;
}

/** GitHub's primaryLocationLineHash for each finding's start line: from the thread's tables, else hashed here. */
function addLineHashes(findings: Finding[], ws: Workspace, tables: Map<string, Uint32Array>): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = byFile.get(f.file);
    if (l) l.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, fs] of byFile) {
    const table = tables.get(ws.abs(file));
    if (table) {
      for (const f of fs) {
        const h = hashFromTable(table, f.startLine);
        if (h) f.lineHash = h;
      }
      continue;
    }
    const res = ws.read(ws.abs(file));
    if (!res.ok) continue;
    const hashes = lineHashes(res.text, new Set(fs.map((f) => f.startLine)));
    for (const f of fs) {
      const h = hashes.get(f.startLine);
      if (h) f.lineHash = h;
    }
  }
}

/** Reads the plan files; one that cannot be read stops the scan (a gate must not pass on a broken input). */
function readPlans(files: string[], cwd: string, root: string): LoadedPlan[] {
  return files.map((f) => {
    const abs = path.resolve(cwd, f);
    const rel = path.relative(root, abs);
    const display = escapesRoot(rel) ? abs : rel.split(path.sep).join('/');
    try {
      return readPlanFile(abs, display);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      throw new UsageError(`--plan ${e.message}`);
    }
  });
}

/**
 * Which root module each plan was made from: the root whose resources and module calls share
 * the most names with the plan's configuration (or, without one, with its resource addresses).
 */
function matchPlans(roots: DiscoveredRoot[], plans: LoadedPlan[]): Map<DiscoveredRoot, LoadedPlan> {
  const out = new Map<DiscoveredRoot, LoadedPlan>();
  for (const plan of plans) {
    const names = new Set<string>();
    const cfg = plan.configuration;
    for (const r of Array.isArray(cfg?.resources) ? cfg!.resources : []) if (r && typeof (r as { address?: unknown }).address === 'string') names.add((r as { address: string }).address);
    for (const c of Object.keys((cfg?.module_calls as object | undefined) ?? {})) names.add(`module.${c}`);
    if (names.size === 0) {
      for (const r of plan.resources) {
        const { modulePath, rest } = splitAddress(r.address);
        names.add(modulePath.length > 0 ? `module.${modulePath[0]}` : rest.replace(/\[[^\]]*\]$/, ''));
      }
    }
    let best: DiscoveredRoot | undefined;
    let bestScore = 0;
    for (const root of roots) {
      if (out.has(root)) continue;
      let score = 0;
      for (const n of names) {
        if (n.startsWith('module.') ? root.cfg.calls.has(n.slice(7)) : n.startsWith('data.') ? root.cfg.data.has(n.slice(5)) : root.cfg.resources.has(n)) score++;
      }
      if (score > bestScore) {
        best = root;
        bestScore = score;
      }
    }
    if (best) out.set(best, plan);
  }
  return out;
}

function collectFiles(loader: Loader) {
  const out = [];
  for (const cfg of loader.allConfigs()) out.push(...cfg.files);
  return out;
}

export { ConfigError };
