/** The lines a pull request changed in a file, from its base and head contents. */
import { changedLines } from '../src/action/changed-lines';

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('changed lines', () => {
  it('a new file: every line', () => {
    expect(sorted(changedLines(undefined, 'a\nb\nc\n'))).toEqual([1, 2, 3]);
    expect(sorted(changedLines(undefined, 'a\nb'))).toEqual([1, 2]);
  });

  it('added and edited lines, by head line number', () => {
    expect(sorted(changedLines('a\nb\nc\n', 'a\nx\nb\nc\n'))).toEqual([2]);
    expect(sorted(changedLines('a\nb\nc\n', 'a\nB\nc\nd\n'))).toEqual([2, 4]);
    expect(sorted(changedLines('a\nb\nc\n', 'a\nb\nc\n'))).toEqual([]);
  });

  it('a deletion marks the line where it was made', () => {
    // a condition removed from a statement: the head line after the removed ones
    expect(sorted(changedLines('s {\n  cond\n  principal\n}\n', 's {\n  principal\n}\n'))).toEqual([2]);
    // removed at the end of the file: the last line
    expect(sorted(changedLines('a\nb\nc\n', 'a\nb\n'))).toEqual([2]);
  });
});
