import type { Pos, Range } from './ast';

/**
 * Positions are values that nothing changes once made: one object per line and column serves every
 * range, literal piece and value that starts or ends there, in every file (a scan makes hundreds of
 * thousands of positions, over a few thousand distinct ones). Lines and columns past the limits,
 * and every position once the table is full, get an object of their own.
 */
const SHARED_COLUMNS = 1024;
const SHARED_LINES = 1 << 16;
const MAX_SHARED_POSITIONS = 1 << 20;
/** Shared positions by line, then column. */
let sharedRows: Pos[][] = [];
let sharedCount = 0;

/** The position at a 1-based line and column. */
export function position(line: number, column: number): Pos {
  if (line >= SHARED_LINES || column >= SHARED_COLUMNS || line < 0 || column < 0) return { line, column };
  let row = sharedRows[line];
  if (row === undefined) {
    if (sharedCount >= MAX_SHARED_POSITIONS) return { line, column };
    sharedRows[line] = row = [];
  }
  let p = row[column];
  if (p === undefined) {
    p = { line, column };
    if (sharedCount < MAX_SHARED_POSITIONS) {
      row[column] = p;
      sharedCount++;
    }
  }
  return p;
}

/** Empties the table of shared positions (a scan starts afresh; positions already handed out stay valid). */
export function forgetSharedPositions(): void {
  sharedRows = [];
  sharedCount = 0;
}

/** Offset <-> line/column conversion for one source text (UTF-16 offsets, 1-based lines and columns). */
export class SourceText {
  private readonly lineStarts: number[];
  /** The line (index in lineStarts) of the last offset looked up: readers mostly go forward. */
  private lastLine = 0;

  constructor(
    readonly text: string,
    readonly file: string,
    /** Maps a line of `text` onto a line of another file (a text made from it); columns become 1. */
    readonly lineMap?: (line: number) => number,
  ) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  pos(offset: number): Pos {
    const p = this.ownPos(offset);
    return this.lineMap ? position(this.lineMap(p.line), 1) : p;
  }

  private ownPos(offset: number): Pos {
    const starts = this.lineStarts;
    const line = this.lineOf(offset);
    return position(line + 1, offset - starts[line] + 1);
  }

  /** The index of the last line starting at or before the offset (line 1 starts at 0). */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const n = starts.length;
    const last = this.lastLine;
    // the line of the last lookup, or the next one
    if (starts[last] <= offset) {
      if (last + 1 === n || offset < starts[last + 1]) return last;
      if (last + 2 === n || offset < starts[last + 2]) return (this.lastLine = last + 1);
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    const line = Math.max(0, lo - 1);
    this.lastLine = line;
    return line;
  }

  range(start: number, end: number): Range {
    return { file: this.file, start: this.pos(start), end: this.pos(end) };
  }

  /** Offset of the start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.lineStarts[this.ownPos(offset).line - 1];
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** Position reached after walking `text` from `from`. */
export function advance(from: Pos, text: string, upTo = text.length): Pos {
  let line = from.line;
  let column = from.column;
  for (let i = 0; i < upTo; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return position(line, column);
}
