/**
 * Terraform's date and time functions over RFC 3339 timestamps (formatdate, timeadd, timecmp).
 * A timestamp keeps its own UTC offset, as Go's time package does, and results are printed in it.
 */
import { fail } from './errors';

interface Timestamp {
  /** Milliseconds since the epoch (UTC), with sub-millisecond precision kept in `nanos`. */
  ms: number;
  nanos: number;
  /** UTC offset in minutes; null for "Z". */
  offset: number | null;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(s: string): Timestamp {
  const m = RFC3339.exec(s);
  if (!m) return fail(`not a valid RFC 3339 timestamp: ${JSON.stringify(s)}`);
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || se > 59) return fail(`not a valid RFC 3339 timestamp: ${JSON.stringify(s)}`);
  const frac = m[7] ? m[7].slice(1).padEnd(9, '0').slice(0, 9) : '000000000';
  let offset: number | null = null;
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const [oh, om] = m[8].slice(1).split(':').map(Number);
    if (oh > 23 || om > 59) return fail(`not a valid RFC 3339 timestamp: ${JSON.stringify(s)}`);
    offset = sign * (oh * 60 + om);
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, se) - (offset ?? 0) * 60_000 + Number(frac.slice(0, 3));
  return { ms, nanos: Number(frac.slice(3)), offset };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
export function parseDuration(s: string): number {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (s === '0') return 0;
  if (!m) return fail(`invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
  for (let x = re.exec(s); x; x = re.exec(s)) total += Number(x[1]) * UNITS[x[2]];
  return m[1] === '-' ? -total : total;
}

/** The calendar fields of a timestamp in its own offset. */
function fields(t: Timestamp) {
  const d = new Date(t.ms + (t.offset ?? 0) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(offset: number | null, colon: boolean): string {
  if (offset === null) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

/** RFC 3339 text of a timestamp, seconds precision, as Go's time.RFC3339 layout prints it. */
export function formatRfc3339(t: Timestamp): string {
  const f = fields(t);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${offsetText(t.offset, true)}`;
}

export function timeadd(ts: string, duration: string): string {
  const t = parseTimestamp(ts);
  const d = parseDuration(duration);
  return formatRfc3339({ ...t, ms: t.ms + Math.trunc(d) });
}

export function timecmp(a: string, b: string): number {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);
  const dx = x.ms - y.ms || x.nanos - y.nanos;
  return dx < 0 ? -1 : dx > 0 ? 1 : 0;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Terraform's formatdate() specification language. */
export function formatdate(spec: string, ts: string): string {
  if (spec.length > 10_000) return fail('format specification too long');
  const t = parseTimestamp(ts);
  const f = fields(t);
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i];
    if (c === "'") {
      // quoted literal; '' is a literal quote
      let j = i + 1;
      let lit = '';
      for (;;) {
        if (j >= spec.length) return fail('unterminated literal in format specification');
        if (spec[j] === "'") {
          if (spec[j + 1] === "'") {
            lit += "'";
            j += 2;
            continue;
          }
          break;
        }
        lit += spec[j++];
      }
      out += i + 1 === j ? "'" : lit;
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < spec.length && spec[j] === c) j++;
    const seq = spec.slice(i, j);
    i = j;
    const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    const table: Record<string, string> = {
      YYYY: pad(f.year, 4),
      YY: pad(f.year % 100),
      MMMM: MONTHS[f.month - 1],
      MMM: MONTHS[f.month - 1].slice(0, 3),
      MM: pad(f.month),
      M: String(f.month),
      DD: pad(f.day),
      D: String(f.day),
      EEEE: DAYS[f.weekday],
      EEE: DAYS[f.weekday].slice(0, 3),
      hh: pad(f.hour),
      h: String(f.hour),
      HH: pad(h12),
      H: String(h12),
      AA: f.hour < 12 ? 'AM' : 'PM',
      aa: f.hour < 12 ? 'am' : 'pm',
      mm: pad(f.minute),
      m: String(f.minute),
      ss: pad(f.second),
      s: String(f.second),
      ZZZZZ: offsetText(t.offset ?? 0, true),
      ZZZZ: offsetText(t.offset ?? 0, false),
      ZZZ: t.offset === null || t.offset === 0 ? 'UTC' : offsetText(t.offset, false),
      Z: offsetText(t.offset, true),
    };
    const v = table[seq];
    if (v === undefined) return fail(`invalid date format verb ${JSON.stringify(seq)}`);
    out += v;
  }
  return out;
}
