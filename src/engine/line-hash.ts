/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way github/codeql-action's
 * upload step computes it: a rolling hash (base 37, 64-bit wrap-around) over the next 100
 * characters from the start of each line, ignoring spaces and tabs and normalising line endings,
 * followed by ":<n>" where n counts earlier lines with the same hash. Providing it ourselves
 * keeps alerts stable for uploads that do not run that step.
 */
const BLOCK = 100;
const MASK = (1n << 64n) - 1n;
const BASE = 37n;
const EOF_CHAR = 65535;

let firstMod: bigint | undefined;
function baseToBlock(): bigint {
  if (firstMod === undefined) {
    let m = 1n;
    for (let i = 0; i < BLOCK; i++) m = (m * BASE) & MASK;
    firstMod = m;
  }
  return firstMod;
}

/** Hashes of the requested lines (1-based) of a text. */
export function lineHashes(text: string, wanted: Set<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const maxWanted = Math.max(...wanted);
  const window = new Array<number>(BLOCK).fill(0);
  const lineAt = new Array<number>(BLOCK).fill(-1);
  const counts = new Map<string, number>();
  const fm = baseToBlock();
  let hash = 0n;
  let index = 0;
  let line = 0;
  let lineStart = true;
  let prevCR = false;
  let done = false;

  const emit = () => {
    const h = hash.toString(16);
    const n = (counts.get(h) ?? 0) + 1;
    counts.set(h, n);
    const l = lineAt[index];
    if (wanted.has(l)) out.set(l, `${h}:${n}`);
    if (l >= maxWanted) done = true;
    lineAt[index] = -1;
  };
  const update = (c: number) => {
    const begin = window[index];
    window[index] = c;
    hash = (BASE * hash + BigInt(c) - ((fm * BigInt(begin)) & MASK)) & MASK;
    index = (index + 1) % BLOCK;
  };
  const process = (code: number) => {
    let c = code;
    if (c === 32 || c === 9 || (prevCR && c === 10)) {
      prevCR = false;
      return;
    }
    if (c === 13) {
      c = 10;
      prevCR = true;
    } else prevCR = false;
    if (lineAt[index] !== -1) emit();
    if (lineStart) {
      lineStart = false;
      line++;
      lineAt[index] = line;
    }
    if (c === 10) lineStart = true;
    update(c);
  };
  for (let i = 0; i < text.length && !done; i++) process(text.charCodeAt(i));
  if (!done) {
    process(EOF_CHAR);
    for (let i = 0; i < BLOCK; i++) {
      if (lineAt[index] !== -1) emit();
      update(0);
    }
  }
  return out;
}
