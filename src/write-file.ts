/**
 * Writing an output file: the missing parent folders are created one by one, at most a few dozen
 * levels, so an impossible path (under a file, under /proc, where Node's recursive mkdir can loop
 * forever) is one clear error, never a hang or a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from './read-file';

export class OutputError extends Error {}

const MAX_NEW_FOLDERS = 32;

/** Writes text, or text in chunks (written in turn, never joined). */
export function writeOutputFile(abs: string, text: string | Iterable<string>): void {
  const missing: string[] = [];
  let dir = path.dirname(abs);
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(`cannot write ${abs}: ${dir}: ${describeFsError(e)}`);
    }
    if (st) {
      if (!st.isDirectory()) throw new OutputError(`cannot write ${abs}: ${dir} is not a directory`);
      break;
    }
    missing.push(dir);
    if (missing.length > MAX_NEW_FOLDERS) throw new OutputError(`cannot write ${abs}: more than ${MAX_NEW_FOLDERS} missing parent folders`);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  try {
    for (const d of missing.reverse()) fs.mkdirSync(d);
    if (typeof text === 'string') {
      fs.writeFileSync(abs, text);
      return;
    }
  } catch (e) {
    throw new OutputError(`cannot write ${abs}: ${describeFsError(e)}`);
  }
  // chunks are made while they are written: only a failure to write is an OutputError
  const io = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new OutputError(`cannot write ${abs}: ${describeFsError(e)}`);
    }
  };
  const fd = io(() => fs.openSync(abs, 'w'));
  try {
    for (const chunk of text) {
      const bytes = Buffer.from(chunk);
      for (let at = 0; at < bytes.length; ) at += io(() => fs.writeSync(fd, bytes, at));
    }
  } finally {
    io(() => fs.closeSync(fd));
  }
}
