/**
 * GitHub's line hashes (src/engine/line-hash.ts) computed on a thread while this one evaluates and
 * runs the rules: on a machine with a core to spare, the SARIF report then waits for nothing. A
 * file the thread did not hash (it failed, was stopped, or was not asked) is hashed on this thread
 * as before; a hash never depends on where it was computed.
 */
import type { Worker } from 'node:worker_threads';
import { threads, workerScript } from '../hcl/read-pool';
import type { HashReply } from '../hcl/parse-worker';

/** Longest the end of a scan waits for the thread before hashing what is left itself. */
export const HASH_WAIT_MS = 200;

export class HashThread {
  private readonly worker: Worker | undefined;
  private readonly hashed = new Map<string, Uint32Array>();
  private readonly done: Promise<void>;

  /** Starts hashing `files` (absolute paths the caller has read inside the tree). */
  constructor(files: string[], maxBytes: number) {
    const script = workerScript();
    if (!script || files.length === 0) {
      this.done = Promise.resolve();
      return;
    }
    const w = new (threads().Worker)(script, { workerData: { maxBytes, hashFiles: files }, resourceLimits: { maxOldGenerationSizeMb: 256 }, stdout: false, stderr: false });
    this.worker = w;
    // a scan that ends (or fails) before asking for the hashes does not wait for the thread
    w.unref();
    let left = files.length;
    this.done = new Promise<void>((resolve) => {
      w.on('message', (reply: HashReply) => {
        if (reply.ok) this.hashed.set(files[reply.id], reply.hashes);
        if (--left === 0) resolve();
      });
      // what the thread did not hash is hashed on this thread
      w.on('error', () => resolve());
      w.on('exit', () => resolve());
    });
  }

  /**
   * The tables of the files hashed (by absolute path) once the thread is done, or `waitMs` from
   * now if it is not (this thread then hashes the others itself); the thread is stopped.
   */
  async tables(waitMs = HASH_WAIT_MS): Promise<Map<string, Uint32Array>> {
    // the replies waiting in the port are taken in while the timer runs
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await this.worker?.terminate();
    return this.hashed;
  }

  /** Stops the thread (a scan that failed before asking for the tables). */
  stop(): void {
    void this.worker?.terminate();
  }
}
