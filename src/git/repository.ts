/**
 * A read-only view of a git repository's objects and refs, in-process: nothing is executed (no
 * git binary, so no hooks, filters, fsmonitor, pager or credential helper), the config file is
 * never interpreted, and only files inside the repository's git directory (and its common
 * directory, for a linked worktree) are read, each a regular file under a size cap. Objects are
 * read from loose files and packfiles; alternates are not followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { escapesRoot, readRegularFile } from '../read-file';
import { GitError, headerFields, isOid, parseTree, type ObjectType, type RawObject, type TreeEntry } from './objects';
import { Pack, PackIndex, type PositionalFile } from './pack';

export interface GitReadLimits {
  /** Largest single object inflated (a blob, tree or commit). */
  maxObjectBytes: number;
  /** Bytes inflated in all, delta bases and trees included: bounds the work one read can cause. */
  maxInflatedBytes: number;
}

export const DEFAULT_GIT_LIMITS: GitReadLimits = { maxObjectBytes: 16 * 1024 * 1024, maxInflatedBytes: 1024 * 1024 * 1024 };

/** Largest ref file, packed-refs file and pack index read. */
const MAX_REF_BYTES = 64 * 1024;
const MAX_PACKED_REFS_BYTES = 64 * 1024 * 1024;
const MAX_INDEX_BYTES = 512 * 1024 * 1024;
const MAX_SYMREF_DEPTH = 10;

/** Ref names as `git check-ref-format` accepts them (enough to refuse anything path-like). */
export function isValidRefName(name: string): boolean {
  if (name === '' || name === '@' || name.length > 1024) return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((c) => c !== '' && !c.startsWith('.') && !c.endsWith('.lock'));
}

class ConfinedFile implements PositionalFile {
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}
  read(position: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, this.size - position)));
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(this.fd, buf, n, buf.length - n, position + n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

export class GitRepository {
  private packs: Pack[] | undefined;
  private readonly files: ConfinedFile[] = [];
  private packed: Map<string, string> | undefined;
  private inflated = 0;

  private constructor(
    /** The working tree the repository belongs to. */
    readonly worktree: string,
    /** Real path of the git directory (`.git`, or the linked worktree's directory). */
    readonly gitDir: string,
    /** Real path of the directory holding objects and shared refs. */
    readonly commonDir: string,
    readonly limits: GitReadLimits,
  ) {}

  /** The repository of a working tree (its `.git` directory or `gitdir:` file); GitError when there is none. */
  static open(worktree: string, limits: GitReadLimits = DEFAULT_GIT_LIMITS): GitRepository {
    const notRepo = () => new GitError(`${worktree} is not a git repository`);
    const dotGit = path.join(worktree, '.git');
    let gitDir: string;
    let st: fs.Stats;
    try {
      st = fs.statSync(dotGit);
    } catch {
      throw notRepo();
    }
    try {
      if (st.isDirectory()) gitDir = fs.realpathSync(dotGit);
      else {
        const res = readRegularFile(dotGit, MAX_REF_BYTES);
        const m = res.ok ? /^gitdir: (.+)$/m.exec(res.bytes.toString('utf8')) : null;
        if (!m) throw notRepo();
        gitDir = fs.realpathSync(path.resolve(worktree, m[1].trim()));
      }
      let commonDir = gitDir;
      const common = readRegularFile(path.join(gitDir, 'commondir'), MAX_REF_BYTES);
      if (common.ok) commonDir = fs.realpathSync(path.resolve(gitDir, common.bytes.toString('utf8').trim()));
      if (!fs.statSync(path.join(gitDir, 'HEAD')).isFile() || !fs.statSync(path.join(commonDir, 'objects')).isDirectory()) throw notRepo();
      const repo = new GitRepository(worktree, gitDir, commonDir, limits);
      repo.checkFormat();
      return repo;
    } catch (e) {
      if (e instanceof GitError) throw e;
      throw notRepo();
    }
  }

  /** Formats this reader does not implement are one clear error rather than wrong answers. */
  private checkFormat(): void {
    const res = this.readText(path.join(this.commonDir, 'config'), 1024 * 1024);
    if (res === undefined) return;
    if (/^\s*objectformat\s*=\s*sha256\s*$/im.test(res)) throw new GitError(`${this.worktree}: SHA-256 repositories are not supported; give the base as a directory`);
    if (/^\s*refstorage\s*=\s*reftable\s*$/im.test(res)) throw new GitError(`${this.worktree}: repositories with reftable refs are not supported; give the base as a directory`);
  }

  close(): void {
    for (const f of this.files) f.close();
    this.files.length = 0;
    this.packs = undefined;
  }

  /** Whether a path, after symlinks, lies inside the git directory or the common directory. */
  private confined(abs: string): boolean {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return false;
    }
    return [this.gitDir, this.commonDir].some((d) => !escapesRoot(path.relative(d, real)));
  }

  /** A file of the repository as text; undefined when absent, refused or unreadable. */
  private readText(abs: string, max: number): string | undefined {
    const bytes = this.readBytes(abs, max);
    return bytes?.toString('utf8');
  }

  private readBytes(abs: string, max: number): Buffer | undefined {
    if (!this.confined(abs)) return undefined;
    const res = readRegularFile(abs, max);
    return res.ok ? res.bytes : undefined;
  }

  /** Counts inflated bytes against the budget. */
  spend(bytes: number): void {
    this.inflated += bytes;
    if (this.inflated > this.limits.maxInflatedBytes) throw new GitError(`reading the base tree inflated more than ${Math.round(this.limits.maxInflatedBytes / (1024 * 1024))} MiB of git objects (budget)`);
  }

  // ---------------------------------------------------------------- refs and revisions

  private refDir(name: string): string {
    const perWorktree = name === 'HEAD' || /^[A-Z_]+_HEAD$/.test(name) || /^refs\/(bisect|worktree|rewritten)\//.test(name);
    return perWorktree ? this.gitDir : this.commonDir;
  }

  private packedRefs(): Map<string, string> {
    if (this.packed) return this.packed;
    this.packed = new Map();
    const text = this.readText(path.join(this.commonDir, 'packed-refs'), MAX_PACKED_REFS_BYTES);
    for (const line of (text ?? '').split('\n')) {
      const m = /^([0-9a-f]{40}) (\S+)$/.exec(line);
      if (m && !this.packed.has(m[2])) this.packed.set(m[2], m[1]);
    }
    return this.packed;
  }

  /** The object a ref names, following symbolic refs; undefined when there is no such ref. */
  private readRef(name: string, depth = 0): string | undefined {
    if (depth > MAX_SYMREF_DEPTH || !isValidRefName(name)) return undefined;
    const text = this.readText(path.join(this.refDir(name), ...name.split('/')), MAX_REF_BYTES);
    if (text !== undefined) {
      const first = text.split('\n')[0].trim();
      const sym = /^ref: (\S+)$/.exec(first);
      if (sym) return this.readRef(sym[1], depth + 1);
      // FETCH_HEAD lines are "<oid>\t<flags>\t<description>"
      const oid = /^([0-9a-f]{40})(\s|$)/.exec(first)?.[1];
      if (oid) return oid;
    }
    return this.packedRefs().get(name);
  }

  /** A ref name as git resolves a short name: exact, then refs/, tags, heads, remotes. */
  private lookupRef(name: string): string | undefined {
    const candidates = /^[A-Z_]*HEAD$/.test(name) || name.startsWith('refs/') ? [name] : [];
    candidates.push(`refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`);
    for (const c of candidates) {
      const oid = this.readRef(c);
      if (oid) return oid;
    }
    return undefined;
  }

  /**
   * The commit a revision names: a ref (`main`, `origin/main`, `v1.2`, `HEAD`), a full or
   * abbreviated object id, followed by any of `~N`, `^N` and `^{commit}`. GitError when none.
   */
  resolveCommit(rev: string): string {
    const unknown = () => new GitError(`${JSON.stringify(rev)} is not a branch, tag or commit of the repository at ${this.worktree}`);
    const cut = rev.search(/[~^]/);
    const base = cut < 0 ? rev : rev.slice(0, cut);
    const suffix = cut < 0 ? '' : rev.slice(cut);
    if (!/^(?:~\d*|\^\d*|\^\{(?:commit)?\})*$/.test(suffix)) throw unknown();
    const name = base === '@' ? 'HEAD' : base;
    let oid: string | undefined;
    if (isOid(name.toLowerCase())) oid = this.has(name.toLowerCase()) ? name.toLowerCase() : undefined;
    else if (isValidRefName(name)) oid = this.lookupRef(name);
    if (!oid && /^[0-9a-fA-F]{4,39}$/.test(name)) oid = this.expandPrefix(name.toLowerCase());
    if (!oid) throw unknown();
    let commit = this.peelToCommit(oid, rev);
    // `^{commit}` first: it also starts with `^`
    for (const m of suffix.matchAll(/\^\{(?:commit)?\}|~(\d*)|\^(\d*)/g)) {
      if (m[0].startsWith('^{')) continue;
      if (m[1] !== undefined) {
        for (let n = m[1] === '' ? 1 : Number(m[1]); n > 0; n--) commit = this.parent(commit, 1, rev);
      } else {
        const n = m[2] === '' ? 1 : Number(m[2]);
        if (n > 0) commit = this.parent(commit, n, rev);
      }
    }
    return commit;
  }

  private parent(commit: string, n: number, rev: string): string {
    const parents = headerFields(this.readRaw(commit, this.limits.maxObjectBytes).data).get('parent') ?? [];
    const p = parents[n - 1];
    if (!p || !isOid(p)) throw new GitError(`${JSON.stringify(rev)}: commit ${commit.slice(0, 12)} has no parent ${n}${parents.length === 0 ? ' (a shallow clone? fetch more history)' : ''}`);
    if (!this.has(p)) throw new GitError(`${JSON.stringify(rev)}: parent ${p.slice(0, 12)} is not in the repository (a shallow clone? fetch more history)`);
    return p;
  }

  private peelToCommit(oid: string, rev: string): string {
    for (let i = 0; i < MAX_SYMREF_DEPTH; i++) {
      const obj = this.readRaw(oid, this.limits.maxObjectBytes);
      if (obj.type === 'commit') return oid;
      if (obj.type !== 'tag') throw new GitError(`${JSON.stringify(rev)} names a ${obj.type}, not a commit`);
      const target = headerFields(obj.data).get('object')?.[0];
      if (!target || !isOid(target)) throw new GitError(`tag ${oid.slice(0, 12)} is corrupt`);
      oid = target;
    }
    throw new GitError(`${JSON.stringify(rev)}: tags nested too deeply`);
  }

  /** The root tree of a commit. */
  treeOf(commit: string): string {
    const tree = headerFields(this.readRaw(commit, this.limits.maxObjectBytes).data).get('tree')?.[0];
    if (!tree || !isOid(tree)) throw new GitError(`commit ${commit.slice(0, 12)} is corrupt`);
    return tree;
  }

  private expandPrefix(prefix: string): string | undefined {
    const found = new Set<string>();
    const dir = path.join(this.commonDir, 'objects', prefix.slice(0, 2));
    if (this.confined(dir)) {
      try {
        for (const f of fs.readdirSync(dir)) if (/^[0-9a-f]{38}$/.test(f) && (prefix.slice(0, 2) + f).startsWith(prefix)) found.add(prefix.slice(0, 2) + f);
      } catch {
        // no loose objects with this prefix
      }
    }
    for (const p of this.loadPacks()) for (const o of p.index.withPrefix(prefix, 2)) found.add(o);
    if (found.size > 1) throw new GitError(`object id prefix ${prefix} is ambiguous`);
    return [...found][0];
  }

  // ---------------------------------------------------------------- objects

  private loosePath(oid: string): string {
    return path.join(this.commonDir, 'objects', oid.slice(0, 2), oid.slice(2));
  }

  private loadPacks(): Pack[] {
    if (this.packs) return this.packs;
    this.packs = [];
    const dir = path.join(this.commonDir, 'objects', 'pack');
    let names: string[];
    try {
      names = this.confined(dir) ? fs.readdirSync(dir).filter((n) => /^pack-[0-9a-f]+\.idx$/.test(n)).sort() : [];
    } catch {
      names = [];
    }
    for (const n of names) {
      const idxPath = path.join(dir, n);
      const packPath = path.join(dir, n.replace(/\.idx$/, '.pack'));
      const idx = this.readBytes(idxPath, MAX_INDEX_BYTES);
      if (!idx || !this.confined(packPath)) continue;
      let fd: number;
      try {
        fd = fs.openSync(packPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      } catch {
        continue;
      }
      const st = fs.fstatSync(fd);
      if (!st.isFile()) {
        fs.closeSync(fd);
        continue;
      }
      const file = new ConfinedFile(fd, st.size);
      this.files.push(file);
      this.packs.push(new Pack(new PackIndex(idx, n), file, this));
    }
    return this.packs;
  }

  /** Whether the repository holds an object (loose or packed). */
  has(oid: string): boolean {
    if (fs.existsSync(this.loosePath(oid))) return true;
    const key = Buffer.from(oid, 'hex');
    return this.loadPacks().some((p) => p.index.find(key) !== undefined);
  }

  /** An object's type and content; GitError when it is missing, corrupt or over `maxBytes`. */
  readRaw(oid: string, maxBytes: number): RawObject {
    if (!isOid(oid)) throw new GitError(`invalid object id ${oid}`);
    const loose = this.loosePath(oid);
    if (fs.existsSync(loose)) return this.readLoose(oid, loose, maxBytes);
    const key = Buffer.from(oid, 'hex');
    for (const p of this.loadPacks()) {
      const at = p.index.find(key);
      if (at !== undefined) return p.read(at, maxBytes);
    }
    const alternates = fs.existsSync(path.join(this.commonDir, 'objects', 'info', 'alternates'));
    throw new GitError(`object ${oid.slice(0, 12)} is not in the repository${alternates ? ' (objects borrowed through objects/info/alternates are not read)' : ' (a shallow or partial clone?)'}`);
  }

  private readLoose(oid: string, file: string, maxBytes: number): RawObject {
    const compressed = this.readBytes(file, maxBytes + Math.ceil(maxBytes / 64) + 1024);
    if (!compressed) throw new GitError(`object ${oid.slice(0, 12)} cannot be read (not a regular file inside the repository, or larger than ${maxBytes} bytes)`);
    let data: Buffer;
    try {
      data = zlib.inflateSync(compressed, { maxOutputLength: maxBytes + 64 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new GitError(code === 'ERR_BUFFER_TOO_LARGE' ? `object is larger than ${maxBytes} bytes` : `object ${oid.slice(0, 12)} is corrupt`);
    }
    this.spend(data.length);
    const nul = data.indexOf(0);
    const m = nul > 0 ? /^(commit|tree|blob|tag) (\d+)$/.exec(data.toString('latin1', 0, nul)) : null;
    if (!m || Number(m[2]) !== data.length - nul - 1) throw new GitError(`object ${oid.slice(0, 12)} is corrupt`);
    if (Number(m[2]) > maxBytes) throw new GitError(`object is larger than ${maxBytes} bytes`);
    return { type: m[1] as ObjectType, data: data.subarray(nul + 1) };
  }

  readTree(oid: string): TreeEntry[] {
    const obj = this.readRaw(oid, this.limits.maxObjectBytes);
    if (obj.type !== 'tree') throw new GitError(`object ${oid.slice(0, 12)} is a ${obj.type}, not a tree`);
    return parseTree(obj.data, oid);
  }

  readBlob(oid: string, maxBytes: number): Buffer {
    const obj = this.readRaw(oid, maxBytes);
    if (obj.type !== 'blob') throw new GitError(`object ${oid.slice(0, 12)} is a ${obj.type}, not a blob`);
    return obj.data;
  }
}
