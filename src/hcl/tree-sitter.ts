/**
 * Loading of tree-sitter's Terraform grammar (WebAssembly) through web-tree-sitter. The grammar is
 * one of the package's data files (copied from the grammar package at build time, so the installed
 * package needs no native build); the runtime's .wasm is beside the bundled Action (dist/) or
 * command line (lib/cli.js), else in web-tree-sitter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { packageFile } from '../package-files';

let ready: Promise<Parser> | null = null;

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((c) => fs.existsSync(c));
}

function resolveFrom(request: string): string | undefined {
  try {
    return require.resolve(request);
  } catch {
    return undefined;
  }
}

function grammarPath(): string {
  const found = packageFile('data', 'tree-sitter-terraform.wasm');
  if (!found) throw new Error('tree-sitter-terraform.wasm not found (run "npm run build" to make the data files)');
  return found;
}

function runtimePath(): string | undefined {
  return firstExisting([path.join(__dirname, 'tree-sitter.wasm')]) ?? resolveFrom('web-tree-sitter/tree-sitter.wasm');
}

/** The shared parser, initialised once per process. */
export function terraformParser(): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      const runtime = runtimePath();
      await Parser.init(runtime ? { locateFile: () => runtime } : undefined);
      const language = await Language.load(new Uint8Array(fs.readFileSync(grammarPath())));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return ready;
}

/**
 * A new parser for the same grammar, after one failed inside WebAssembly (an abort leaves it in an
 * unknown state): the next file is read by a parser no earlier file has touched.
 */
export function freshParser(old: Parser): Parser {
  const p = new Parser();
  if (old.language) p.setLanguage(old.language);
  return p;
}
