/**
 * A full garbage collection the command line asks for once a scan has read and evaluated the
 * Terraform: the syntax trees, the loader and every module's values are garbage by then, and V8,
 * which last collected while they were live, would let the heap grow on top of them through the
 * rules and reports (on 200 accounts, a peak of 600 MB instead of 510 MB). Only for heaps large
 * enough for that to matter: a small scan must not pay for a collection.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Heaps below this many bytes are left to V8. */
export const FULL_GC_MIN_HEAP = 96 * 1024 * 1024;

let gc: (() => void) | null | undefined;

/** V8's gc(), made available to this process the way --expose-gc does; null where it cannot be. */
function exposedGc(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    const f: unknown = vm.runInNewContext('gc');
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/** Collects all garbage when the heap holds more than `minHeap` bytes; true when it did. */
export function collectIfLarge(minHeap = FULL_GC_MIN_HEAP): boolean {
  if (v8.getHeapStatistics().used_heap_size < minHeap) return false;
  const f = exposedGc();
  if (!f) return false;
  f();
  return true;
}
