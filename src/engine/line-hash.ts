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
const TWO32 = 0x100000000;

/** 64-bit unsigned arithmetic on (hi, lo) 32-bit halves: exact, and much faster than BigInt. */
interface U64 {
  hi: number;
  lo: number;
}

/** x * k mod 2^64, for k < 2^16 (products stay below 2^53, so they are exact in doubles). */
function mulSmall(x: U64, k: number): U64 {
  const lo = x.lo * k;
  const loPart = lo % TWO32;
  const carry = Math.floor(lo / TWO32);
  const hi = (x.hi * k + carry) % TWO32;
  return { hi, lo: loPart };
}

function add(a: U64, b: U64): U64 {
  const lo = a.lo + b.lo;
  return { hi: (a.hi + b.hi + (lo >= TWO32 ? 1 : 0)) % TWO32, lo: lo % TWO32 };
}

function sub(a: U64, b: U64): U64 {
  let lo = a.lo - b.lo;
  let borrow = 0;
  if (lo < 0) {
    lo += TWO32;
    borrow = 1;
  }
  let hi = a.hi - b.hi - borrow;
  if (hi < 0) hi += TWO32;
  return { hi, lo };
}

function hex(x: U64): string {
  return x.hi === 0 ? x.lo.toString(16) : x.hi.toString(16) + x.lo.toString(16).padStart(8, '0');
}

let firstMod: U64 | undefined;
function baseToBlock(): U64 {
  if (!firstMod) {
    let m: U64 = { hi: 0, lo: 1 };
    for (let i = 0; i < BLOCK; i++) m = mulSmall(m, BASE);
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
  let hash: U64 = { hi: 0, lo: 0 };
  let index = 0;
  let line = 0;
  let lineStart = true;
  let prevCR = false;
  let done = false;

  const emit = () => {
    const h = hex(hash);
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
    hash = sub(add(mulSmall(hash, BASE), { hi: 0, lo: c }), mulSmall(fm, begin));
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
