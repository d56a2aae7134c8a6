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
}

export type ReadReply =
  | { id: number; ok: true; text: string; nodes: Int32Array; hasError: boolean }
  | { id: number; ok: true; text: string; failure: string }
  | { id: number; ok: false; reason: string };

/**
 * What a thread started with `hashFiles` sends for each of them, in order (`id` its index): three
 * words per line (src/engine/line-hash.ts `lineHashTable`).
 */
export type HashReply = { id: number; ok: true; hashes: Uint32Array } | { id: number; ok: false; reason: string };

const { maxBytes, hashFiles } = workerData as { maxBytes: number; hashFiles?: string[] };
const port = parentPort!;
/** Made on the first file to parse (a thread that only hashes needs none). */
let parser: Promise<Parser> | undefined;

// a thread started to hash files is given them all at once: one message per file would cost the
// main thread more than the hashing saves it
hashFiles?.forEach((file, id) => {
  const res = readTextFile(file, maxBytes);
  if (!res.ok) port.postMessage({ id, ok: false, reason: res.reason } satisfies HashReply);
  else {
    const hashes = lineHashTable(res.text);
    port.postMessage({ id, ok: true, hashes } satisfies HashReply, [hashes.buffer as ArrayBuffer]);
  }
});
// a thread that hashes is asked nothing else: it ends once its answers are sent, and its heap is
// let go then, not when the main thread (busy with the rules) gets to stop it
if (hashFiles) port.close();

/** Batches are read one after the other, each file in order: answers come in the order sent. */
let chain: Promise<void> = Promise.resolve();

port.on('message', (batch: ReadRequest[]) => {
  chain = chain.then(async () => {
    for (const req of batch) read(await (parser ??= terraformParser()), req);
  });
});

/** Reads and parses one file, and answers. */
function read(p: Parser, req: ReadRequest): void {
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
}
