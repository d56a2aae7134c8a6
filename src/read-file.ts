/**
 * The one way tfxacct reads a file: a regular file only (never a FIFO, device or socket, which
 * could block or never end), opened without blocking and checked on the open descriptor (so a
 * swapped symlink cannot change what is read), and never more than a size cap, even when the
 * file grows while it is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** Whether a path relative to a root leads outside it (`..`, `../x`, absolute); `..x` does not. */
export function escapesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('..' + path.sep) || rel.startsWith('../') || path.isAbsolute(rel);
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

export function decodeText(buf: Buffer): ReadResult {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) {
    // UTF-16 with a byte-order mark is text (Windows PowerShell writes it); other NULs mean binary.
    if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)) };
    if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(buf.subarray(2)) };
    return { ok: false, reason: 'binary file (contains NUL bytes)' };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

/** A text file's contents (see `decodeText`), read as `readRegularFile` reads. */
export function readTextFile(abs: string, maxBytes: number): ReadResult {
  const res = readRegularFile(abs, maxBytes);
  return res.ok ? decodeText(res.bytes) : res;
}

export function readRegularFile(abs: string, maxBytes: number): BytesResult {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    const tooLarge: BytesResult = { ok: false, reason: `file is larger than ${formatSize(maxBytes)}` };
    if (st.size > maxBytes) return tooLarge;
    // read at most maxBytes + 1 bytes: a file that grows past the cap while it is read is refused too
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > maxBytes) return tooLarge;
    }
    return { ok: true, bytes: buf.subarray(0, n) };
  } catch (e) {
    return { ok: false, reason: describeFsError(e) };
  } finally {
    fs.closeSync(fd);
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'EAGAIN':
      return 'not a regular file';
    default:
      return code ? `cannot read (${code})` : String((e as Error)?.message ?? e);
  }
}
