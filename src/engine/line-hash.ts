/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way github/codeql-action's
 * upload step computes it: a rolling hash (base 37, 64-bit wrap-around) over the next 100
 * characters from the start of each line, ignoring spaces and tabs and normalising line endings,
 * followed by ":<n>" where n counts earlier lines with the same hash. Providing it ourselves
 * keeps alerts stable for uploads that do not run that step.
 */
const BLOCK = 100;
const BASE = 37;
const EOF_CHAR = 65535;

/**
 * The hash is a 64-bit unsigned integer kept as four 16-bit limbs (little end first), so that
 * every step is small-integer arithmetic: exact, and much faster than BigInt.
 */
const LIMB = 0x10000;

/** BASE^BLOCK mod 2^64 as limbs, computed once. */
let firstMod: number[] | undefined;
function baseToBlock(): number[] {
  if (!firstMod) {
    const m = [1, 0, 0, 0];
    for (let i = 0; i < BLOCK; i++) {
      let carry = 0;
      for (let j = 0; j < 4; j++) {
        const t = m[j] * BASE + carry;
        m[j] = t & 0xffff;
        carry = t >>> 16;
      }
    }
    firstMod = m;
  }
  return firstMod;
}

/**
 * How many times each hash has been seen: an open-addressing table in typed arrays (no map, string
 * or object per line), keyed by both halves exactly, doubled when half full.
 */
class HashCounts {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** Occurrences; 0 marks an empty slot. */
  private counts: Uint32Array;
  private used = 0;

  constructor(capacity: number) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
  }

  /** Counts one more occurrence of the hash; returns how many there are now. */
  add(hi: number, lo: number): number {
    if (2 * (this.used + 1) > this.counts.length) this.grow();
    const at = this.slot(hi, lo);
    if (this.counts[at] === 0) {
      this.hi[at] = hi;
      this.lo[at] = lo;
      this.used++;
    }
    return ++this.counts[at];
  }

  /** The slot of the hash: its own, or the empty one where it goes. */
  private slot(hi: number, lo: number): number {
    const mask = this.counts.length - 1;
    let at = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    while (this.counts[at] !== 0 && (this.hi[at] !== hi || this.lo[at] !== lo)) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const { hi, lo, counts } = this;
    this.hi = new Uint32Array(counts.length * 2);
    this.lo = new Uint32Array(counts.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      const at = this.slot(hi[i], lo[i]);
      this.hi[at] = hi[i];
      this.lo[at] = lo[i];
      this.counts[at] = counts[i];
    }
  }
}

/** The table's first size: enough for a file of some hundreds of lines (tests pass less). */
const FIRST_CAPACITY = 1024;

/**
 * Hashes every line of a text up to `lastLine` (1-based), in order: `emit` gets the line, the two
 * 32-bit halves of its hash and how many lines so far (itself included) have the same hash.
 */
function hashLines(text: string, lastLine: number, capacity: number, emit: (line: number, hi: number, lo: number, n: number) => void): void {
  const window = new Float64Array(BLOCK);
  const lineAt = new Int32Array(BLOCK).fill(-1);
  const counts = new HashCounts(capacity);
  const [f0, f1, f2, f3] = baseToBlock();
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let index = 0;
  let line = 0;
  let lineStart = true;
  let prevCR = false;
  let done = false;

  const complete = () => {
    const hi = h3 * LIMB + h2;
    const lo = h1 * LIMB + h0;
    const l = lineAt[index];
    emit(l, hi, lo, counts.add(hi, lo));
    if (l >= lastLine) done = true;
    lineAt[index] = -1;
  };
  // hash = hash * BASE + c - BASE^BLOCK * (the character leaving the window), mod 2^64, limb by
  // limb: products stay below 2^32 and intermediate sums within a double's exact range
  const update = (c: number) => {
    const b = window[index];
    window[index] = c;
    let t = h0 * BASE + c - f0 * b;
    let carry = Math.floor(t / LIMB);
    h0 = t - carry * LIMB;
    t = h1 * BASE + carry - f1 * b;
    carry = Math.floor(t / LIMB);
    h1 = t - carry * LIMB;
    t = h2 * BASE + carry - f2 * b;
    carry = Math.floor(t / LIMB);
    h2 = t - carry * LIMB;
    t = h3 * BASE + carry - f3 * b;
    h3 = t - Math.floor(t / LIMB) * LIMB;
    index = index + 1 === BLOCK ? 0 : index + 1;
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
    if (lineAt[index] !== -1) complete();
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
      if (lineAt[index] !== -1) complete();
      update(0);
    }
  }
}

/** The hash as GitHub writes it: hex of the 64-bit value, then ":" and its occurrence. */
function formatHash(hi: number, lo: number, n: number): string {
  return `${hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0')}:${n}`;
}

/** Hashes of the requested lines (1-based) of a text. */
export function lineHashes(text: string, wanted: Set<number>, /** a power of two */ capacity = FIRST_CAPACITY): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  let maxWanted = 0;
  for (const l of wanted) if (l > maxWanted) maxWanted = l;
  hashLines(text, maxWanted, capacity, (l, hi, lo, n) => {
    if (wanted.has(l)) out.set(l, formatHash(hi, lo, n));
  });
  return out;
}

/**
 * Every line's hash, as three words per line (the hash's halves and its occurrence): what a
 * thread sends back, for `hashFromTable` to write out the lines findings point at.
 */
export function lineHashTable(text: string): Uint32Array {
  let table = new Uint32Array(3 * 64);
  let lines = 0;
  hashLines(text, Number.POSITIVE_INFINITY, FIRST_CAPACITY, (l, hi, lo, n) => {
    if (3 * l > table.length) {
      const grown = new Uint32Array(table.length * 2);
      grown.set(table);
      table = grown;
    }
    const at = 3 * (l - 1);
    table[at] = hi;
    table[at + 1] = lo;
    table[at + 2] = n;
    lines = l;
  });
  return table.slice(0, 3 * lines);
}

/** The hash of a line (1-based) from a table of `lineHashTable`; undefined past its end. */
export function hashFromTable(table: Uint32Array, line: number): string | undefined {
  const at = 3 * (line - 1);
  if (line < 1 || at + 2 >= table.length) return undefined;
  return formatHash(table[at], table[at + 1], table[at + 2]);
}
