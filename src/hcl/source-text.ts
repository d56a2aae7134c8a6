import type { Pos, Range } from './ast';
import { countWhile } from '../collections';

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
    // the last line starting at or before the offset (line 1 starts at 0)
    const lo = Math.max(0, countWhile(starts.length, (i) => starts[i] <= offset) - 1);
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
