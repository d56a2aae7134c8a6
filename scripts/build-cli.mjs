#!/usr/bin/env node
// Bundles the command line into one file, lib/cli.js (esbuild), which bin/tfxacct.js loads (and
// the file-reading thread's script, lib/parse-worker.js): a
// command then reads and compiles one file instead of resolving and loading some 450 modules.
// Bundled: tfxacct's own code and the dependencies a scan always loads: commander, jsonc-parser
// (its ES module build) and web-tree-sitter (its CommonJS build, with its runtime's WebAssembly
// copied beside the bundle, where src/hcl/tree-sitter.ts looks first), so that a scan resolves no
// package at all; their licences go to lib/THIRD_PARTY_LICENSES.txt. The other dependencies stay
// in node_modules and are loaded from there when a command needs them, as before. The bundle
// lives in lib/ beside the compiled modules (the library entry), so it finds the package's data/,
// schema/ and rules/ folders one folder up, as they do.
// Usage: node scripts/build-cli.mjs [--out DIR]   (default lib). Prints nothing on success.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { packageInfo } from './build-data.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg === -1 ? 'lib' : process.argv[outArg + 1]);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

export const BUNDLED = ['commander', 'jsonc-parser', 'web-tree-sitter'];

const result = await esbuild.build({
  absWorkingDir: root,
  // the command line, and the file-reading thread's script beside it (src/hcl/read-pool.ts looks there)
  entryPoints: { cli: 'src/cli/main.ts', 'parse-worker': 'src/hcl/parse-worker.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // as for the Action (scripts/build-action.mjs): jsonc-parser's UMD build loads its parts with a
  // dynamic require, web-tree-sitter's ES module build relies on import.meta.url
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', 'web-tree-sitter': require.resolve('web-tree-sitter') },
  // loaded from node_modules at run time (yaml, ajv, re2js, the second HCL reader, the graph
  // layout library only by the commands and reports that need them)
  external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)),
  outdir: out,
  metafile: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
});

// nothing else from node_modules may be in the bundle: a development dependency would be missing
// from an installed package only where it is not bundled, and a bundled package needs its licence
const inputs = Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/'));
const packages = new Set(inputs.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)[1]));
const unexpected = [...packages].filter((p) => !BUNDLED.includes(p));
if (unexpected.length > 0) throw new Error(`the CLI bundle includes ${unexpected.join(', ')}: add it to BUNDLED (with its licence) or to the external dependencies`);

fs.copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));

const notices = BUNDLED.map((name) => {
  const info = packageInfo(name);
  return `${name}@${info.pkg.version} (${info.pkg.license ?? 'see licence'}), bundled into cli.js${name === 'web-tree-sitter' ? ', parse-worker.js' : ''}${name === 'web-tree-sitter' ? ' (and tree-sitter.wasm)' : ''}\n\n${info.licence ?? 'No licence file shipped; see the package.'}\n`;
});
fs.writeFileSync(path.join(out, 'THIRD_PARTY_LICENSES.txt'), notices.join('\n' + '-'.repeat(78) + '\n\n'));

// V8's cache of the bundle's compiled code, for Node versions without a compile cache of their own
// (bin/tfxacct.js): made by a scan of a fixture with the shipped bin, so it holds what a scan
// compiles. Only for lib/, which the bin loads; a cache the running Node rejects costs nothing.
if (out === path.join(root, 'lib')) {
  const cache = path.join(out, 'cli.js.cache');
  fs.rmSync(cache, { force: true });
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'tfxacct.js'), 'scan', path.join(root, 'testdata', 'projects', 'multi-account'), '-q', '-f', 'sarif', '-o', os.devNull], {
    cwd: root,
    env: { ...process.env, TFXACCT_MAKE_CODE_CACHE: cache },
    encoding: 'utf8',
  });
  if ((r.status !== 0 && r.status !== 1) || !fs.existsSync(cache)) throw new Error(`the code cache scan failed (${r.status}): ${r.stderr}`);
}
