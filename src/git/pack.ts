/**
 * Packfiles: the `.idx` lookup (versions 1 and 2) and entries read at their offsets, with
 * OFS_DELTA and REF_DELTA chains resolved. A pack is read by position through one descriptor,
 * never loaded whole, and every inflation is capped, so a crafted pack cannot exhaust memory.
 */
import * as zlib from 'node:zlib';
import { GitError, type ObjectType, type RawObject } from './objects';

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Longest delta chain followed (git's own default depth is 50; aggressive repacks use 250). */
const MAX_DELTA_DEPTH = 1000;

/** Positional reads of one file (the repository confines and opens it). */
export interface PositionalFile {
  readonly size: number;
  read(position: number, length: number): Buffer;
}

/** What a pack needs from the repository: other objects (REF_DELTA bases) and the work budget. */
export interface PackHost {
  readRaw(oid: string, maxBytes: number): RawObject;
  /** Counts inflated bytes against the reader's budget; throws GitError past it. */
  spend(bytes: number): void;
}

export class PackIndex {
  private readonly count: number;
  private readonly version: 1 | 2;
  private readonly fanout: number[] = [];

  constructor(
    private readonly idx: Buffer,
    readonly name: string,
  ) {
    this.version = idx.length >= 8 && idx.readUInt32BE(0) === 0xff744f63 ? 2 : 1;
    if (this.version === 2 && idx.readUInt32BE(4) !== 2) throw new GitError(`${name}: unsupported pack index version ${idx.readUInt32BE(4)}`);
    const fanoutAt = this.version === 2 ? 8 : 0;
    if (idx.length < fanoutAt + 1024) throw new GitError(`${name}: truncated pack index`);
    for (let i = 0; i < 256; i++) this.fanout.push(idx.readUInt32BE(fanoutAt + i * 4));
    this.count = this.fanout[255];
    const need = this.version === 2 ? 8 + 1024 + this.count * 28 : 1024 + this.count * 24;
    if (idx.length < need) throw new GitError(`${name}: truncated pack index`);
  }

  private oidAt(i: number): Buffer {
    const at = this.version === 2 ? 8 + 1024 + i * 20 : 1024 + i * 24 + 4;
    return this.idx.subarray(at, at + 20);
  }

  private offsetAt(i: number): number {
    if (this.version === 1) return this.idx.readUInt32BE(1024 + i * 24);
    const base = 8 + 1024 + this.count * 24;
    const small = this.idx.readUInt32BE(base + i * 4);
    if (!(small & 0x80000000)) return small;
    const large = base + this.count * 4 + (small & 0x7fffffff) * 8;
    if (large + 8 > this.idx.length) throw new GitError(`${this.name}: corrupt pack index`);
    const value = this.idx.readBigUInt64BE(large);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GitError(`${this.name}: corrupt pack index`);
    return Number(value);
  }

  /** Offset of an object in the pack, if the pack holds it. */
  find(oid: Buffer): number | undefined {
    const first = oid[0];
    let lo = first === 0 ? 0 : this.fanout[first - 1];
    let hi = this.fanout[first];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.oidAt(mid).compare(oid);
      if (c === 0) return this.offsetAt(mid);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Object ids starting with a hex prefix (at most `limit`), for abbreviated ids. */
  withPrefix(prefix: string, limit: number): string[] {
    const out: string[] = [];
    const first = parseInt(prefix.slice(0, 2).padEnd(2, '0'), 16);
    const lo = first === 0 ? 0 : this.fanout[first - 1];
    const end = prefix.length >= 2 ? this.fanout[first] : this.fanout[Math.min(255, first + 15)];
    for (let i = lo; i < end && out.length < limit; i++) {
      const hex = this.oidAt(i).toString('hex');
      if (hex.startsWith(prefix)) out.push(hex);
    }
    return out;
  }
}

export class Pack {
  /** Recently read entries (delta bases are read again and again), bounded in bytes. */
  private readonly cache = new Map<number, RawObject>();
  private cachedBytes = 0;
  private static readonly CACHE_BYTES = 32 * 1024 * 1024;

  constructor(
    readonly index: PackIndex,
    private readonly file: PositionalFile,
    private readonly host: PackHost,
  ) {}

  read(offset: number, maxBytes: number, depth = 0): RawObject {
    const hit = this.cache.get(offset);
    if (hit) {
      if (hit.data.length > maxBytes) throw new GitError(`object is larger than ${maxBytes} bytes`);
      return hit;
    }
    if (depth > MAX_DELTA_DEPTH) throw new GitError(`${this.index.name}: delta chain longer than ${MAX_DELTA_DEPTH}`);
    const head = this.file.read(offset, Math.min(64, Math.max(0, this.file.size - offset)));
    if (head.length === 0) throw new GitError(`${this.index.name}: object offset ${offset} is past the end of the pack`);
    let i = 0;
    let c = head[i++];
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      if (i >= head.length || shift > 49) throw new GitError(`${this.index.name}: corrupt object header at ${offset}`);
      c = head[i++];
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let obj: RawObject;
    if (type === OFS_DELTA) {
      c = head[i++];
      let back = c & 0x7f;
      while (c & 0x80) {
        if (i >= head.length) throw new GitError(`${this.index.name}: corrupt delta offset at ${offset}`);
        c = head[i++];
        back = (back + 1) * 128 + (c & 0x7f);
      }
      if (back <= 0 || back > offset) throw new GitError(`${this.index.name}: corrupt delta base offset at ${offset}`);
      const delta = this.inflate(offset + i, size, offset);
      const base = this.read(offset - back, maxBytes, depth + 1);
      obj = { type: base.type, data: applyDelta(base.data, delta, maxBytes, this.index.name) };
    } else if (type === REF_DELTA) {
      if (i + 20 > head.length) throw new GitError(`${this.index.name}: corrupt delta at ${offset}`);
      const baseOid = head.subarray(i, i + 20).toString('hex');
      i += 20;
      const delta = this.inflate(offset + i, size, offset);
      if (depth + 1 > MAX_DELTA_DEPTH) throw new GitError(`${this.index.name}: delta chain longer than ${MAX_DELTA_DEPTH}`);
      const base = this.host.readRaw(baseOid, maxBytes);
      obj = { type: base.type, data: applyDelta(base.data, delta, maxBytes, this.index.name) };
    } else {
      const t = TYPES[type];
      if (!t) throw new GitError(`${this.index.name}: unknown object type ${type} at ${offset}`);
      if (size > maxBytes) throw new GitError(`object is larger than ${maxBytes} bytes`);
      obj = { type: t, data: this.inflate(offset + i, size, offset) };
    }
    this.remember(offset, obj);
    return obj;
  }

  /** Inflates the zlib stream at `at` that holds exactly `size` bytes. */
  private inflate(at: number, size: number, offset: number): Buffer {
    this.host.spend(size);
    const end = this.file.size - 20;
    let want = Math.min(end - at, size + Math.ceil(size / 64) + 256);
    for (;;) {
      if (want <= 0) throw new GitError(`${this.index.name}: object at ${offset} is truncated`);
      const input = this.file.read(at, want);
      try {
        const out = zlib.inflateSync(input, { maxOutputLength: Math.max(size, 1) });
        if (out.length !== size) throw new GitError(`${this.index.name}: object at ${offset} has the wrong size`);
        return out;
      } catch (e) {
        if (e instanceof GitError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        // the stream went on past what was read: read more, up to the end of the pack
        if (code === 'Z_BUF_ERROR' && want < end - at) {
          want = Math.min(end - at, want * 2);
          continue;
        }
        throw new GitError(`${this.index.name}: object at ${offset} cannot be inflated (${code === 'ERR_BUFFER_TOO_LARGE' ? 'larger than its header says' : code ?? 'corrupt'})`);
      }
    }
  }

  private remember(offset: number, obj: RawObject): void {
    if (obj.data.length > Pack.CACHE_BYTES / 4) return;
    this.cache.set(offset, obj);
    this.cachedBytes += obj.data.length;
    for (const [k, v] of this.cache) {
      if (this.cachedBytes <= Pack.CACHE_BYTES) break;
      this.cache.delete(k);
      this.cachedBytes -= v.data.length;
    }
  }
}

function varint(buf: Buffer, at: { i: number }, name: string): number {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at.i >= buf.length || shift > 49) throw new GitError(`${name}: corrupt delta`);
    const c = buf[at.i++];
    value += (c & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(c & 0x80)) return value;
  }
}

/** Applies a git delta (copy and insert instructions) to its base. */
export function applyDelta(base: Buffer, delta: Buffer, maxBytes: number, name: string): Buffer {
  const at = { i: 0 };
  const sourceSize = varint(delta, at, name);
  const targetSize = varint(delta, at, name);
  if (sourceSize !== base.length) throw new GitError(`${name}: delta does not fit its base`);
  if (targetSize > maxBytes) throw new GitError(`object is larger than ${maxBytes} bytes`);
  const out = Buffer.allocUnsafe(targetSize);
  let o = 0;
  while (at.i < delta.length) {
    const op = delta[at.i++];
    if (op & 0x80) {
      let off = 0;
      let len = 0;
      for (let b = 0; b < 4; b++) if (op & (1 << b)) off += (delta[at.i++] ?? 0) * 2 ** (8 * b);
      for (let b = 0; b < 3; b++) if (op & (16 << b)) len += (delta[at.i++] ?? 0) * 2 ** (8 * b);
      if (len === 0) len = 0x10000;
      if (off + len > base.length || o + len > targetSize) throw new GitError(`${name}: corrupt delta`);
      base.copy(out, o, off, off + len);
      o += len;
    } else if (op !== 0) {
      if (at.i + op > delta.length || o + op > targetSize) throw new GitError(`${name}: corrupt delta`);
      delta.copy(out, o, at.i, at.i + op);
      at.i += op;
      o += op;
    } else throw new GitError(`${name}: corrupt delta`);
  }
  if (o !== targetSize) throw new GitError(`${name}: corrupt delta`);
  return out;
}
