/**
 * The lines of a file that a pull request changed, from the file's content in the base and in the
 * head (a line diff computed here: nothing is run). Lines are 1-based head line numbers; where
 * lines were only deleted, the head line at the deletion counts as changed.
 */
import * as path from 'node:path';
import { diffLines } from 'diff';
import { GitError } from '../git/objects';
import type { GitRepository } from '../git/repository';
import { readRegularFile } from '../read-file';
import { MAX_FILE_BYTES } from '../terraform/workspace';

/** Longest a line diff of one file may take; past it every line of the file counts as changed. */
const DIFF_TIMEOUT_MS = 2000;

function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Head lines changed from `before` to `after`; every line when the file is new (`before` undefined). */
export function changedLines(before: string | undefined, after: string): Set<number> {
  const total = lineCount(after);
  const all = () => new Set(Array.from({ length: total }, (_, i) => i + 1));
  if (before === undefined) return all();
  const parts = diffLines(before, after, { timeout: DIFF_TIMEOUT_MS });
  if (!parts) return all();
  const out = new Set<number>();
  let line = 1;
  for (const part of parts) {
    const n = part.count ?? lineCount(part.value);
    if (part.added) {
      for (let i = 0; i < n; i++) out.add(line + i);
      line += n;
    } else if (part.removed) {
      // a deletion changes the place it was made: the next head line (or the last one)
      out.add(Math.max(1, Math.min(line, total)));
    } else line += n;
  }
  return out;
}

/** The content of a file of a commit, by repository-relative path; undefined when absent. */
export function fileAtCommit(repo: GitRepository, commit: string, rel: string): string | undefined {
  try {
    let tree = repo.treeOf(commit);
    const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 0; i < parts.length; i++) {
      const entry = repo.readTree(tree).find((e) => e.name === parts[i]);
      if (!entry) return undefined;
      if (i === parts.length - 1) return entry.kind === 'blob' ? repo.readBlob(entry.oid, MAX_FILE_BYTES).toString('utf8') : undefined;
      if (entry.kind !== 'tree') return undefined;
      tree = entry.oid;
    }
    return undefined;
  } catch (e) {
    if (e instanceof GitError) return undefined;
    throw e;
  }
}

/** The content of a file under a directory; undefined when absent or unreadable. */
export function fileInDir(dir: string, rel: string): string | undefined {
  const res = readRegularFile(path.join(dir, ...rel.split('/')), MAX_FILE_BYTES);
  return res.ok ? res.bytes.toString('utf8') : undefined;
}
