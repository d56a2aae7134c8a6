/**
 * Reading HCL files on worker threads: each thread reads and parses the files it is given
 * (src/hcl/parse-worker.ts) and sends back the text and tree-sitter's flat tree; the caller
 * converts them on its own thread as they arrive. The outcome of a file does not depend on the
 * thread that read it or on the order of arrival.
 *
 * A thread that fails (an exception, a memory limit) or takes longer than the time budget on one
 * file is stopped and replaced; that file's outcome says why, and the others are read on. Every
 * thread is stopped before `readFiles` returns.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FlatTree } from './flat-tree';
import type { ReadReply, ReadRequest } from './parse-worker';

/** Most reading threads. */
export const MAX_JOBS = 64;
/** Threads used when none are asked for: the machine's cores, at most 8. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

export type ReadOutcome = { ok: true; text: string; tree: FlatTree | string } | { ok: false; reason: string };

export interface PoolOptions {
  jobs: number;
  /** Size cap of a file (as the main thread reads). */
  maxBytes: number;
  /** Longest a thread may take on one file. */
  timeoutMs: number;
  /** Heap of one thread, in MiB (its own JavaScript; tree-sitter's memory is apart). */
  maxHeapMb?: number;
}

/**
 * node:worker_threads, loaded when a thread is first started: a small scan starts none, and
 * loading the module costs start-up time.
 */
export function threads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

/** The reading thread's script: beside this module (the built package, or the Action's bundle). */
export function workerScript(): string | undefined {
  const candidates = [
    path.join(__dirname, 'parse-worker.js'),
    // from the sources (in tests): the bundled Action's copy, which a test keeps current
    path.join(__dirname, '..', '..', 'dist', 'parse-worker.js'),
  ];
  return candidates.find((c) => fs.existsSync(c));
}

interface Slot {
  worker: Worker;
  /** Files sent and not answered yet, oldest first (the thread reads them in this order). */
  pending: ReadRequest[];
  /** Runs out when the oldest pending file takes longer than the budget. */
  timer: NodeJS.Timeout | null;
}

/**
 * Files sent ahead to each thread, so that it does not wait while this thread converts: when no
 * more than LOW are left, enough to make HIGH go in one message (a message per file costs this
 * thread more than the reading thread's wait).
 */
const LOW = 2;
const HIGH = 6;

/**
 * Reads `files` (absolute paths the caller has checked) on `jobs` threads, calling `onRead` for
 * each as it arrives. Resolves when every file has an outcome and every thread has stopped.
 */
export function readFiles(files: string[], opts: PoolOptions, onRead: (file: string, outcome: ReadOutcome) => void): Promise<void> {
  const script = workerScript();
  if (!script) return Promise.reject(new Error('the reading thread script (parse-worker.js) is missing: run "npm run build"'));
  // files given back by a thread that was stopped are read first
  const queue: ReadRequest[] = files.map((file, id) => ({ id, file })).reverse();
  let left = files.length;
  const slots: Slot[] = [];
  return new Promise<void>((resolve) => {
    if (left === 0) {
      resolve();
      return;
    }
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const s of slots) if (s.timer) clearTimeout(s.timer);
      void Promise.all(slots.map((s) => s.worker.terminate())).then(() => resolve());
    };
    const arm = (slot: Slot): void => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = slot.pending.length > 0 ? setTimeout(() => replace(slot, `reading took longer than ${opts.timeoutMs / 1000} s`), opts.timeoutMs) : null;
    };
    const feed = (slot: Slot): void => {
      if (slot.pending.length > LOW) return;
      const batch: ReadRequest[] = [];
      while (slot.pending.length < HIGH && queue.length > 0) {
        const req = queue.pop()!;
        slot.pending.push(req);
        batch.push(req);
      }
      if (batch.length > 0) slot.worker.postMessage(batch);
    };
    const settle = (slot: Slot, outcome: ReadOutcome): void => {
      const req = slot.pending.shift()!;
      feed(slot);
      arm(slot);
      onRead(req.file, outcome);
      left--;
      if (left === 0) finish();
    };
    /** Stops a thread that failed on its oldest file; the files sent after it go back to the queue. */
    const replace = (slot: Slot, reason: string): void => {
      if (finished || slot.pending.length === 0) return;
      const old = slot.worker;
      old.removeAllListeners();
      // an error from the stopped thread after this one is of no interest
      old.on('error', () => undefined);
      void old.terminate();
      const [failed, ...rest] = slot.pending;
      slot.pending = [failed];
      for (const r of rest.reverse()) queue.push(r);
      slot.worker = spawn(slot);
      settle(slot, { ok: false, reason });
    };
    const spawn = (slot: Slot): Worker => {
      const w = new (threads().Worker)(script, {
        workerData: { maxBytes: opts.maxBytes },
        resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 1024 },
        stdout: false,
        stderr: false,
      });
      w.on('message', (reply: ReadReply) => {
        if (slot.pending[0]?.id !== reply.id) return;
        if (!reply.ok) settle(slot, { ok: false, reason: reply.reason });
        else if ('failure' in reply) settle(slot, { ok: true, text: reply.text, tree: reply.failure });
        else settle(slot, { ok: true, text: reply.text, tree: { nodes: reply.nodes, hasError: reply.hasError } });
      });
      w.on('error', (e) => replace(slot, `the reading thread failed (${describeWorkerError(e)})`));
      w.on('exit', () => {
        if (slot.worker === w) replace(slot, 'the reading thread stopped');
      });
      return w;
    };
    const n = Math.max(1, Math.min(opts.jobs, MAX_JOBS, files.length));
    for (let i = 0; i < n; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, pending: [], timer: null };
      slot.worker = spawn(slot);
      slots.push(slot);
    }
    for (const slot of slots) {
      feed(slot);
      arm(slot);
    }
  });
}

function describeWorkerError(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  return code ?? String((e as Error)?.message ?? e).split('\n')[0].slice(0, 200);
}
