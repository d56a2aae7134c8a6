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

function hex(h3: number, h2: number, h1: number, h0: number): string {
  const hi = h3 * LIMB + h2;
  const lo = h1 * LIMB + h0;
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** How a hash's halves fold into a count's key: the tests make keys clash on purpose. */
export interface KeyFold {
  hi: number;
  lo: number;
}

/**
 * Counts are keyed by the low 30 bits of the hash: small integers, which maps hash fastest; two
 * hashes of one text rarely share them, and when they do the exact key counts the later one.
 */
const SMALL_KEY: KeyFold = { hi: 1, lo: 0x40000000 };

/** Hashes of the requested lines (1-based) of a text. */
export function lineHashes(text: string, wanted: Set<number>, fold: KeyFold = SMALL_KEY): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  let maxWanted = 0;
  for (const l of wanted) if (l > maxWanted) maxWanted = l;
  const window = new Float64Array(BLOCK);
  const lineAt = new Int32Array(BLOCK).fill(-1);
  // occurrences of each hash so far, by a key folded from it (no string or map per line); the
  // rare hash whose key another hash already has is counted by its full text
  const counts = new Map<number, number>();
  // the hash that owns each key, by its halves
  const ownerHi = new Map<number, number>();
  const ownerLo = new Map<number, number>();
  let clashes: Map<string, number> | undefined;
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

  const emit = () => {
    const hi = h3 * LIMB + h2;
    const lo = h1 * LIMB + h0;
    const key = (hi % fold.hi) * 0x100000000 + (lo % fold.lo);
    const owner = ownerHi.get(key);
    let n: number;
    if (owner === undefined) {
      ownerHi.set(key, hi);
      ownerLo.set(key, lo);
      counts.set(key, (n = 1));
    } else if (owner === hi && ownerLo.get(key) === lo) counts.set(key, (n = counts.get(key)! + 1));
    else {
      clashes ??= new Map();
      const exact = `${hi}:${lo}`;
      clashes.set(exact, (n = (clashes.get(exact) ?? 0) + 1));
    }
    const l = lineAt[index];
    if (wanted.has(l)) out.set(l, `${hex(h3, h2, h1, h0)}:${n}`);
    if (l >= maxWanted) done = true;
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
