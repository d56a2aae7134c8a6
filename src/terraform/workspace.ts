/**
 * Read-only access to the scanned tree. Everything tfxacct reads from a repository goes through
 * here: paths are confined to the scan boundary (symlinks included), files are size-limited,
 * binary and invalid UTF-8 files are refused, and every refusal becomes a notification.
 */
import type { PathFilter } from '../glob';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { Diagnostics } from '../diagnostics';
import type { ParsedFile } from '../hcl/ast';
import { convertHcl, parseHcl } from '../hcl/parse-hcl';
import { readFiles } from '../hcl/read-pool';
import { readWithHclParser } from '../hcl/fallback-reader';
import { freshParser } from '../hcl/tree-sitter';
import { parseTfJson } from '../hcl/parse-json';
import { describeFsError, escapesRoot, readRegularFile, readTextFile, type BytesResult, type ReadResult } from '../read-file';

/** Largest file tfxacct reads. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Most directories visited in one scan. */
export const MAX_DIRECTORIES = 20_000;

const OUTSIDE = { ok: false as const, reason: 'path is outside the scanned tree' };

/**
 * The variable files Terraform reads by default in a root module, in its order: terraform.tfvars,
 * terraform.tfvars.json, then the *.auto.tfvars and *.auto.tfvars.json files by name.
 */
export function defaultTfvarsFiles(absDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(absDir);
  } catch {
    return [];
  }
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort();
  const base = ['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n));
  return [...base, ...auto].map((n) => path.join(absDir, n));
}

export class Workspace {
  /** Real path of the boundary. */
  private readonly realRoot: string;
  private readonly parsed = new Map<string, ParsedFile | null>();

  constructor(
    /** Absolute path of the scan boundary (repository root). */
    readonly root: string,
    readonly diags: Diagnostics,
    private parser: Parser,
  ) {
    this.realRoot = safeRealpath(root) ?? root;
  }

  /** The parser every read uses (replaced after a failure inside it). */
  get currentParser(): Parser {
    return this.parser;
  }

  /** Repository-relative path with forward slashes. */
  rel(abs: string): string {
    const r = path.relative(this.root, abs).split(path.sep).join('/');
    return r === '' ? '.' : r;
  }

  abs(rel: string): string {
    return path.resolve(this.root, rel);
  }

  private readonly realDirs = new Map<string, string | undefined>();

  /** Real path, resolving the directory once and the entry itself only when it is a symlink. */
  private realpath(abs: string): string | undefined {
    const dir = path.dirname(abs);
    let realDir = this.realDirs.get(dir);
    if (!this.realDirs.has(dir)) this.realDirs.set(dir, (realDir = safeRealpath(dir)));
    if (realDir === undefined) return undefined;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return undefined;
    }
    return st.isSymbolicLink() ? safeRealpath(abs) : path.join(realDir, path.basename(abs));
  }

  private readonly insideCache = new Map<string, boolean>();

  /**
   * True when the path, after following symlinks, stays inside the boundary; answered once per
   * path in a scan (every instance of a module call asks for the same folder).
   */
  isInside(abs: string): boolean {
    let inside = this.insideCache.get(abs);
    if (inside === undefined) this.insideCache.set(abs, (inside = this.checkInside(abs)));
    return inside;
  }

  private checkInside(abs: string): boolean {
    const lexical = path.relative(this.root, abs);
    if (escapesRoot(lexical)) return false;
    const real = this.realpath(abs);
    if (real === undefined) return true; // does not exist: lexical check is all there is
    const r = path.relative(this.realRoot, real);
    return !escapesRoot(r);
  }

  /** Reads a text file inside the boundary; problems are returned, not thrown. */
  read(abs: string): ReadResult {
    if (!this.isInside(abs)) return OUTSIDE;
    return readTextFile(abs, MAX_FILE_BYTES);
  }

  /** Reads a file's bytes inside the boundary (regular files under the size cap only). */
  readBytes(abs: string): BytesResult {
    if (!this.isInside(abs)) return OUTSIDE;
    return readRegularFile(abs, MAX_FILE_BYTES);
  }

  /**
   * Regular files under a directory inside the boundary, as paths relative to it with forward
   * slashes, sorted; at most `max` of them (fileset()). Symlinks that lead outside are skipped.
   */
  listFiles(absDir: string, max: number): { files: string[]; truncated: boolean } {
    const files: string[] = [];
    const seen = new Set<string>();
    const stack: string[] = [absDir];
    while (stack.length > 0 && files.length <= max) {
      const dir = stack.pop()!;
      const real = safeRealpath(dir);
      if (!real || seen.has(real) || !this.isInside(dir)) continue;
      seen.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (!this.isInside(p)) continue;
        let st: fs.Stats;
        try {
          st = fs.statSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) stack.push(p);
        else if (st.isFile()) files.push(path.relative(absDir, p).split(path.sep).join('/'));
      }
    }
    return { files: files.slice(0, max).sort(), truncated: files.length > max };
  }

  /**
   * HCL files the grammar could not read while `deferErrors` is set, with their text and errors:
   * `recoverUnreadable()` gives them to the second reader before anything is reported.
   */
  private readonly unreadable = new Map<string, { text: string; errors: ParsedFile['errors'] }>();
  deferErrors = false;

  /** HCL files read on other threads and converted, until `parse` asks for them. */
  private readonly readAhead = new Map<string, { ok: true; text: string; file: ParsedFile } | { ok: false; reason: string }>();

  /** The files `readAheadOnThreads` gave to threads (none when it read on this thread). */
  readOnThreads: string[] = [];

  /**
   * Reads the HCL files under `starts` (those `findModuleDirs` and `terraformFiles` would find, and
   * the HCL variable files of `defaultTfvarsFiles`) on `jobs` threads, converting each as it arrives; `parse` then takes them from there, so the scan
   * is the same as when every file is read on this thread. Nothing is reported here. Does nothing
   * when the files hold fewer than `minBytes` (threads would not pay).
   */
  async readAheadOnThreads(starts: string[], opts: { jobs: number; minBytes: number; timeoutMs: number; exclude?: PathFilter }): Promise<void> {
    const quiet = new Workspace(this.root, new Diagnostics(), this.parser);
    const files = new Set<string>();
    let bytes = 0;
    for (const start of starts) {
      let isDir = false;
      try {
        isDir = fs.statSync(start).isDirectory();
      } catch {
        continue;
      }
      for (const dir of isDir ? quiet.findModuleDirs(start, opts.exclude) : [path.dirname(start)]) {
        // the variable files Terraform reads by default in a root module are HCL too
        const tfvars = defaultTfvarsFiles(dir).filter((f) => !f.endsWith('.json'));
        for (const f of [...quiet.terraformFiles(dir, opts.exclude), ...tfvars]) {
          if (!(f.endsWith('.tf') || f.endsWith('.tfvars')) || files.has(f) || this.parsed.has(f) || !this.isInside(f)) continue;
          try {
            bytes += fs.statSync(f).size;
          } catch {
            continue;
          }
          files.add(f);
        }
      }
    }
    if (opts.jobs < 2 || files.size < 2 || bytes < opts.minBytes) return;
    this.readOnThreads = [...files];
    const types = this.parser.language!.types;
    await readFiles([...files], { jobs: opts.jobs, maxBytes: MAX_FILE_BYTES, timeoutMs: opts.timeoutMs }, (abs, outcome) => {
      if (!outcome.ok) this.readAhead.set(abs, outcome);
      else this.readAhead.set(abs, { ok: true, text: outcome.text, file: convertHcl(outcome.text, this.rel(abs), outcome.tree, types) });
    });
  }

  /** Forgets a file's syntax tree (read again if asked for). */
  forget(abs: string): void {
    this.parsed.delete(abs);
  }

  /** Parses a .tf or .tf.json file once; null when it could not be read or parsed. */
  parse(abs: string): ParsedFile | null {
    const cached = this.parsed.get(abs);
    if (cached !== undefined) return cached;
    const rel = this.rel(abs);
    const ahead = this.readAhead.get(abs);
    if (ahead) this.readAhead.delete(abs);
    const res = ahead ? (ahead.ok ? { ok: true as const, text: ahead.text } : ahead) : this.read(abs);
    let out: ParsedFile | null = null;
    if (!res.ok) {
      this.diags.error('unreadable-file', `${rel}: ${res.reason}; file skipped`, { file: rel });
    } else {
      const f = ahead?.ok ? ahead.file : abs.endsWith('.json') ? parseTfJson(this.parser, res.text, rel) : parseHcl(this.parser, res.text, rel);
      // a failure inside the parser must not change how the next file is read
      if (f.errors.some((e) => e.message.startsWith('parser failure'))) this.parser = freshParser(this.parser);
      if (f.errors.length === 0) out = f;
      else if (this.deferErrors && f.format === 'hcl') this.unreadable.set(abs, { text: res.text, errors: f.errors });
      else this.reportParseErrors(rel, f.errors);
    }
    this.parsed.set(abs, out);
    return out;
  }

  private reportParseErrors(rel: string, errors: ParsedFile['errors']): void {
    for (const e of errors.slice(0, 3)) this.diags.error('parse-error', `${rel}:${e.range.start.line}: ${e.message}; file skipped`, e.range);
  }

  /**
   * Reads the files the grammar could not read with the second reader (HashiCorp's HCL parser);
   * those it cannot read either are reported as before. Returns the folders whose files changed.
   */
  async recoverUnreadable(): Promise<string[]> {
    const dirs = new Set<string>();
    for (const [abs, { text, errors }] of this.unreadable) {
      const rel = this.rel(abs);
      const f = await readWithHclParser(this.parser, text, rel);
      if (!f) {
        this.reportParseErrors(rel, errors);
        continue;
      }
      this.parsed.set(abs, f);
      dirs.add(path.dirname(abs));
      const e = errors[0];
      this.diags.warning('second-reader', `${rel}:${e.range.start.line}: ${e.message} for the grammar; read with HashiCorp's HCL parser instead (findings in this file point at the line of their block)`, e.range);
    }
    this.unreadable.clear();
    return [...dirs];
  }

  /** Terraform files of one directory (sorted, without those `exclude` leaves out), without reading them. */
  terraformFiles(absDir: string, exclude?: PathFilter): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch (e) {
      this.diags.error('unreadable-directory', `${this.rel(absDir)}: ${describeFsError(e)}`, { file: this.rel(absDir) });
      return [];
    }
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && isTerraformFile(e.name))
      .map((e) => path.join(absDir, e.name))
      .filter((p) => !exclude?.excludes(this.rel(p)))
      .sort();
  }

  /**
   * Every directory under `start` holding Terraform files (skipping .terraform, .git, node_modules,
   * and what `exclude` leaves out).
   */
  findModuleDirs(start: string, exclude?: PathFilter): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      const real = safeRealpath(dir) ?? dir;
      if (seen.has(real)) continue;
      seen.add(real);
      if (exclude?.excludes(this.rel(dir), true)) continue;
      if (seen.size > MAX_DIRECTORIES) {
        this.diags.warning('limit', `more than ${MAX_DIRECTORIES} directories under ${this.rel(start)}; the rest were not scanned`);
        break;
      }
      if (!this.isInside(dir)) {
        this.diags.warning('outside-tree', `${this.rel(dir)} leads outside the scanned tree (symlink); skipped`, { file: this.rel(dir) });
        continue;
      }
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        this.diags.error('unreadable-directory', `${this.rel(dir)}: ${describeFsError(e)}`, { file: this.rel(dir) });
        continue;
      }
      let hasTf = false;
      const subdirs: string[] = [];
      for (const e of entries) {
        const p = path.join(dir, e.name);
        let isDir = e.isDirectory();
        if (e.isSymbolicLink()) {
          try {
            isDir = fs.statSync(p).isDirectory();
          } catch {
            continue;
          }
        }
        if (isDir) {
          if (e.name === '.terraform' || e.name === '.git' || e.name === 'node_modules' || e.name === '.terragrunt-cache') continue;
          subdirs.push(p);
        } else if (isTerraformFile(e.name) && !exclude?.excludes(this.rel(p))) hasTf = true;
      }
      if (hasTf) out.push(dir);
      for (const s of subdirs.sort().reverse()) stack.push(s);
    }
    return out.sort();
  }
}

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

