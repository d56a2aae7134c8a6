/** Stand-ins for `${*}` and `${?}`: a literal `*` or `?` in a pattern. */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

/**
 * IAM wildcard matching (`*` any run, `?` one character) in linear time: a greedy two-pointer
 * matcher with one backtrack point, so crafted patterns cannot cause catastrophic backtracking.
 */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pi < p.length && ((pc === '?' || pc === t[ti]) || (pc === LITERAL_STAR && t[ti] === '*') || (pc === LITERAL_QUESTION && t[ti] === '?'))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/** Whether a pattern matches every string (only `*` characters). */
export const matchesEverything = (s: string): boolean => s.length > 0 && /^\*+$/.test(s);
