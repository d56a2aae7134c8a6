/**
 * One verb of Terraform's format() and formatlist(), with its flags, width and precision, as
 * Terraform reads them: numbers by Go's formatting rules for big integers and floats, strings
 * measured in grapheme clusters. Where a double cannot give Terraform's digits (rounding of a
 * fraction, integers past 2^53), the result is not reproduced and the value is unknown.
 */
import { fail, tooLarge, unsupported } from './errors';
import { asString, toBool, toJsonText, toNumber, typeName, type Val } from '../value';

export interface VerbSpec {
  /** The verb letter. */
  verb: string;
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  /** -1 when not given. */
  width: number;
  /** -1 when not given. */
  prec: number;
}

/**
 * A verb: `%`, an argument index, flags, an argument index (where go-cty's scanner reads it), width
 * (digits or `*`), precision, an argument index (where Terraform's documentation puts it), the verb
 * letter; or `%%`. Groups: 1, 3 and 6 the index, 2 the flags, 4 the width, 5 the precision, 7 the
 * letter. A width does not start with 0 (a 0 there is the flag), so that flags and width cannot
 * share digits: the match is linear in the format.
 */
export const VERB = /%(?:%|(?:\[(\d+)\])?([-+# 0]*)(?:\[(\d+)\])?([1-9]\d*|\*)?(\.(?:\d*|\*))?(?:\[(\d+)\])?([a-zA-Z]))/g;

/**
 * Fails for a `%` that begins no verb (Terraform rejects the format string): `at` is its offset.
 * The message quotes a few characters of it, not the rest of a string that may be long.
 */
export function invalidVerb(fmt: string, at: number): never {
  const shown = fmt.slice(at, at + 8);
  return fail(`the format string has a "%" that begins no verb at offset ${at} (${JSON.stringify(shown)}${fmt.length > at + 8 ? '…' : ''}); use %% for a percent sign`);
}

/** Fails when arguments are left over: Terraform rejects a format() that leaves one unused. */
export function checkArgumentsUsed(given: number, used: number): void {
  if (given > used) fail(used === 0 ? 'too many arguments; no verbs in format string' : `too many arguments; only ${used} used by format string`);
}

/** Widest field and most digits of precision a verb may ask for (a hostile width must not make a huge string). */
const MAX_WIDTH = 100_000;
const MAX_PREC = 100;

/** The verb's spec from a match of VERB; the argument index (1-based) is the match's own business. */
export function verbSpec(flags: string, width: string | undefined, prec: string | undefined, verb: string): VerbSpec {
  if (prec === '.') fail(`a period in a format verb must be followed by a precision (%${flags}${width ?? ''}.${verb})`);
  if (width === '*' || prec === '.*') unsupported(`a format width or precision given by an argument (*) is not reproduced (%${flags}${width ?? ''}${prec ?? ''}${verb})`);
  const w = width === undefined ? -1 : Number(width);
  const p = prec === undefined ? -1 : Number(prec.slice(1));
  if (w > MAX_WIDTH) tooLarge(`format width ${w} is larger than ${MAX_WIDTH}`);
  if (p > MAX_PREC) unsupported(`format precision ${p} is not reproduced`);
  return { verb, minus: flags.includes('-'), plus: flags.includes('+'), space: flags.includes(' '), zero: flags.includes('0'), sharp: flags.includes('#'), width: w, prec: p };
}

/** The text one verb makes of a known value. */
export function formatVerb(spec: VerbSpec, v: Val): string {
  if (spec.verb !== 'v' && v.t === 'null') fail(`a null value cannot be formatted with %${spec.verb}`);
  switch (spec.verb) {
    case 'v':
      if (!spec.sharp && v.t === 's') return padString(spec, v.v);
      if (!spec.sharp && v.t === 'n') return padString(spec, (v.v < 0 ? '-' : '') + floatText(v.v, 'g', -1));
      return padString(spec, toJsonText(v) ?? fail('cannot format an unknown value'));
    case 't': {
      const b = toBool(v);
      if (b === undefined) fail(`%t needs a bool, got ${typeName(v)}`);
      return b ? 'true' : 'false';
    }
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(spec, number(v, spec.verb));
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(spec, number(v, spec.verb));
    case 's':
    case 'q': {
      let s = asString(v);
      if (s === undefined) fail(`%${spec.verb} needs a string, got ${typeName(v)}`);
      if (spec.prec > 0) s = firstGraphemes(s!, spec.prec);
      return padString(spec, spec.verb === 'q' ? JSON.stringify(s) : s!);
    }
    default:
      return fail(`unsupported format verb %${spec.verb}`);
  }
}

function number(v: Val, verb: string): number {
  const n = toNumber(v);
  if (n === undefined || !Number.isFinite(n)) fail(`%${verb} needs a number, got ${typeName(v)}`);
  return n!;
}

// ---------------------------------------------------------------- strings

let segmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of a text (plain ASCII without CR, the common case, is one per character). */
function graphemes(s: string): string[] {
  if (/^[\x00-\x0c\x0e-\x7f]*$/.test(s)) return [...s];
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

function firstGraphemes(s: string, n: number): string {
  return graphemes(s).slice(0, n).join('');
}

/** A formatted value padded to the width (in grapheme clusters): zeros or spaces, on the left, or on the right with `-`. */
function padString(spec: VerbSpec, text: string): string {
  if (spec.width <= 0) return text;
  const have = graphemes(text).length;
  if (have >= spec.width) return text;
  const pad = (spec.zero ? '0' : ' ').repeat(spec.width - have);
  return spec.minus ? text + pad : pad + text;
}

// ---------------------------------------------------------------- integers

const BASES: Record<string, number> = { b: 2, d: 10, o: 8, x: 16, X: 16 };
const PREFIXES: Record<string, string> = { b: '0b', o: '0', x: '0x', X: '0X', d: '' };

/** Go's formatting of a big integer: [spaces][sign][prefix][zeros][digits][spaces]. */
function formatInteger(spec: VerbSpec, n: number): string {
  if (!Number.isInteger(n)) fail(`%${spec.verb} needs an integer, got ${n}`);
  if (!Number.isSafeInteger(n)) unsupported(`%${spec.verb} of an integer past 2^53 is not reproduced`);
  let digits = Math.abs(n).toString(BASES[spec.verb]);
  if (spec.verb === 'X') digits = digits.toUpperCase();
  const sign = n < 0 ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const prefix = spec.sharp ? PREFIXES[spec.verb] : '';
  let zeros = 0;
  if (spec.prec >= 0) {
    if (digits.length < spec.prec) zeros = spec.prec - digits.length;
    else if (digits === '0' && spec.prec === 0) return '';
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (spec.width > length) {
    const d = spec.width - length;
    if (spec.minus) right = d;
    else if (spec.zero && spec.prec < 0) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

// ---------------------------------------------------------------- floats

/**
 * The decimal digits of a double (no trailing zeros) and `exp` such that the value is
 * 0.digits × 10^exp: the shortest that reads back. Unknown past 15 digits, where a double's
 * digits are not those of Terraform's 512-bit number.
 */
function decimalDigits(n: number): { digits: string; exp: number } {
  const a = Math.abs(n);
  if (a === 0) return { digits: '', exp: 0 };
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(a.toExponential());
  if (!m) return unsupported(`formatting ${n} is not reproduced`);
  const digits = (m[1] + (m[2] ?? '')).replace(/0+$/, '');
  if (digits.length > 15) unsupported(`formatting ${n} with all its digits is not reproduced`);
  return { digits, exp: Number(m[3]) + 1 };
}

/**
 * The digits, when `sig` significant digits hold them all: rounding to fewer is not reproduced
 * (Terraform rounds the exact value of its 512-bit number, which a double does not have).
 */
function within(n: number, d: { digits: string; exp: number }, sig: number): { digits: string; exp: number } {
  if (d.digits.length > sig) unsupported(`rounding ${n} to ${Math.max(sig, 0)} significant digits is not reproduced`);
  return d;
}

function fmtE(digits: string, exp: number, decimals: number, upper: boolean): string {
  const d = digits === '' ? '0' : digits;
  let out = d[0];
  if (decimals > 0) out += '.' + d.slice(1, 1 + decimals).padEnd(decimals, '0');
  const x = digits === '' ? 0 : exp - 1;
  return out + (upper ? 'E' : 'e') + (x < 0 ? '-' : '+') + String(Math.abs(x)).padStart(2, '0');
}

function fmtF(digits: string, exp: number, decimals: number): string {
  let out = exp > 0 ? digits.slice(0, exp).padEnd(exp, '0') : '0';
  if (decimals > 0) {
    out += '.';
    for (let i = 1; i <= decimals; i++) {
      const at = exp + i - 1;
      out += at >= 0 && at < digits.length ? digits[at] : '0';
    }
  }
  return out;
}

/** The digits big.Float's Text gives for %e, %f and %g with a precision (-1: shortest, for %g only). */
function floatText(n: number, verb: string, prec: number): string {
  const upper = verb === 'E' || verb === 'G';
  switch (verb.toLowerCase()) {
    case 'e': {
      const { digits, exp } = within(n, decimalDigits(n), prec + 1);
      return fmtE(digits, exp, prec, upper);
    }
    case 'f': {
      const d = decimalDigits(n);
      const { digits, exp } = within(n, d, d.exp + prec);
      return fmtF(digits, exp, prec);
    }
    default: {
      const shortest = prec < 0;
      let p = prec === 0 ? 1 : prec;
      const d = decimalDigits(n);
      const { digits, exp } = shortest ? d : within(n, d, p);
      if (shortest) p = digits.length;
      let eprec = p;
      if (eprec > digits.length && digits.length >= exp) eprec = digits.length;
      if (shortest) eprec = 6;
      const x = exp - 1;
      if (digits !== '' && (x < -4 || x >= eprec)) return fmtE(digits, exp, Math.min(p, digits.length) - 1, upper);
      if (digits === '') return '0';
      return fmtF(digits, exp, p > exp ? Math.max(digits.length - exp, 0) : Math.max(p - exp, 0));
    }
  }
}

/** Go's big.Float formatting: [spaces][sign][zeros][digits], or [sign][digits][spaces] with `-`. */
function formatFloat(spec: VerbSpec, n: number): string {
  const lower = spec.verb.toLowerCase();
  const prec = spec.prec >= 0 ? spec.prec : lower === 'g' ? -1 : 6;
  const body = floatText(n, spec.verb, prec);
  const sign = n < 0 ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const padding = spec.width > sign.length + body.length ? spec.width - sign.length - body.length : 0;
  if (spec.zero) return sign + '0'.repeat(padding) + body;
  if (spec.minus) return sign + body + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + body;
}
