/**
 * A reading thread: reads the HCL files it is sent (as the main thread would, size cap and text
 * checks included) and parses them with tree-sitter, answering with the text and the flat tree
 * (whose buffer is transferred, not copied); or, asked for a file's line hashes, reads it and
 * answers with every line's hash (src/engine/line-hash.ts). It knows nothing of the scan: which
 * files to read, and whether they may be read, is decided by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import { lineHashTable } from '../engine/line-hash';
import { readTextFile } from '../read-file';
import { readTree } from './parse-hcl';
import { freshParser, terraformParser } from './tree-sitter';

export interface ReadRequest {
  id: number;
  file: string;
  /** Hash the file's lines instead of parsing it. */
  hash?: true;
}

export type ReadReply =
  | { id: number; ok: true; text: string; nodes: Int32Array; hasError: boolean }
  | { id: number; ok: true; text: string; failure: string }
  | { id: number; ok: false; reason: string };

/** The answer to a request with `hash`: three words per line (src/engine/line-hash.ts `lineHashTable`). */
export type HashReply = { id: number; ok: true; hashes: Uint32Array } | { id: number; ok: false; reason: string };

const maxBytes = (workerData as { maxBytes: number }).maxBytes;
const port = parentPort!;
/** Made on the first file to parse (a thread that only hashes needs none). */
let parser: Promise<Parser> | undefined;

port.on('message', (req: ReadRequest) => {
  if (req.hash) {
    const res = readTextFile(req.file, maxBytes);
    if (!res.ok) port.postMessage({ id: req.id, ok: false, reason: res.reason } satisfies HashReply);
    else {
      const hashes = lineHashTable(res.text);
      port.postMessage({ id: req.id, ok: true, hashes } satisfies HashReply, [hashes.buffer as ArrayBuffer]);
    }
    return;
  }
  parser ??= terraformParser();
  void parser.then((p) => {
    const res = readTextFile(req.file, maxBytes);
    if (!res.ok) {
      port.postMessage({ id: req.id, ok: false, reason: res.reason } satisfies ReadReply);
      return;
    }
    const tree = readTree(p, res.text);
    if (typeof tree === 'string') {
      // a failure inside the parser must not change how the next file is read
      if (tree.startsWith('parser failure')) parser = Promise.resolve(freshParser(p));
      port.postMessage({ id: req.id, ok: true, text: res.text, failure: tree } satisfies ReadReply);
      return;
    }
    port.postMessage({ id: req.id, ok: true, text: res.text, nodes: tree.nodes, hasError: tree.hasError } satisfies ReadReply, [tree.nodes.buffer as ArrayBuffer]);
  });
});
