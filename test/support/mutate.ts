import fc from 'fast-check';

/** Random edits of a text: deletions, insertions and replacements of short runs. */
export const mutated = (texts: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6, unit: fc.constantFrom('{', '}', '[', ']', '"', '$', '%', '\n', '=', ',', '(', ')', 'a', '1', '\\', '<', '~', '*', ' ') })), { maxLength: 6 }),
    )
    .map(([text, edits]) => {
      let t = text;
      for (const [at, del, ins] of edits) {
        const i = t.length === 0 ? 0 : at % t.length;
        t = t.slice(0, i) + ins + t.slice(i + del);
      }
      return t;
    });
