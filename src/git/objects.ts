/**
 * Git objects as tfxacct reads them: the raw object, tree entries and the few commit and tag
 * headers needed to resolve a revision. Parsing only: reading is the repository's job.
 */

/** A repository problem that stops reading (unknown revision, corrupt object, over budget). */
export class GitError extends Error {}

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface RawObject {
  type: ObjectType;
  data: Buffer;
}

export type TreeEntryKind = 'tree' | 'blob' | 'symlink' | 'submodule';

export interface TreeEntry {
  name: string;
  oid: string;
  kind: TreeEntryKind;
}

function kindOf(mode: string): TreeEntryKind | undefined {
  if (mode === '40000' || mode === '040000') return 'tree';
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  if (/^100[0-7]{3}$/.test(mode)) return 'blob';
  return undefined;
}

/**
 * The entries of a tree object. Names are returned as written (bytes decoded as UTF-8); the
 * caller decides which names it accepts.
 */
export function parseTree(data: Buffer, oid: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    const nul = space < 0 ? -1 : data.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new GitError(`tree ${oid} is corrupt`);
    const mode = data.toString('latin1', i, space);
    const kind = kindOf(mode);
    if (!kind) throw new GitError(`tree ${oid} has an entry of unknown mode ${mode}`);
    out.push({ name: data.toString('utf8', space + 1, nul), oid: data.toString('hex', nul + 1, nul + 21), kind });
    i = nul + 21;
  }
  return out;
}

/** Header fields of a commit or tag (up to the blank line before the message). */
export function headerFields(data: Buffer): Map<string, string[]> {
  const end = data.indexOf('\n\n');
  const text = data.toString('utf8', 0, end < 0 ? data.length : end);
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    // continuation lines (signatures) start with a space
    if (line.startsWith(' ')) continue;
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const k = line.slice(0, sp);
    const list = out.get(k);
    if (list) list.push(line.slice(sp + 1));
    else out.set(k, [line.slice(sp + 1)]);
  }
  return out;
}

export const isOid = (s: string): boolean => /^[0-9a-f]{40}$/.test(s);
