/**
 * One access diff, end to end: the two trees resolved (directories, or git revisions written to
 * private temporary folders), each scanned with the same inputs, then compared: access that the
 * head grants and the base did not, access removed, and findings new, unchanged and fixed.
 * Paths are relative to each tree's root, so that both sides name a file the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_IDS } from '../../rules';
import type { Notification } from '../diagnostics';
import { ConfigError, emptyConfig, findConfig, loadConfigFile } from '../engine/config';
import type { IgnoreEntry } from '../engine/suppressions';
import type { Finding } from '../engine/finding';
import { EMPTY_INVENTORY, Graph } from '../graph/graph';
import { escapesRoot, readRegularFile } from '../read-file';
import { UsageError, gitTopLevel, scan, scanRoot, type ScanOptions, type ScanResult } from '../scan';
import { diffAccess, type AccessChange } from './access';
import { diffFindings } from './findings';
import { DEFAULT_TREE_BUDGET, TreeSpecError, copyInstalledModules, materialiseCommit, resolveTreeSpec, type MaterialisedTree, type TreeBudget, type TreeSpec } from './tree';

export interface DiffOptions extends Omit<ScanOptions, 'paths' | 'baseline' | 'plans' | 'root'> {
  /** The base: a directory or a git revision of the repository. */
  base: string;
  /** The head: a directory or a git revision; absent for the working tree (`scan --base`). */
  head?: string;
  /** For `scan --base`: what to scan (as for scan). For `diff`: paths inside both trees. */
  paths: string[];
  /** Repository root (the git top-level by default). */
  root?: string;
  budget?: TreeBudget;
  /**
   * Whose configuration sets the gate. `base` (the default): the base's configuration (rule
   * toggles, levels, inventory) is used for both trees, suppressions the head adds still suppress
   * but are listed for review and count toward the exit code. `head`: each tree uses its own.
   */
  trust?: 'base' | 'head';
}

export interface DiffSide {
  /** What the side was given as (`main (1a2b3c4d5e6f)`, `./old`, `working tree`). */
  label: string;
  result: ScanResult;
}

export interface DiffResult {
  base: DiffSide;
  head: DiffSide;
  newAccess: AccessChange[];
  removedAccess: AccessChange[];
  findings: { new: Finding[]; unchanged: Finding[]; fixed: Finding[] };
  /** New findings of correctness rules: access paths that will now fail. */
  brokenPaths: Finding[];
  /** Head findings suppressed where the base did not suppress them (their suppressions have status underReview). */
  newSuppressions: Finding[];
  trust: 'base' | 'head';
  /** About reading the base (and a head revision), and base notifications the head does not share. */
  notifications: Notification[];
}

/** A base or head value that names no tree, or a combination the diff cannot compare (exit 2). */
export { TreeSpecError };

interface Side {
  spec: TreeSpec;
  /** Root the side's paths are relative to (a directory or a materialised revision). */
  root: string;
  /** What the reports call the root (the repository for a revision). */
  displayRoot: string;
  tree?: MaterialisedTree;
}

function inside(root: string, p: string): boolean {
  return !escapesRoot(path.relative(root, p));
}

/** A scan of nothing (a side without the scanned paths, or a scan that could not start). */
export function emptyResult(root: string, scanPaths: string[]): ScanResult {
  return {
    findings: [],
    notifications: [],
    stats: { files: 0, resources: 0, policies: 0, durationMs: 0, coverage: { policies: { whole: 0, partial: 0, unknown: 0 }, unmodelledResources: 0, modulesNotInstalled: 0 } },
    rules: [],
    root,
    scanPaths,
    config: emptyConfig(),
    graph: new Graph([], EMPTY_INVENTORY),
  };
}

/** Scans the relative paths that exist in a side's tree (none: an empty result). */
async function scanSide(side: Side, rel: string[], opts: DiffOptions, files: { config?: string; varFiles: string[]; override?: ScanOptions['configOverride'] }): Promise<ScanResult> {
  const present = rel.filter((r) => fs.existsSync(path.join(side.root, r)));
  if (present.length === 0) return emptyResult(side.displayRoot, rel);
  const { base: _base, head: _head, budget: _budget, trust: _trust, ...scanOpts } = opts;
  const result = await scan({
    ...scanOpts,
    paths: present.map((r) => path.join(side.root, r)),
    root: side.root,
    cwd: side.root,
    ...(files.override ? { configOverride: files.override } : files.config ? { configFile: files.config } : {}),
    varFiles: files.varFiles,
  });
  return { ...result, root: side.displayRoot };
}

/** The configuration file a side's scan reads (named, or found upward from the first path). */
function configOf(side: Side, rel: string[], named: string | undefined): string | undefined {
  if (named) return named;
  const first = rel.map((r) => path.join(side.root, r)).find((p) => fs.existsSync(p));
  if (!first) return undefined;
  return findConfig(fs.statSync(first).isDirectory() ? first : path.dirname(first), side.root);
}

/** Ignore entries of the head's configuration that the base's does not have. */
function addedIgnores(headFile: string | undefined, baseFile: string | undefined, notes: Notification[]): IgnoreEntry[] {
  if (!headFile) return [];
  const read = (f: string) => loadConfigFile(f, RULE_IDS, f).ignore;
  let head: IgnoreEntry[];
  try {
    head = read(headFile);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    notes.push({ level: 'warning', kind: 'config-error', message: `the head's configuration cannot be read (${e.problems[0]}); the base's is used` });
    return [];
  }
  let base: IgnoreEntry[] = [];
  try {
    base = baseFile ? read(baseFile) : [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
  }
  const key = (i: IgnoreEntry) => `${i.rule}\u0000${i.address ?? ''}\u0000${i.file ?? ''}`;
  const old = new Set(base.map(key));
  return head.filter((i) => !old.has(key(i)));
}

/**
 * A file named on the command line as each side sees it: a file inside the repository is that
 * side's own copy (absent on a side that does not have it); one outside is used by both.
 */
function sideFile(file: string, cwd: string, repoRoot: string, side: Side): string | undefined {
  const abs = path.resolve(cwd, file);
  if (!inside(repoRoot, abs)) return abs;
  const mapped = path.join(side.root, path.relative(repoRoot, abs));
  return fs.existsSync(mapped) ? mapped : undefined;
}

function open(spec: TreeSpec, displayRoot: string, budget: TreeBudget, workingTree: string | undefined): Side {
  if (spec.kind === 'dir') return { spec, root: spec.dir, displayRoot: spec.dir };
  try {
    const tree = materialiseCommit(spec.repo, spec.commit, budget);
    if (workingTree) copyInstalledModules(workingTree, tree, budget);
    return { spec, root: tree.root, displayRoot, tree };
  } finally {
    spec.repo.close();
  }
}

export async function runDiff(opts: DiffOptions): Promise<DiffResult> {
  const cwd = opts.cwd ?? process.cwd();
  const budget = opts.budget ?? DEFAULT_TREE_BUDGET;
  const sides: Side[] = [];
  try {
    let base: Side;
    let head: Side;
    let rel: string[];
    let repoRoot: string;
    let headLabel: string;
    if (opts.head === undefined) {
      // scan --base: the head is the working tree, scanned as scan would
      const abs = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => path.resolve(cwd, p));
      for (const p of abs) if (!fs.existsSync(p)) throw new UsageError(`path not found: ${p}`);
      const root = scanRoot(cwd, abs, opts.root);
      for (const p of abs) if (!inside(root, p)) throw new UsageError(`${p} is outside the repository root ${root} (set --root)`);
      repoRoot = gitTopLevel(abs[0]) ?? root;
      rel = abs.map((p) => path.relative(root, p) || '.');
      head = { spec: { kind: 'dir', dir: root, label: 'working tree' }, root, displayRoot: root };
      headLabel = 'working tree';
      const spec = resolveTreeSpec(opts.base, '--base', cwd, repoRoot, budget.git);
      // a base directory stands for the repository root, as the working tree does
      base = open(spec, root, budget, root);
      sides.push(base);
      if (spec.kind === 'git' && !inside(repoRoot, root)) throw new UsageError(`--root ${root} is outside the repository ${repoRoot}, whose revision ${opts.base} is the base`);
      if (spec.kind === 'git' && root !== repoRoot) {
        // the revision's tree is the repository's; the scan root is a folder inside it
        base = { ...base, root: path.join(base.root, path.relative(repoRoot, root)) };
      }
    } else {
      repoRoot = path.resolve(cwd, opts.root ?? gitTopLevel(cwd) ?? cwd);
      const baseSpec = resolveTreeSpec(opts.base, 'BASE', cwd, repoRoot, budget.git);
      const headSpec = resolveTreeSpec(opts.head, 'HEAD', cwd, repoRoot, budget.git);
      const workingTree = fs.existsSync(path.join(repoRoot, '.git')) ? repoRoot : undefined;
      // a directory inside the repository, compared with a revision, is that part of the repository
      const dirIn = (s: TreeSpec) => s.kind === 'dir' && (baseSpec.kind === 'git' || headSpec.kind === 'git') && inside(repoRoot, s.dir);
      const sub = [baseSpec, headSpec].filter(dirIn).map((s) => path.relative(repoRoot, (s as { dir: string }).dir) || '.');
      if (new Set(sub).size > 1) throw new UsageError(`BASE and HEAD are different folders of the repository (${sub.join(', ')}); give the folder as PATH instead`);
      const openSide = (s: TreeSpec): Side => (dirIn(s) ? { spec: s, root: repoRoot, displayRoot: repoRoot } : open(s, repoRoot, budget, workingTree));
      base = openSide(baseSpec);
      sides.push(base);
      head = openSide(headSpec);
      sides.push(head);
      rel = opts.paths.length > 0 ? opts.paths.map((p) => path.normalize(p)) : sub.length > 0 ? [sub[0]] : ['.'];
      for (const r of rel) if (path.isAbsolute(r) || escapesRoot(r)) throw new UsageError(`diff path ${r} must be relative to the trees it compares`);
      headLabel = headSpec.label;
      if (!rel.some((r) => fs.existsSync(path.join(head.root, r)))) throw new UsageError(`HEAD ${opts.head}: ${rel.join(', ')} not found`);
    }
    const filesFor = (side: Side) => ({
      ...(opts.configFile ? { config: sideFile(opts.configFile, cwd, repoRoot, side) } : {}),
      varFiles: (opts.varFiles ?? []).map((f) => sideFile(f, cwd, repoRoot, side)).filter((f): f is string => f !== undefined),
    });
    if (opts.configFile && !filesFor(head).config) throw new UsageError(`config file not found: ${opts.configFile}`);
    const trust = opts.trust ?? 'base';
    const notes: Notification[] = [];
    const baseResult = await scanSide(base, rel, { ...opts, onProgress: undefined }, filesFor(base));
    let override: ScanOptions['configOverride'];
    if (trust === 'base') {
      // the pull request does not set its own gate: the base's configuration holds for both
      // a named configuration the base does not have yet is none there, not one found elsewhere
      const baseConfig = opts.configFile ? filesFor(base).config : configOf(base, rel, undefined);
      const headConfig = opts.configFile ? filesFor(head).config : configOf(head, rel, undefined);
      const same = (a?: string, b?: string) => (a && b ? readBytes(a)?.equals(readBytes(b)!) ?? false : a === b);
      if (!same(baseConfig, headConfig)) {
        const which = headConfig ? path.relative(head.root, headConfig).split(path.sep).join('/') : path.relative(base.root, baseConfig!).split(path.sep).join('/');
        notes.push({ level: 'note', kind: 'config-trust', message: `${which} ${!baseConfig ? 'is new' : !headConfig ? 'is removed' : 'is changed'} in the head; the base's configuration is used for both trees (its new ignore entries still suppress, listed for review; --trust head uses the head's)` });
      }
      override = { file: baseConfig, tree: base.root, extraIgnore: addedIgnores(headConfig, baseConfig, notes) };
    }
    const headResult = await scanSide(head, rel, opts, { ...filesFor(head), ...(override ? { override } : {}) });
    const d = compare({ label: base.spec.label, result: baseResult }, { label: headLabel, result: headResult }, sides, trust);
    d.notifications.unshift(...notes);
    return d;
  } finally {
    for (const s of sides) s.tree?.dispose();
  }
}

function readBytes(file: string): Buffer | undefined {
  const res = readRegularFile(file, 1024 * 1024);
  return res.ok ? res.bytes : undefined;
}

/** The diff of two scans. */
function compare(base: DiffSide, head: DiffSide, sides: Side[], trust: 'base' | 'head'): DiffResult {
  const access = diffAccess(base.result.graph, head.result.graph);
  const findings = diffFindings(base.result.findings, base.result.graph, head.result.findings, head.result.graph);
  // a suppression is new where the base did not suppress the same finding
  const newSuppressions = head.result.findings.filter((f) => f.suppressed && !findings.matched.get(f)?.suppressed);
  for (const f of newSuppressions) for (const s of f.suppressions) s.status = 'underReview';
  const correctness = new Set(RULES.filter((r) => r.category === 'correctness').map((r) => r.id));
  const notifications: Notification[] = [...access.notifications];
  for (const s of sides) for (const n of s.tree?.notifications ?? []) notifications.push({ ...n, message: `${s.spec.label}: ${n.message}` });
  const inHead = new Set(head.result.notifications.map((n) => `${n.message}\u0000${n.file ?? ''}\u0000${n.startLine ?? ''}`));
  for (const n of base.result.notifications) {
    if (inHead.has(`${n.message}\u0000${n.file ?? ''}\u0000${n.startLine ?? ''}`)) continue;
    // the base's files are not the head's: name the place in the message, not as a location
    const where = n.file && !n.message.startsWith(n.file) ? `${n.file}${n.startLine ? ':' + n.startLine : ''}: ` : '';
    notifications.push({ level: n.level, kind: n.kind, message: `in the base (${base.label}): ${where}${n.message}` });
  }
  return {
    base,
    head,
    newAccess: access.newAccess,
    removedAccess: access.removedAccess,
    findings: { new: findings.new, unchanged: findings.unchanged, fixed: findings.fixed },
    brokenPaths: findings.new.filter((f) => correctness.has(f.ruleId)),
    newSuppressions,
    trust,
    notifications,
  };
}

/**
 * The head findings that count toward --fail-on: new ones, unsuppressed, or suppressed only by a
 * suppression the head adds (unless the head is trusted).
 */
export function diffCountingFindings(d: DiffResult): Finding[] {
  return d.findings.new.filter((f) => !f.suppressed || (d.trust === 'base' && f.suppressions.every((s) => s.status === 'underReview')));
}
