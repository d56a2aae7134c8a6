/**
 * Decoding of template literal text into TemplateLiteral parts with a source map, and the
 * processing HCL applies to template parts: strip markers, flush heredocs (`<<-`) and the
 * melding of consecutive literals.
 */
import type { LiteralPiece, Pos, Range, TemplateLiteral, TemplatePart } from './ast';
import { advance, position } from './source-text';
import { compact, countWhile } from '../collections';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Decodes raw literal source text starting at `pos`. Quoted strings process backslash escapes;
 * both quoted strings and heredocs turn `$${` into `${` and `%%{` into `%{`.
 */
export function decodeLiteral(raw: string, pos: Pos, quoted: boolean): { value: string; pieces: LiteralPiece[] } {
  // most literals hold no escape: their value is their text, in one exact piece
  if (!(quoted && raw.includes('\\')) && !raw.includes('${') && !raw.includes('%{')) return { value: raw, pieces: raw === '' ? [] : [{ offset: 0, text: raw, pos, exact: true }] };
  const pieces: LiteralPiece[] = [];
  let value = '';
  let runStart = 0;
  let runPos = pos;
  const flush = (end: number) => {
    if (end > runStart) {
      const text = raw.slice(runStart, end);
      pieces.push({ offset: value.length, text, pos: runPos, exact: true });
      value += text;
    }
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    let decoded: string | null = null;
    let width = 0;
    if (quoted && c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      if (n in SIMPLE_ESCAPES) {
        decoded = SIMPLE_ESCAPES[n];
        width = 2;
      } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        width = 6;
      } else if (n === 'U' && /^[0-9a-fA-F]{8}$/.test(raw.slice(i + 2, i + 10))) {
        const cp = parseInt(raw.slice(i + 2, i + 10), 16);
        decoded = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        width = 10;
      }
    } else if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
      decoded = c + '{';
      width = 3;
    }
    if (decoded === null) {
      i++;
      continue;
    }
    flush(i);
    const escPos = advance(runPos, raw.slice(runStart, i));
    pieces.push({ offset: value.length, text: decoded, pos: escPos, exact: false });
    value += decoded;
    i += width;
    runStart = i;
    runPos = advance(escPos, raw.slice(i - width, i));
  }
  flush(raw.length);
  return { value, pieces: compact(pieces) };
}

/**
 * The `pieces` of a literal that is its source text as written: one exact piece of all of its
 * value at the start of its range, without a list and a piece of its own (most literals are).
 */
export const EXACT_TEXT: LiteralPiece[] = Object.freeze([]) as unknown as LiteralPiece[];

/** The pieces of a literal, EXACT_TEXT spelt out. */
export function piecesOf(lit: TemplateLiteral): LiteralPiece[] {
  if (lit.pieces !== EXACT_TEXT) return lit.pieces;
  return lit.value === '' ? [] : [{ offset: 0, text: lit.value, pos: lit.range.start, exact: true }];
}

/** Offsets of the line breaks of a piece's text (keyed by the literal for EXACT_TEXT), computed once (positions stay linear). */
const LINE_BREAKS = new WeakMap<object, number[]>();

function lineBreaks(key: object, text: string): number[] {
  let breaks = LINE_BREAKS.get(key);
  if (!breaks) {
    breaks = [];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
    LINE_BREAKS.set(key, breaks);
  }
  return breaks;
}

/** Source position of `offset` within a decoded literal (binary searches: linear over many lookups). */
export function literalPosition(lit: { value: string; pieces: LiteralPiece[]; range: Range }, offset: number): Pos {
  const pieces = lit.pieces;
  let text: string;
  let pos: Pos;
  let n: number;
  let key: object;
  if (pieces === EXACT_TEXT) {
    if (lit.value === '') return lit.range.start;
    text = lit.value;
    pos = lit.range.start;
    n = Math.min(offset, text.length);
    key = lit;
  } else {
    const lo = countWhile(pieces.length, (i) => pieces[i].offset <= offset);
    const best = lo > 0 ? pieces[lo - 1] : undefined;
    if (!best) return lit.range.start;
    if (!best.exact) return best.pos;
    text = best.text;
    pos = best.pos;
    n = Math.min(offset - best.offset, best.text.length);
    key = best;
  }
  if (n < 256) return advance(pos, text, n);
  // the line breaks before n, by binary search
  const breaks = lineBreaks(key, text);
  const a = countWhile(breaks.length, (i) => breaks[i] < n);
  if (a === 0) return position(pos.line, pos.column + n);
  return position(pos.line + a, n - breaks[a - 1]);
}

export function makeLiteral(value: string, pieces: LiteralPiece[], range: Range): TemplateLiteral {
  const p = pieces.length === 1 ? pieces[0] : undefined;
  const exact = p !== undefined && p.exact && p.offset === 0 && p.text === value && p.pos.line === range.start.line && p.pos.column === range.start.column;
  return { kind: 'lit', value, pieces: exact ? EXACT_TEXT : pieces, range };
}

/** Drops the first `n` UTF-16 units of a literal, keeping its source map. */
export function dropLiteralPrefix(lit: TemplateLiteral, n: number): TemplateLiteral {
  if (n <= 0) return lit;
  const pieces: LiteralPiece[] = [];
  for (const p of piecesOf(lit)) {
    const end = p.offset + p.text.length;
    if (end <= n) continue;
    if (p.offset >= n) pieces.push({ ...p, offset: p.offset - n });
    else {
      const cut = n - p.offset;
      pieces.push({
        offset: 0,
        text: p.text.slice(cut),
        pos: p.exact ? advance(p.pos, p.text, cut) : p.pos,
        exact: p.exact,
      });
    }
  }
  const start = pieces.length ? pieces[0].pos : lit.range.end;
  return makeLiteral(lit.value.slice(n), compact(pieces), { ...lit.range, start });
}

/** Keeps only the first `n` UTF-16 units of a literal. */
export function keepLiteralPrefix(lit: TemplateLiteral, n: number): TemplateLiteral {
  if (n >= lit.value.length) return lit;
  const pieces: LiteralPiece[] = [];
  for (const p of piecesOf(lit)) {
    if (p.offset >= n) break;
    pieces.push(p.offset + p.text.length <= n ? p : { ...p, text: p.text.slice(0, n - p.offset) });
  }
  return makeLiteral(lit.value.slice(0, n), compact(pieces), lit.range);
}

function concatLiterals(a: TemplateLiteral, b: TemplateLiteral): TemplateLiteral {
  const shift = a.value.length;
  return makeLiteral(a.value + b.value, [...piecesOf(a), ...piecesOf(b).map((p) => ({ ...p, offset: p.offset + shift }))], { file: a.range.file, start: a.range.start, end: b.range.end });
}

/** Joins consecutive literal parts and drops empty ones, as HCL does after trimming. */
export function meldLiterals(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (p.kind === 'lit' && prev && prev.kind === 'lit') out[out.length - 1] = concatLiterals(prev, p);
    else out.push(p);
  }
  return compact(out);
}

const isSpace = (ch: string) => /\s/u.test(ch);

/** Splits a literal into one literal per line (each ending in "\n" but the last). */
export function splitLines(lit: TemplateLiteral): TemplateLiteral[] {
  const out: TemplateLiteral[] = [];
  let rest = lit;
  for (;;) {
    const nl = rest.value.indexOf('\n');
    if (nl === -1 || nl === rest.value.length - 1) {
      out.push(rest);
      return out;
    }
    out.push(keepLiteralPrefix(rest, nl + 1));
    rest = dropLiteralPrefix(rest, nl + 1);
  }
}

/**
 * The flush heredoc rule (`<<-`): find the smallest whitespace prefix among lines that begin
 * with a literal (blank lines excepted) and trim that many characters from every such line.
 * `tokens` must hold literals split per line.
 */
export function flushHeredoc(tokens: TemplatePart[]): TemplatePart[] {
  let min = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust = new Set<number>();
  tokens.forEach((t, i) => {
    if (newline) {
      newline = false;
      let spaces = Number.MAX_SAFE_INTEGER;
      if (t.kind === 'lit') {
        const orig = t.value;
        let n = 0;
        for (const ch of orig) {
          if (!isSpace(ch)) break;
          n += ch.length;
        }
        const trimmedEmpty = n === orig.length;
        if (!(trimmedEmpty && orig.endsWith('\n'))) {
          spaces = [...orig.slice(0, n)].length;
          adjust.add(i);
        }
      } else spaces = 0;
      if (spaces < min) min = spaces;
    }
    if (t.kind === 'lit' && t.value.endsWith('\n')) newline = true;
  });
  if (min === Number.MAX_SAFE_INTEGER) min = 0;
  return tokens.map((t, i) => {
    if (!adjust.has(i) || t.kind !== 'lit') return t;
    let units = 0;
    let count = 0;
    for (const ch of t.value) {
      if (count >= min) break;
      units += ch.length;
      count++;
    }
    return dropLiteralPrefix(t, units);
  });
}

/** Trailing whitespace removal for `${~`: returns the literal without its trailing spaces. */
export function trimLiteralEnd(lit: TemplateLiteral): TemplateLiteral {
  let n = lit.value.length;
  while (n > 0 && isSpace(lit.value[n - 1])) n--;
  return keepLiteralPrefix(lit, n);
}

/** Leading whitespace removal for `~}`. */
export function trimLiteralStart(lit: TemplateLiteral): TemplateLiteral {
  let n = 0;
  while (n < lit.value.length && isSpace(lit.value[n])) n++;
  return dropLiteralPrefix(lit, n);
}
