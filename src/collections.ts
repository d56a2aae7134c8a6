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
