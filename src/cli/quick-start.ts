/**
 * A quick start for small scans (a pre-commit run, one folder): the parser's WebAssembly is then
 * compiled by V8's baseline compiler only (src/hcl/tree-sitter.ts). Its code parses more slowly
 * (a large estate would pay half as much again), but it is ready sooner and nothing competes
 * with the scan for the cores to optimise it: a one-file scan starts some 50 ms sooner. Only
 * metadata is looked at, and only a bounded number of directory entries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileParserForQuickStart } from '../hcl/tree-sitter';

/** Terraform bytes under which a scan counts as small. */
export const SMALL_INPUT_BYTES = 64 * 1024;
/** Directory entries looked at, at most, before a scan counts as not small. */
export const SMALL_INPUT_ENTRIES = 256;

const TERRAFORM_FILE = /\.(tf|tf\.json|tfvars|tfvars\.json)$/;

/**
 * Whether the Terraform under `paths` (files and folders) holds at most `maxBytes`, seen within
 * `maxEntries` directory entries; a symlink, or anything that cannot be looked at, counts as not
 * small (the default compilation is always correct, only slower to start).
 */
export function isSmallInput(paths: string[], maxBytes = SMALL_INPUT_BYTES, maxEntries = SMALL_INPUT_ENTRIES): boolean {
  let bytes = 0;
  let entries = 0;
  const stack = [...paths];
  while (stack.length > 0) {
    const p = stack.pop()!;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return false;
    }
    if (st.isSymbolicLink()) return false;
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch {
        return false;
      }
      entries += names.length;
      if (entries > maxEntries) return false;
      for (const n of names) if (n !== '.git' && n !== 'node_modules') stack.push(path.join(p, n));
    } else if (st.isFile() && TERRAFORM_FILE.test(p)) {
      bytes += st.size;
      if (bytes > maxBytes) return false;
    }
  }
  return true;
}

let decided = false;

/** Asks for the quick compilation of the parser when the scan is small; decided once per process. */
export function quickStartFor(paths: string[]): void {
  if (decided) return;
  decided = true;
  if (isSmallInput(paths)) compileParserForQuickStart();
}
