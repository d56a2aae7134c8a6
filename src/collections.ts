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
