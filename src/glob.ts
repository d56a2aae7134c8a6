/**
 * Glob patterns over slash-separated relative paths, as Terraform's fileset() reads them: `*` and
 * `?` stay within a path segment, `**` crosses segments, `[...]` classes and `{a,b}` alternatives.
 * A pattern becomes an RE2 expression, so matching is linear whatever the pattern.
 */
import type { RE2JS } from 're2js';

export class GlobError extends Error {}

const MAX_PATTERN = 1000;

/** The RE2 expression (without anchors) a glob stands for. */
export function globSource(pattern: string): string {
  if (pattern.length > MAX_PATTERN) throw new GlobError('pattern too long');
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) throw new GlobError('unclosed [ in pattern');
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else re += escapeRe(c);
  }
  if (depth !== 0) throw new GlobError('unclosed { in pattern');
  return re;
}

function escapeRe(c: string): string {
  return /[.+^$()|[\]{}*?\\]/.test(c) ? '\\' + c : c;
}

/**
 * Paths not to scan: globs relative to the repository root. A folder is left out when a pattern
 * matches it or everything under it (`examples`, `examples/**`).
 */
export class PathFilter {
  private readonly res: RE2JS[];

  /** Throws GlobError, naming the pattern, for one that is not a glob. */
  constructor(patterns: string[]) {
    this.res = patterns.map((p) => {
      try {
        return (require('re2js') as typeof import('re2js')).RE2JS.compile(`^${globSource(p.replace(/^\.\//, '').replace(/\/+$/, ''))}$`);
      } catch (e) {
        throw new GlobError(`"${p}": ${e instanceof GlobError ? e.message : 'not a valid pattern'}`);
      }
    });
  }

  get empty(): boolean {
    return this.res.length === 0;
  }

  /** Whether a root-relative path (a file, or a folder with `dir`) is left out. */
  excludes(rel: string, dir = false): boolean {
    return this.res.some((re) => re.matches(rel) || (dir && re.matches(rel + '/')));
  }
}
