/**
 * Loading of tree-sitter's Terraform grammar (WebAssembly) through web-tree-sitter. The grammar is
 * one of the package's data files (copied from the grammar package at build time, so the installed
 * package needs no native build); the runtime's .wasm is beside the bundled Action (dist/) or
 * command line (lib/cli.js), else in web-tree-sitter.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { packageFile } from '../package-files';

let ready: Promise<Parser> | null = null;

/**
 * The cursor functions of web-tree-sitter's WebAssembly module, called without the library's
 * wrappers: each wrapper writes the cursor into the module's transfer buffer and reads it back with
 * a generic typed store per word, which costs more than the walk itself. The C functions read the
 * cursor from that buffer and the moves write it back, so a walk that only calls them keeps it there.
 */
export interface CursorBinding {
  /** The module's transfer buffer (its address in the module's memory). */
  transferBuffer: number;
  getValue(ptr: number, type: 'i32'): number;
  setValue(ptr: number, value: number, type: 'i32'): void;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

const CURSOR_FUNCTIONS = [
  'getValue',
  'setValue',
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
] as const;

let binding: CursorBinding | undefined;

/**
 * The cursor functions, once the parser is initialised; undefined when this version of
 * web-tree-sitter does not have them all (walks then go through its cursor API).
 */
export function cursorBinding(): CursorBinding | undefined {
  return binding;
}

/** Emscripten's module object is the options object given to Parser.init: the functions are on it. */
function bindCursor(module: Record<string, unknown>): void {
  if (!CURSOR_FUNCTIONS.every((name) => typeof module[name] === 'function')) return;
  const transferBuffer = (module._ts_init as () => number)();
  if (typeof transferBuffer !== 'number' || transferBuffer <= 0) return;
  const picked: Record<string, unknown> = { transferBuffer };
  for (const name of CURSOR_FUNCTIONS) picked[name] = module[name];
  binding = picked as unknown as CursorBinding;
}

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
      const module: Record<string, unknown> = runtime ? { locateFile: () => runtime } : {};
      // the flag stays until the scan is done (endQuickStart): the code stays baseline, and no
      // optimising compilation competes with the scan
      if (baselineCompile && !baselineSet) {
        setV8Flag('--liftoff-only');
        baselineSet = true;
      }
      await Parser.init(module);
      bindCursor(module);
      const language = await Language.load(new Uint8Array(fs.readFileSync(grammarPath())));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return ready;
}

let baselineCompile = false;
let baselineSet = false;

/**
 * Compiles the runtime and the grammar with V8's baseline WebAssembly compiler only, when this
 * process has not compiled them yet: for a small scan (src/cli/quick-start.ts), whose parser is
 * then ready sooner, though its code is slower.
 */
export function compileParserForQuickStart(): void {
  baselineCompile = true;
}

/**
 * Gives V8 its flags back once a quick start's scan is done, those `--liftoff-only` turned off
 * included: V8 checks every flag's value before it takes a code cache, and a cache written at
 * exit (Node's compile cache, the build's lib/cli.js.cache) must fit a process that starts
 * without the flag.
 */
export function endQuickStart(): void {
  if (!baselineSet) return;
  baselineSet = false;
  for (const flag of ['--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering']) setV8Flag(flag);
}

function setV8Flag(flag: string): void {
  try {
    v8.setFlagsFromString(flag);
  } catch {
    // a runtime that refuses the flag compiles as it always did
  }
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
