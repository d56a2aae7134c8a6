/** Appends to the list a map holds for a key, creating it: linear, where `[...old, x]` is quadratic. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, ...items: V[]): V[] {
  const list = map.get(key);
  if (list) {
    for (const i of items) list.push(i);
    return list;
  }
  const fresh = [...items];
  map.set(key, fresh);
  return fresh;
}

/**
 * A map keyed by two strings (a root module and an address), without a joined key string for
 * each entry: a scan keeps one entry per resource, and a joined key costs a string of its own.
 */
export class PairMap<V> {
  private readonly outer = new Map<string, Map<string, V>>();

  get(a: string, b: string): V | undefined {
    return this.outer.get(a)?.get(b);
  }

  has(a: string, b: string): boolean {
    return this.outer.get(a)?.has(b) ?? false;
  }

  set(a: string, b: string, v: V): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, v);
  }
}

/**
 * The items of a list filled by push, in a list of their own size. A list that push has grown keeps
 * room for more (a list of one item, for 17): lists that a scan keeps, by the hundred thousand, are
 * compacted with this once complete.
 */
export function compact<T>(items: T[]): T[] {
  return items.slice();
}

/**
 * How many leading items of a sorted sequence satisfy a predicate that holds for a prefix of it
 * (a binary search): with `(i) => xs[i].offset <= at`, the index after the last item at or before `at`.
 */
export function countWhile(length: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A rule id's shape: letters, then digits (TFXA001). */
const LETTERS_DIGITS = /^([A-Z]+)(\d+)$/;

/**
 * `a.localeCompare(b)`, the order reports are sorted in, without the collator where the answer is
 * known: equal strings, and ids with the same letters and as many digits (TFXA001, TFXA002), which
 * every locale orders by their digits. The collator's first use loads ICU's collation data, a
 * fixed cost a small scan would otherwise pay only to order findings on the same line.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const x = LETTERS_DIGITS.exec(a);
  if (x) {
    const y = LETTERS_DIGITS.exec(b);
    if (y && x[1] === y[1] && x[2].length === y[2].length) return a < b ? -1 : 1;
  }
  return a.localeCompare(b);
}
