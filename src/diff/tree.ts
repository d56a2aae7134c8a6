/**
 * The two trees an access diff compares: a directory, or a git revision of the repository being
 * scanned. A revision's tree is read with the in-process object reader (nothing from the
 * repository is executed) and written into a private temporary directory, under budgets for
 * entries, files and bytes; entry names that could lead elsewhere are refused, and symbolic
 * links and submodules are skipped with a notification.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Notification } from '../diagnostics';
import { GitError, type TreeEntry } from '../git/objects';
import { GitRepository, type GitReadLimits } from '../git/repository';
import { readRegularFile } from '../read-file';
import { MAX_FILE_BYTES } from '../terraform/workspace';

/** A base or head value that names no tree (exit code 2). */
export class TreeSpecError extends Error {}

export type TreeSpec = { kind: 'dir'; dir: string; label: string } | { kind: 'git'; repo: GitRepository; commit: string; label: string };

export interface TreeBudget {
  /** Tree entries visited (files, folders, links), across every folder. */
  maxEntries: number;
  /** Files written. */
  maxFiles: number;
  /** Bytes written in all. */
  maxBytes: number;
  /** Largest file written (larger ones are refused, as the scanner refuses them). */
  maxFileBytes: number;
  /** Deepest folder nesting. */
  maxDepth: number;
  /** Work limits of the object reader. */
  git?: GitReadLimits;
}

export const DEFAULT_TREE_BUDGET: TreeBudget = {
  maxEntries: 500_000,
  maxFiles: 50_000,
  maxBytes: 512 * 1024 * 1024,
  maxFileBytes: MAX_FILE_BYTES,
  maxDepth: 64,
};

/**
 * What BASE or HEAD names: an existing directory, or a revision of the repository at `repoRoot`.
 * A value that is both is refused as ambiguous: a pull request could otherwise add a folder named
 * like the base branch and have itself compared with its own copy.
 */
export function resolveTreeSpec(value: string, what: string, cwd: string, repoRoot: string, limits?: GitReadLimits): TreeSpec {
  const abs = path.resolve(cwd, value);
  let isDir = false;
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  // "./x", "../x" and absolute paths are never revisions
  const pathLike = path.isAbsolute(value) || /^\.\.?([/\\]|$)/.test(value);
  if (pathLike) {
    if (!isDir) throw new TreeSpecError(`${what} ${value}: not a directory`);
    return { kind: 'dir', dir: abs, label: value };
  }
  let repo: GitRepository | undefined;
  let repoError: string | undefined;
  try {
    repo = GitRepository.open(repoRoot, limits);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    repoError = e.message;
  }
  let commit: string | undefined;
  let revError: string | undefined;
  if (repo) {
    try {
      commit = repo.resolveCommit(value);
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      revError = e.message;
    }
  }
  if (commit && isDir) {
    repo!.close();
    throw new TreeSpecError(`${what} ${value} is both a directory and a git revision: write ./${value} for the directory, or a full commit id`);
  }
  if (commit) return { kind: 'git', repo: repo!, commit, label: `${value} (${commit.slice(0, 12)})` };
  repo?.close();
  if (isDir) return { kind: 'dir', dir: abs, label: value };
  if (repoError) throw new TreeSpecError(`${what} ${value}: not a directory, and ${repoError}`);
  throw new TreeSpecError(`${what} ${value}: not a directory, and ${revError}`);
}

/** A tree on disk that the scanner reads; `dispose` removes what was written. */
export interface MaterialisedTree {
  root: string;
  notifications: Notification[];
  files: number;
  bytes: number;
  dispose(): void;
}

/** Names tfxacct writes: no separators, no `.`/`..`, no `.git`, nothing a platform reads as a drive or a device. */
function refusedName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'an empty, "." or ".." name';
  if (name.includes('/') || name.includes('\0')) return 'a path separator or NUL in the name';
  if (name.includes('\\') || (process.platform === 'win32' && /[:<>"|?*]/.test(name))) return 'a character this platform reads as a separator';
  if (name.toLowerCase() === '.git') return 'a .git entry';
  return undefined;
}

/** Files tfxacct reads first: Terraform sources, variable files and its configuration. */
function priority(p: string): number {
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (/\.(tf|tf\.json|tfvars|tfvars\.json)$/.test(base) || /^\.tfxacct\.ya?ml$/.test(base)) return 0;
  if (/\.(json|tpl|tftpl|ya?ml|hcl|txt)$/i.test(base)) return 1;
  return 2;
}

class Notes {
  readonly list: Notification[] = [];
  private readonly grouped = new Map<string, { level: Notification['level']; count: number; first: string; text: string }>();
  add(level: Notification['level'], message: string, file?: string): void {
    this.list.push({ level, kind: 'base-tree', message, ...(file ? { file } : {}) });
  }
  /** One notification per kind of skipped entry, naming the first and the count. */
  group(key: string, level: Notification['level'], text: string, file: string): void {
    const g = this.grouped.get(key);
    if (g) g.count++;
    else this.grouped.set(key, { level, count: 1, first: file, text });
  }
  finish(): Notification[] {
    for (const g of this.grouped.values()) this.add(g.level, `${g.count} ${g.text} (first: ${g.first})`, g.first);
    return this.list;
  }
}

/** Writes a git commit's tree into a fresh private directory, within the budget. */
export function materialiseCommit(repo: GitRepository, commit: string, budget: TreeBudget = DEFAULT_TREE_BUDGET): MaterialisedTree {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-base-')));
  const dispose = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    const notes = new Notes();
    const blobs = collectBlobs(repo, repo.treeOf(commit), budget, notes);
    const written = writeBlobs(repo, blobs, root, budget, notes);
    return { root, notifications: notes.finish(), ...written, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** Every file of a tree (breadth first), with the links, submodules and refused names noted. */
function collectBlobs(repo: GitRepository, rootTree: string, budget: TreeBudget, notes: Notes): { path: string; oid: string }[] {
  const blobs: { path: string; oid: string }[] = [];
  let entries = 0;
  let queue: { dir: string; oid: string }[] = [{ dir: '', oid: rootTree }];
  for (let depth = 0; queue.length > 0; depth++) {
    if (depth > budget.maxDepth) {
      notes.add('warning', `base tree: folders nested deeper than ${budget.maxDepth} levels are not read (first: ${queue[0].dir})`, queue[0].dir);
      break;
    }
    const next: typeof queue = [];
    for (const { dir, oid } of queue) {
      let list: TreeEntry[];
      try {
        list = repo.readTree(oid);
      } catch (e) {
        if (!(e instanceof GitError) || dir === '') throw e;
        notes.add('warning', `base tree: folder ${dir} cannot be read (${e.message}); it is not compared`, dir);
        continue;
      }
      const seen = new Set<string>();
      for (const e of list) {
        if (++entries > budget.maxEntries) {
          notes.add('warning', `base tree: more than ${budget.maxEntries} entries; the rest of the base tree is not read (budget), so what it holds shows as new`);
          return blobs;
        }
        const p = dir === '' ? e.name : `${dir}/${e.name}`;
        const why = refusedName(e.name);
        if (why) {
          notes.group(`name:${why}`, 'warning', `base tree entries refused for ${why}`, dir === '' ? JSON.stringify(e.name) : `${dir}/${JSON.stringify(e.name)}`);
          continue;
        }
        if (seen.has(e.name)) {
          notes.group('duplicate', 'warning', 'base tree entries refused because their folder names them twice', p);
          continue;
        }
        seen.add(e.name);
        if (e.kind === 'tree') next.push({ dir: p, oid: e.oid });
        else if (e.kind === 'blob') blobs.push({ path: p, oid: e.oid });
        else if (e.kind === 'symlink') notes.group('symlink', 'note', 'symbolic links in the base tree not followed', p);
        else notes.group('submodule', 'note', 'submodules in the base tree not read', p);
      }
    }
    queue = next;
  }
  return blobs;
}

function writeBlobs(repo: GitRepository, blobs: { path: string; oid: string }[], root: string, budget: TreeBudget, notes: Notes): { files: number; bytes: number } {
  const ordered = blobs.map((b) => ({ ...b, rank: priority(b.path) })).sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let files = 0;
  let bytes = 0;
  const made = new Set<string>();
  for (let i = 0; i < ordered.length; i++) {
    const b = ordered[i];
    if (files >= budget.maxFiles || bytes >= budget.maxBytes) {
      notes.add('warning', `base tree: ${ordered.length - i} files not read past the budget of ${files >= budget.maxFiles ? `${budget.maxFiles} files` : `${Math.round(budget.maxBytes / (1024 * 1024))} MiB`} (first: ${b.path}); what they hold shows as new`, b.path);
      break;
    }
    let data: Buffer;
    try {
      data = repo.readBlob(b.oid, Math.min(budget.maxFileBytes, budget.maxBytes - bytes));
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      if (/larger than/.test(e.message)) notes.group('large', 'note', `base tree files larger than ${Math.round(budget.maxFileBytes / (1024 * 1024))} MiB or the remaining budget not read`, b.path);
      else notes.add('warning', `base tree: ${b.path} cannot be read (${e.message}); it is not compared`, b.path);
      if (/budget/.test(e.message)) break;
      continue;
    }
    const abs = path.join(root, ...b.path.split('/'));
    const dir = path.dirname(abs);
    try {
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        made.add(dir);
      }
      // exclusive creation never follows a link (none is ever written here)
      fs.writeFileSync(abs, data, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // names that differ only in case on a case-insensitive file system, a full disk…
      notes.group('unwritable', 'warning', `base tree files could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'}) and are not compared`, b.path);
      continue;
    }
    files++;
    bytes += data.length;
  }
  return { files, bytes };
}

/** Folders never searched for installed modules. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.terragrunt-cache']);
const MAX_MODULE_DIRS = 20_000;

/**
 * Modules installed in the working tree (`.terraform/modules`, never committed) copied into a
 * base tree read from git, beside the same root modules, so that module calls resolve the same
 * way on both sides. Links are not followed; files are copied under the same budget.
 */
export function copyInstalledModules(headRoot: string, tree: MaterialisedTree, budget: TreeBudget = DEFAULT_TREE_BUDGET): void {
  const notes = new Notes();
  let dirs = 0;
  let files = tree.files;
  let bytes = tree.bytes;
  const stack = [''];
  const roots: string[] = [];
  while (stack.length > 0 && dirs < MAX_MODULE_DIRS) {
    const rel = stack.pop()!;
    dirs++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(headRoot, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name)) continue;
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.name === '.terraform') {
        if (fs.existsSync(path.join(headRoot, child, 'modules', 'modules.json'))) roots.push(rel);
        continue;
      }
      stack.push(child);
    }
  }
  for (const rel of roots.sort()) {
    const baseDir = path.join(tree.root, ...rel.split('/').filter(Boolean));
    if (!fs.existsSync(baseDir) || fs.existsSync(path.join(baseDir, '.terraform'))) continue;
    // the modules folder itself must not be a link (the walk below never follows one)
    if (!fs.lstatSync(path.join(headRoot, rel, '.terraform', 'modules')).isDirectory()) continue;
    const copy = [`${rel === '' ? '' : rel + '/'}.terraform/modules`];
    while (copy.length > 0) {
      const dir = copy.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(headRoot, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (e.name !== '.git') copy.push(p);
          continue;
        }
        if (!e.isFile()) continue;
        if (files >= budget.maxFiles || bytes >= budget.maxBytes) {
          notes.add('warning', `installed modules: not all of ${rel || '.'}/.terraform/modules was copied to the base tree (budget)`, p);
          copy.length = 0;
          break;
        }
        const res = readRegularFile(path.join(headRoot, p), Math.min(budget.maxFileBytes, budget.maxBytes - bytes));
        if (!res.ok) continue;
        const abs = path.join(tree.root, ...p.split('/'));
        try {
          fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
          fs.writeFileSync(abs, res.bytes, { mode: 0o600, flag: 'wx' });
        } catch (e) {
          notes.group('unwritable', 'warning', `installed module files could not be copied to the base tree (${(e as NodeJS.ErrnoException).code ?? 'error'})`, p);
          continue;
        }
        files++;
        bytes += res.bytes.length;
      }
    }
  }
  tree.files = files;
  tree.bytes = bytes;
  tree.notifications.push(...notes.finish());
}
