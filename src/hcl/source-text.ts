import type { Pos, Range } from './ast';

/** Offset <-> line/column conversion for one source text (UTF-16 offsets, 1-based lines and columns). */
export class SourceText {
  private readonly lineStarts: number[];

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
    return this.lineMap ? { line: this.lineMap(p.line), column: 1 } : p;
  }

  private ownPos(offset: number): Pos {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
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
  return { line, column };
}
