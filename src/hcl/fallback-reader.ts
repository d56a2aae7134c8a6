/**
 * The second reader: a file the tree-sitter grammar cannot read (deep nesting, a construct the
 * grammar lacks) is read with HashiCorp's own HCL parser (the @cdktf/hcl2json WebAssembly build),
 * which gives Terraform's JSON form of the file; that is read as a .tf.json file. Positions are
 * those of the block each value sits in, found in the original text. Loaded only when needed.
 */
import type { Parser } from 'web-tree-sitter';
import type { ParsedFile } from './ast';
import { parseTfJson } from './parse-json';

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };

let reader: Promise<Hcl2Json | undefined> | undefined;

function hcl2json(): Promise<Hcl2Json | undefined> {
  // loaded on first use only: most scans never need it
  reader ??= new Promise((resolve) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resolve(require('@cdktf/hcl2json') as Hcl2Json);
    } catch {
      resolve(undefined);
    }
  });
  return reader;
}

/** Block headers of the original text, by the label path hcl2json keys them with. */
function headerLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = text.split('\n');
  const header = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*))*)\s*\{/;
  lines.forEach((l, i) => {
    const m = header.exec(l);
    if (!m) return;
    const labels = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w-]*)/g)].map((x) => x[1] ?? x[2]);
    const key = [m[1], ...labels].join('\u0000');
    const list = out.get(key) ?? [];
    list.push(i + 1);
    out.set(key, list);
  });
  return out;
}

/**
 * Terraform's JSON form of the file, written so that every line of it is known to belong to one
 * block instance, and a map from those lines to the block's header line in the original.
 */
function layOut(json: Record<string, unknown>, text: string): { text: string; lineMap: (line: number) => number } {
  const headers = headerLines(text);
  const used = new Map<string, number>();
  const lineOf: number[] = [];
  const out: string[] = [];
  const emit = (s: string, original: number) => {
    for (const l of s.split('\n')) {
      out.push(l);
      lineOf.push(original);
    }
  };
  const headerOf = (path: string[]) => {
    const key = path.join('\u0000');
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    return headers.get(key)?.[k] ?? headers.get(key)?.[0] ?? 1;
  };
  emit('{', 1);
  const types = Object.keys(json);
  types.forEach((type, ti) => {
    const depth = type === 'resource' || type === 'data' ? 2 : type === 'locals' || type === 'terraform' ? 0 : 1;
    const sep = ti < types.length - 1 ? ',' : '';
    const walk = (v: unknown, path: string[], level: number, indent: string, trailer: string) => {
      if (level === depth) {
        const list = Array.isArray(v) ? v : [v];
        emit(`${indent}${JSON.stringify(path[path.length - 1])}: [`, 1);
        list.forEach((b, i) => emit(indent + ' ' + JSON.stringify(b) + (i < list.length - 1 ? ',' : ''), headerOf(depth === 0 ? [type] : path)));
        emit(`${indent}]${trailer}`, 1);
        return;
      }
      const obj = (v ?? {}) as Record<string, unknown>;
      const keys = Object.keys(obj);
      emit(`${indent}${JSON.stringify(path[path.length - 1])}: {`, 1);
      keys.forEach((k, i) => walk(obj[k], [...path, k], level + 1, indent + ' ', i < keys.length - 1 ? ',' : ''));
      emit(`${indent}}${trailer}`, 1);
    };
    walk(json[type], [type], 0, ' ', sep);
  });
  emit('}', 1);
  return { text: out.join('\n'), lineMap: (line) => lineOf[line - 1] ?? 1 };
}

/** Largest file, and deepest bracket nesting, the second reader is given (its work must stay bounded). */
export const FALLBACK_MAX_BYTES = 4 * 1024 * 1024;
export const FALLBACK_MAX_NESTING = 1000;

/** Deepest nesting of brackets and braces in a text (strings included: an upper bound). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/** Reads a file with HashiCorp's parser; undefined when it cannot either (then the file is unreadable). */
export async function readWithHclParser(parser: Parser, text: string, file: string): Promise<ParsedFile | undefined> {
  if (text.length > FALLBACK_MAX_BYTES || bracketDepth(text) > FALLBACK_MAX_NESTING) return undefined;
  const h = await hcl2json();
  if (!h) return undefined;
  let json: Record<string, unknown>;
  try {
    json = await h.parse(file, text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const { text: jsonText, lineMap } = layOut(json, text);
  const parsed = parseTfJson(parser, jsonText, file, lineMap);
  return parsed.errors.length === 0 ? { ...parsed, format: 'hcl' } : undefined;
}
