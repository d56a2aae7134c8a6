/**
 * Loads Terraform configurations: finds the root modules under the scanned paths, reads their
 * variable values (tfvars, --var-file, --var), resolves module sources (local directories and
 * modules installed under .terraform/modules) and evaluates every resource instance.
 */
import type { PathFilter } from '../glob';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Diagnostics } from '../diagnostics';
import type { ParsedFile, Range, TemplateExpr } from '../hcl/ast';
import { attr } from '../hcl/ast';
import { parseHcl } from '../hcl/parse-hcl';
import { position } from '../hcl/source-text';
import { Evaluator } from './evaluate';
import { FileAccessError, INSTANCE_BUDGET_SPENT, defaultInstanceBudget, type EvalLimits, type FileAccess, type Scope } from './scope';
import { ModuleInstance, type ProviderConfig, type ResourceInstance } from './instance';
import { isJsonFailure, parseJsonValue } from './json-value';
import { buildModuleConfig, isLocalSource, type ModuleCallConfig, type ModuleConfig } from './module-config';
import type { Val } from './value';
import { decodeText, readTextFile, type ReadResult } from '../read-file';
import { MAX_FILE_BYTES, Workspace, defaultTfvarsFiles } from './workspace';

/** Blocks named one by one once the instance budget is spent; a total follows for the rest. */
const BUDGET_WARNINGS = 20;

export interface LoadOptions {
  /** Absolute paths to scan (directories or .tf files). */
  paths: string[];
  /** Absolute path of the scan boundary; nothing outside it is read. */
  boundary: string;
  /** Absolute paths of --var-file arguments, in order. */
  varFiles?: string[];
  /** --var arguments, in order. */
  vars?: [string, string][];
  /**
   * Paths not to scan (--exclude, config `exclude`): their files are not read, except that a folder
   * left out as a whole is still read when a scanned root module calls it as a module.
   */
  exclude?: PathFilter;
  /** Root module folder (repository-relative) -> account id. */
  accounts?: Record<string, string>;
  organizationId?: string;
  limits?: EvalLimits;
  /** A full garbage collection the evaluator may ask for at its memory budget. */
  collect?: () => void;
  onProgress?: (done: number, total: number) => void;
}

export interface RootModule {
  dir: string;
  instance: ModuleInstance;
}

export interface DiscoveredRoot {
  /** Absolute directory. */
  abs: string;
  /** Repository-relative directory. */
  dir: string;
  cfg: ModuleConfig;
  /** Where the loader keeps its configuration: the directory, or the file given on the command line. */
  key: string;
}

export interface LoadedProject {
  roots: RootModule[];
  resources: ResourceInstance[];
  files: number;
  workspace: Workspace;
  evaluator: Evaluator;
}

interface ManifestEntry {
  Key: string;
  Source: string;
  Dir: string;
}

/** Most files fileset() lists before its value is unknown. */
const MAX_FILESET_FILES = 10_000;

export class Loader implements FileAccess {
  /** Module calls (root module and module path) whose registry or git source is not installed. */
  readonly modulesNotInstalled = new Set<string>();
  readonly ws: Workspace;
  readonly evaluator: Evaluator;
  private readonly configs = new Map<string, ModuleConfig | null>();
  private readonly manifests = new Map<string, ManifestEntry[] | null>();
  private readonly implicit = new Map<string, ProviderConfig>();
  private readonly templates = new Map<string, TemplateExpr>();
  readonly organizationId: string | undefined;

  constructor(
    readonly opts: LoadOptions,
    readonly diags: Diagnostics,
    parser: Parser,
  ) {
    this.ws = new Workspace(opts.boundary, diags, parser);
    this.evaluator = new Evaluator(this, opts.limits, opts.collect);
    this.organizationId = opts.organizationId;
  }

  /** The parser to use now (the workspace replaces it after a failure inside it). */
  private get parser(): Parser {
    return this.ws.currentParser;
  }

  // ---------------------------------------------------------------- accounts

  /** The inventory account of a root module folder (longest matching folder prefix). */
  inventoryAccount(rootDir: string): string | undefined {
    const accounts = this.opts.accounts ?? {};
    let best: string | undefined;
    let bestLen = -1;
    for (const [dir, acct] of Object.entries(accounts)) {
      const d = dir.replace(/\/+$/, '').replace(/^\.\//, '');
      if ((rootDir === d || rootDir.startsWith(d + '/') || d === '.' || d === '') && d.length > bestLen) {
        best = acct;
        bestLen = d.length;
      }
    }
    return best;
  }

  /** The provider configuration Terraform creates when none is declared. */
  implicitProvider(key: string, rootDir: string): ProviderConfig {
    const memoKey = `${rootDir}\u0000${key}`;
    let pc = this.implicit.get(memoKey);
    if (!pc) {
      const inv = this.inventoryAccount(rootDir);
      pc = {
        key,
        account: inv,
        accountSource: inv ? 'inventory' : 'unknown',
        accountNote: inv ? `the accounts inventory maps ${rootDir} to ${inv}` : `no provider "${key}" configuration and no inventory entry for ${rootDir}`,
        region: undefined,
      };
      this.implicit.set(memoKey, pc);
    }
    return pc;
  }

  // ---------------------------------------------------------------- modules

  /** Every module directory read so far, but the root modules released. */
  allConfigs(): ModuleConfig[] {
    const out: ModuleConfig[] = [];
    for (const [k, c] of this.configs) if (c && !this.released.has(k)) out.push(c);
    return out;
  }

  /**
   * Sets the instance budget from the configuration read so far (every scanned folder, once the
   * roots are discovered), unless the caller gave one.
   */
  sizeInstanceBudget(): void {
    if (this.opts.limits?.maxInstances !== undefined) return;
    let blocks = 0;
    for (const c of this.configs.values()) if (c) blocks += c.resources.size + c.data.size + c.calls.size;
    this.evaluator.limits.maxInstances = defaultInstanceBudget(blocks);
  }

  /** Configurations of the root modules released (by key), and the paths of their files. */
  private readonly released = new Set<string>();
  private readonly releasedFiles = new Set<string>();

  /**
   * Lets go of an evaluated root module's configuration and syntax trees, after giving its files to
   * `keep` (what a scan reads of them later: suppressions). A root module is no scanned module's
   * source, so nothing evaluated after it needs them; should something outside the scanned paths
   * call it, it is read again.
   */
  releaseRoot(root: DiscoveredRoot, keep: (files: ParsedFile[]) => void): void {
    // released already, or forgotten and read again (the second reader): nothing of it to let go
    if (this.configs.get(root.key) !== root.cfg) return;
    keep(root.cfg.files);
    this.released.add(root.key);
    this.configs.delete(root.key);
    for (const f of root.cfg.files) {
      this.releasedFiles.add(f.path);
      this.ws.forget(this.ws.abs(f.path));
    }
  }

  private instancesUsed = 0;
  private readonly budgetWarned = new Set<string>();
  /** Instances, and blocks, left out once the budget was spent (one warning gives the totals). */
  private instancesSkipped = 0;

  claimInstances(n: number, address: string, at: Range): number {
    const max = this.evaluator.limits.maxInstances;
    const allowed = Math.max(0, Math.min(n, max - this.instancesUsed));
    this.instancesUsed += allowed;
    if (allowed < n && !this.budgetWarned.has(address)) {
      this.budgetWarned.add(address);
      this.instancesSkipped += n - allowed;
      if (this.budgetWarned.size <= BUDGET_WARNINGS) this.diags.warning('limit', `${address}: the scan's budget of ${max} resource and module instances is spent (nested counts multiply); ${n - allowed} of its ${n} instances are not scanned`, at);
    }
    return allowed;
  }

  /** Forgets what was read of some folders (their files were read again by the second reader). */
  forgetConfigs(absDirs: string[]): void {
    const dirs = new Set(absDirs);
    // folders, and single files given on the command line, keyed by their path
    for (const k of [...this.configs.keys()]) if (dirs.has(k) || dirs.has(path.dirname(k))) this.configs.delete(k);
  }

  moduleConfig(absDir: string, exclude?: PathFilter): ModuleConfig | null {
    const memo = this.configs.get(absDir);
    if (memo !== undefined) return memo;
    const paths = this.ws.terraformFiles(absDir, exclude);
    const files = paths.map((f) => this.ws.parse(f)).filter((f): f is ParsedFile => f !== null);
    const cfg = paths.length === 0 ? null : buildModuleConfig(this.ws.rel(absDir), files, this.diags);
    this.configs.set(absDir, cfg);
    return cfg;
  }

  private manifest(rootAbs: string): ManifestEntry[] | null {
    const memo = this.manifests.get(rootAbs);
    if (memo !== undefined) return memo;
    const file = path.join(rootAbs, '.terraform', 'modules', 'modules.json');
    let entries: ManifestEntry[] | null = null;
    const res = this.ws.read(file);
    if (res.ok) {
      try {
        const parsed = JSON.parse(res.text) as { Modules?: ManifestEntry[] };
        entries = Array.isArray(parsed.Modules) ? parsed.Modules.filter((m) => m && typeof m.Key === 'string' && typeof m.Dir === 'string') : null;
      } catch {
        this.diags.warning('bad-manifest', `${this.ws.rel(file)}: not valid JSON; installed modules are not scanned`, { file: this.ws.rel(file) });
      }
    }
    this.manifests.set(rootAbs, entries);
    return entries;
  }

  /** The module directory a call refers to, or why it cannot be scanned. */
  resolveModuleSource(from: ModuleInstance, call: ModuleCallConfig): { cfg: ModuleConfig } | { why: string } {
    const source = call.source;
    const at = attr(call.block.body, 'source')?.range ?? call.block.range;
    const refuse = (why: string, level: 'warning' | 'note' = 'warning') => {
      this.diags.add(level, 'module-unavailable', `module "${call.name}" in ${from.cfg.dir}: ${why}`, at);
      return { why: `module.${call.name} is not scanned: ${why}` };
    };
    if (source === undefined) return refuse('its source is not a literal string');
    const fromAbs = this.ws.abs(from.cfg.dir);
    let abs: string | undefined;
    if (isLocalSource(source)) {
      abs = path.resolve(fromAbs, source);
    } else {
      const rootAbs = this.ws.abs(from.rootDir);
      const key = [...from.callPath, call.name].join('.');
      const entry = this.manifest(rootAbs)?.find((m) => m.Key === key);
      if (!entry) {
        this.modulesNotInstalled.add(`${from.rootDir}\u0000${key}`);
        return refuse(`source "${source}" is not installed under .terraform/modules: run terraform init before scanning to include it; its resources are not scanned`);
      }
      abs = path.resolve(rootAbs, entry.Dir);
    }
    if (!this.ws.isInside(abs)) return refuse(`source "${source}" is outside the scanned tree; refused`);
    if (!fs.existsSync(abs)) return refuse(`source "${source}" does not exist`);
    const cfg = this.moduleConfig(abs);
    if (!cfg) return refuse(`source "${source}" has no Terraform files`);
    return { cfg };
  }

  // ---------------------------------------------------------------- file(), templatefile()

  private resolveFile(p: string, scope: Scope): string {
    const rootAbs = this.ws.abs(this.rootOf(scope));
    const abs = path.resolve(rootAbs, p);
    if (!this.ws.isInside(abs)) throw new FileAccessError(`path "${p}" is outside the scanned tree; refused`);
    return abs;
  }

  /** Root module directory of a scope (file paths are relative to it, as for terraform). */
  private rootOf(scope: Scope): string {
    let s: unknown = scope;
    for (let i = 0; i < 1000 && s; i++) {
      if (s instanceof ModuleInstance) return s.rootDir;
      s = (s as { parent?: unknown }).parent;
    }
    return '.';
  }

  /** Resolves a path for a file function, or warns that it is refused (outside the tree) and throws. */
  private resolveOrRefuse(p: string, scope: Scope, at: Range, fn: string): string {
    try {
      return this.resolveFile(p, scope);
    } catch (e) {
      this.diags.warning('file-refused', `${fn}("${p}"): ${(e as Error).message}`, at);
      throw e;
    }
  }

  /** The bytes of a file a function reads, or a warning and a FileAccessError. */
  private readFor(p: string, scope: Scope, at: Range, fn: string): { abs: string; bytes: Buffer } {
    const abs = this.resolveOrRefuse(p, scope, at, fn);
    const res = this.ws.readBytes(abs);
    if (!res.ok) {
      this.diags.warning('file-unreadable', `${fn}("${p}"): ${res.reason}`, at);
      throw new FileAccessError(res.reason);
    }
    return { abs, bytes: res.bytes };
  }

  read(p: string, scope: Scope, at: Range, fn = 'file'): { text: string; file: string } {
    const { abs, bytes } = this.readFor(p, scope, at, fn);
    const res = decodeText(bytes);
    if (!res.ok) {
      this.diags.warning('file-unreadable', `${fn}("${p}"): ${res.reason}`, at);
      throw new FileAccessError(res.reason);
    }
    return { text: res.text, file: this.ws.rel(abs) };
  }

  template(p: string, scope: Scope, at: Range): TemplateExpr {
    const { text, file } = this.read(p, scope, at, 'templatefile');
    const memo = this.templates.get(file);
    if (memo) return memo;
    const tmpl = this.templateOf(text, file, (r) => ({ file, start: position(Math.max(1, r.start.line - 1), r.start.column), end: position(Math.max(1, r.end.line - 1), r.end.column) }), `templatefile("${p}")`, at);
    this.templates.set(file, tmpl);
    return tmpl;
  }

  parseTemplate(text: string, at: Range): TemplateExpr {
    // positions inside a template held in a string are not traced: they point at the call
    return this.templateOf(text, at.file, () => at, 'templatestring()', at);
  }

  /** Parses template text as HCL does (a heredoc body), with ranges mapped by `mapRange`. */
  private templateOf(text: string, file: string, mapRange: (r: Range) => Range, what: string, at: Range): TemplateExpr {
    const marker = 'TFXACCT_TEMPLATE_END';
    if (text.split('\n').some((l) => l.trim() === marker)) throw new FileAccessError('template contains the reserved line ' + marker);
    const addNl = !text.endsWith('\n');
    const src = `x = <<${marker}\n${text}${addNl ? '\n' : ''}${marker}\n`;
    const parsed = parseHcl(this.parser, src, file, { mapRange });
    const a = parsed.body.attributes[0];
    if (parsed.errors.length > 0 || !a || a.expr.kind !== 'template') {
      this.diags.warning('template-error', `${what}: ${parsed.errors[0]?.message ?? 'not a template'}`, at);
      throw new FileAccessError('template could not be parsed');
    }
    let tmpl = a.expr;
    if (addNl) {
      const parts = [...tmpl.parts];
      const last = parts[parts.length - 1];
      if (last?.kind === 'lit' && last.value.endsWith('\n')) {
        const value = last.value.slice(0, -1);
        if (value === '') parts.pop();
        else parts[parts.length - 1] = { ...last, value };
      }
      tmpl = { ...tmpl, parts };
    }
    return tmpl;
  }

  bytes(p: string, scope: Scope, at: Range, fn: string): Buffer {
    return this.readFor(p, scope, at, fn).bytes;
  }

  list(p: string, scope: Scope, at: Range): string[] {
    const abs = this.resolveOrRefuse(p, scope, at, 'fileset');
    const { files, truncated } = this.ws.listFiles(abs, MAX_FILESET_FILES);
    if (truncated) throw new FileAccessError(`more than ${MAX_FILESET_FILES} files under "${p}"`);
    return files;
  }

  exists(p: string, scope: Scope, at: Range): boolean {
    // outside the tree the answer is not ours to know: refused, and the value is unknown
    return this.ws.read(this.resolveOrRefuse(p, scope, at, 'fileexists')).ok;
  }

  // ---------------------------------------------------------------- variables

  /** Values of a root module's variables: tfvars files, then --var-file, then --var. */
  private rootVariables(rootAbs: string, cfg: ModuleConfig): Map<string, Val> {
    const values = new Map<string, Val>();
    const files = listTfvars(this.ws, rootAbs);
    for (const f of [...files, ...(this.opts.varFiles ?? [])]) this.readTfvars(f, values, files.includes(f));
    for (const [k, v] of this.opts.vars ?? []) {
      const block = cfg.variables.get(k);
      if (!block) continue;
      const typeExpr = attr(block.body, 'type')?.expr;
      const isString = !typeExpr || (typeExpr.kind === 'variable' && typeExpr.name === 'string');
      if (isString) {
        values.set(k, { t: 's', v });
        continue;
      }
      const parsed = parseHcl(this.parser, `v = ${v}\n`, '--var');
      const a = parsed.body.attributes[0];
      if (parsed.errors.length > 0 || !a) {
        this.diags.error('bad-var', `--var ${k}: value is not a valid expression`);
        continue;
      }
      values.set(k, this.evaluator.eval(a.expr, EMPTY_SCOPE));
    }
    return values;
  }

  private readTfvars(abs: string, into: Map<string, Val>, insideTree: boolean): void {
    const rel = insideTree ? this.ws.rel(abs) : abs;
    if (abs.endsWith('.json')) {
      const res = insideTree ? this.ws.read(abs) : readUserFile(abs);
      if (!res.ok) {
        this.diags.error('unreadable-file', `${rel}: ${res.reason}`, { file: rel });
        return;
      }
      const lit = { kind: 'lit' as const, value: res.text, pieces: [{ offset: 0, text: res.text, pos: { line: 1, column: 1 }, exact: true }], range: { file: rel, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } };
      const v = parseJsonValue({ t: 's', v: res.text, r: lit.range, segs: [{ offset: 0, length: res.text.length, lit, litOffset: 0 }] });
      if (isJsonFailure(v) || v.t !== 'o') {
        this.diags.error('parse-error', `${rel}: ${isJsonFailure(v) ? v.error : 'expected a JSON object'}`, { file: rel });
        return;
      }
      for (const [k, x] of v.m) into.set(k, x);
      return;
    }
    let parsed: ParsedFile | null;
    if (insideTree) parsed = this.ws.parse(abs);
    else {
      const res = readUserFile(abs);
      if (!res.ok) {
        this.diags.error('unreadable-file', `${rel}: ${res.reason}`, { file: rel });
        return;
      }
      parsed = parseHcl(this.parser, res.text, rel);
      if (parsed.errors.length > 0) {
        this.diags.error('parse-error', `${rel}:${parsed.errors[0].range.start.line}: ${parsed.errors[0].message}`, parsed.errors[0].range);
        return;
      }
    }
    if (!parsed) return;
    for (const a of parsed.body.attributes) into.set(a.name, this.evaluator.eval(a.expr, EMPTY_SCOPE));
  }

  // ---------------------------------------------------------------- loading

  /** Directories referenced as local module sources by other scanned directories. */
  private referencedDirs(dirs: string[]): Set<string> {
    const out = new Set<string>();
    for (const d of dirs) {
      const cfg = this.moduleConfig(d, this.opts.exclude);
      if (!cfg) continue;
      for (const call of cfg.calls.values()) {
        // a directory calling itself is a module cycle, reported when instantiated; it stays a root
        if (call.source && isLocalSource(call.source) && path.resolve(d, call.source) !== d) out.add(path.resolve(d, call.source));
      }
    }
    return out;
  }

  /** A root module made of the given files only (a file path on the command line). */
  private singleFileConfig(abs: string): ModuleConfig | null {
    const memo = this.configs.get(abs);
    if (memo !== undefined) return memo;
    const parsed = this.ws.parse(abs);
    const cfg = buildModuleConfig(this.ws.rel(path.dirname(abs)), parsed ? [parsed] : [], this.diags);
    this.configs.set(abs, cfg);
    return cfg;
  }

  /** Root modules under the scanned paths (not evaluated yet). */
  discoverRoots(): DiscoveredRoot[] {
    const dirs: string[] = [];
    const files: string[] = [];
    for (const p of this.opts.paths) {
      if (!this.ws.isInside(p)) {
        this.diags.error('outside-tree', `${p} is outside the repository root ${this.ws.root}; not scanned`);
        continue;
      }
      let isFile = false;
      try {
        isFile = fs.statSync(p).isFile();
      } catch {
        isFile = false;
      }
      if (isFile) {
        if (!this.opts.exclude?.excludes(this.ws.rel(p))) files.push(p);
      } else dirs.push(...this.ws.findModuleDirs(p, this.opts.exclude));
    }
    const unique = [...new Set(dirs)].sort();
    const referenced = this.referencedDirs(unique);
    const out: DiscoveredRoot[] = [];
    for (const abs of unique.filter((d) => !referenced.has(d))) {
      const cfg = this.moduleConfig(abs, this.opts.exclude);
      if (cfg) out.push({ abs, dir: this.ws.rel(abs), cfg, key: abs });
    }
    for (const abs of [...new Set(files)].sort()) {
      const cfg = this.singleFileConfig(abs);
      if (cfg) out.push({ abs: path.dirname(abs), dir: this.ws.rel(path.dirname(abs)), cfg, key: abs });
    }
    return out;
  }

  /** Evaluates one root module; `overrides` (plan variables) win over tfvars and --var. */
  evaluateRoot(root: DiscoveredRoot, overrides?: Map<string, Val>): { root: RootModule; resources: ResourceInstance[] } {
    const values = this.rootVariables(root.abs, root.cfg);
    for (const [k, v] of overrides ?? []) if (root.cfg.variables.has(k)) values.set(k, v);
    const instance = new ModuleInstance(this, root.dir, root.cfg, '', [], (name) => values.get(name), new Map());
    const resources: ResourceInstance[] = [];
    instance.collect(resources, (rc, why, m) => {
      const address = `${m.prefix}${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
      if (why.err) this.diags.warning('expansion-error', `${address}: ${why.why}; not scanned`, why.r ?? rc.block.range);
      // past the instance budget, the blocks left out are counted in one warning (reportLimits)
      else if (why.why !== INSTANCE_BUDGET_SPENT) this.diags.note('unknown-value', `${address}: ${why.why}; its instances cannot be listed`, why.r ?? rc.block.range);
    });
    const possible = new Map<string, ResourceInstance>();
    for (const r of resources) if (r.possible && !possible.has(r.address)) possible.set(r.address, r);
    for (const r of possible.values()) {
      this.diags.note('possible-instance', `${r.address}: ${r.possible}; analysed as one possible instance`, r.site?.attributeRange('count') ?? r.site?.attributeRange('for_each') ?? r.range);
    }
    return { root: { dir: root.dir, instance }, resources };
  }

  /** Number of Terraform files read and parsed so far. */
  fileCount(): number {
    const parsedFiles = new Set<string>(this.releasedFiles);
    for (const cfg of this.configs.values()) if (cfg) for (const f of cfg.files) parsedFiles.add(f.path);
    return parsedFiles.size;
  }

  load(overridesFor?: (root: DiscoveredRoot) => Map<string, Val> | undefined): LoadedProject {
    const discovered = this.discoverRoots();
    const roots: RootModule[] = [];
    const resources: ResourceInstance[] = [];
    discovered.forEach((d, i) => {
      this.opts.onProgress?.(i, discovered.length);
      const r = this.evaluateRoot(d, overridesFor?.(d));
      roots.push(r.root);
      resources.push(...r.resources);
    });
    this.reportLimits();
    return { roots, resources, files: this.fileCount(), workspace: this.ws, evaluator: this.evaluator };
  }

  /** Warnings for the evaluation limits reached, once every root module is evaluated. */
  reportLimits(): void {
    if (this.evaluator.steps > this.evaluator.limits.maxSteps) {
      this.diags.warning('limit', `evaluation stopped after ${this.evaluator.limits.maxSteps} steps; later values are unknown`);
    }
    if (this.evaluator.memoryExhausted) {
      this.diags.warning('limit', `evaluation stopped at the scan's memory budget (${Math.round(this.evaluator.memoryBudgetShare * 100)}% of the heap limit); later values are unknown`);
    }
    if (this.budgetWarned.size > BUDGET_WARNINGS) {
      this.diags.warning('limit', `the scan's budget of ${this.evaluator.limits.maxInstances} resource and module instances is spent: ${this.budgetWarned.size} blocks are not scanned in full, ${this.instancesSkipped} instances left out (the first ${BUDGET_WARNINGS} blocks are named above)`);
    }
    for (const hit of this.evaluator.limitHits.values()) this.diags.warning('limit', hit.message, hit.range);
    for (const f of this.evaluator.failures.values()) this.diags.warning('function-error', f.message, f.range);
  }
}

const EMPTY_SCOPE: Scope = {
  moduleDir: '.',
  resolve: () => undefined,
};

function listTfvars(ws: Workspace, rootAbs: string): string[] {
  return defaultTfvarsFiles(rootAbs).filter((p) => ws.isInside(p));
}

/** Reads a file the user named on the command line (it may lie outside the scanned tree). */
function readUserFile(abs: string): ReadResult {
  return readTextFile(abs, MAX_FILE_BYTES);
}
