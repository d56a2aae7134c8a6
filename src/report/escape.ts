/**
 * Escaping of names and messages that come from the scanned code, for every place tfxacct prints
 * them: terminals (no escape sequences, no bidi overrides that reorder what a reviewer reads),
 * markdown (no HTML, links, mentions or broken code spans) and GitHub workflow commands.
 */

/** Control characters, C1 controls and bidi controls: shown as \u{…} instead of acting. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A string safe to print on one line of a terminal or a plain-text format. */
export function printable(s: string): string {
  return s.replace(INVISIBLE, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u{${c.charCodeAt(0).toString(16)}}`));
}

/** Text for a markdown table cell or paragraph: no HTML, no markdown syntax, no mentions. */
export function markdownText(s: string): string {
  // markdown punctuation first, then the HTML entities (whose own characters must stay as they are)
  return printable(s)
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

/** A markdown code span holding any text (a fence longer than any backtick run inside it). */
export function markdownCode(s: string, inTable = true): string {
  let text = printable(s);
  if (inTable) text = text.replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text for a line the GitHub runner reads (core.info): escaped as @actions/core escapes command
 * data, so no line of it can start a workflow command.
 */
export function commandSafe(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
