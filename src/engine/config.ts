/**
 * The `.tfxacct.yml` configuration: read with `yaml`, validated with ajv against the schema
 * shipped in the package. Every problem is reported with the file and line it is on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { GlobError, PathFilter } from '../glob';
import { packageFile } from '../package-files';
import { escapesRoot, readRegularFile } from '../read-file';
import type { Inventory } from '../graph/graph';
import type { Level } from './rule';
import type { IgnoreEntry } from './suppressions';

export interface RuleSetting {
  enabled: boolean;
  level?: Level;
}

export interface Config {
  /** Path of the file it was read from, if any. */
  file?: string;
  inventory: Inventory;
  /** Root module folder -> account id. */
  accounts: Record<string, string>;
  rules: Map<string, RuleSetting>;
  ignore: IgnoreEntry[];
  /** Paths not to scan: globs relative to the repository root. */
  exclude: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export const CONFIG_NAMES = ['.tfxacct.yml', '.tfxacct.yaml'];

export function emptyConfig(): Config {
  return { inventory: { internal: new Map(), thirdParties: new Map() }, accounts: {}, rules: new Map(), ignore: [], exclude: [] };
}

function schemaPath(): string {
  const found = packageFile('schema', 'tfxacct-config.schema.json');
  if (!found) throw new Error('tfxacct-config.schema.json not found');
  return found;
}

let yamlModule: typeof import('yaml') | undefined;
const yamlLib = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    // ajv and yaml are loaded only when there is a configuration to read
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    const ajv = new AjvClass({ allErrors: true, strict: true });
    validator = ajv.compile(JSON.parse(fs.readFileSync(schemaPath(), 'utf8')));
  }
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** Line of the YAML node at a JSON pointer (the key, for unknown properties). */
function lineOf(doc: Document, lc: LineCounter, pointer: string, property?: string): number | undefined {
  const { isMap } = yamlLib();
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  for (const k of keys) {
    if (isMap(node)) node = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === k)?.value;
    else if (node && typeof node === 'object' && 'items' in node) node = (node as { items: unknown[] }).items[Number(k)];
    else return undefined;
  }
  if (property && isMap(node)) {
    const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === property);
    const range = (pair?.key as { range?: [number, number, number] })?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  const range = (node as { range?: [number, number, number] })?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

function describeError(e: ErrorObject): { message: string; property?: string } {
  const where = e.instancePath || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const p = (e.params as { additionalProperty: string }).additionalProperty;
      return { message: `unknown key "${p}" in ${where}`, property: p };
    }
    case 'propertyNames':
      return { message: `invalid key "${(e.params as { propertyName: string }).propertyName}" in ${where}`, property: (e.params as { propertyName: string }).propertyName };
    case 'enum':
      return { message: `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'required':
      return { message: `${where} is missing "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'pattern':
      return { message: `${where} does not match ${(e.params as { pattern: string }).pattern}` };
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

/**
 * Parses and validates configuration text. Throws ConfigError listing every problem with its line.
 * `ruleIds` maps every rule id and slug to its id.
 */
export function parseConfig(text: string, file: string, ruleIds: ReadonlyMap<string, string>): Config {
  const { LineCounter, parseDocument, visit, isScalar } = yamlLib();
  const lc = new LineCounter();
  // the yaml library's own uniqueKeys check compares every key with every other (quadratic): keys
  // are checked here with a set per mapping instead
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const problems: string[] = [];
  for (const e of doc.errors) problems.push(`${file}:${lc.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) problems.push(`${file}:${lc.linePos((pair.key as { range?: [number, number, number] }).range?.[0] ?? 0).line}: Map keys must be unique (${JSON.stringify(key)} is repeated)`);
        seen.add(key);
      }
    },
  });
  if (problems.length > 0) throw new ConfigError(problems);
  let data: Record<string, unknown>;
  try {
    data = (doc.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
  } catch (e) {
    // the yaml library refuses aliases that expand too far (a resource exhaustion attempt)
    throw new ConfigError([`${file}:1: ${(e as Error).message.split('\n')[0]} (more than 50 alias expansions)`]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError([`${file}:1: the configuration must be a mapping`]);
  const errors = validate(data);
  // anyOf produces one error per branch; keep the most specific ones
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const { message, property } = describeError(e);
    const line = lineOf(doc, lc, e.instancePath, property) ?? 1;
    const text = `${file}:${line}: ${message}`;
    if (!seen.has(text)) problems.push(text);
    seen.add(text);
  }
  // what follows reads only what has the right shape (the schema's errors say what has not)
  const mapping = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const rules = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(mapping(data.rules))) {
    if (!ruleIds.has(id)) {
      problems.push(`${file}:${lineOf(doc, lc, '/rules', id) ?? 1}: unknown rule ${id}`);
      continue;
    }
    if (setting === 'off' || setting === false) rules.set(id, { enabled: false });
    else if (setting === 'on' || setting === true) rules.set(id, { enabled: true });
    else if (typeof setting === 'string') rules.set(id, { enabled: true, level: setting as Level });
    else if (setting && typeof setting === 'object') {
      const s = setting as { level?: Level; enabled?: boolean };
      rules.set(id, { enabled: s.enabled ?? true, ...(s.level ? { level: s.level } : {}) });
    }
  }
  // ignore entries name a rule by id or slug; they are kept by id, with their line
  const ignore: IgnoreEntry[] = [];
  for (const [i, ig] of (list(data.ignore) as IgnoreEntry[]).entries()) {
    if (typeof ig?.rule !== 'string') continue;
    const line = lineOf(doc, lc, `/ignore/${i}`) ?? 1;
    const id = ig.rule === '*' ? '*' : ruleIds.get(ig.rule) ?? ruleIds.get(ig.rule.toUpperCase());
    if (!id) problems.push(`${file}:${lineOf(doc, lc, `/ignore/${i}/rule`) ?? line}: unknown rule ${ig.rule}`);
    else ignore.push({ ...ig, rule: id, line });
  }
  const exclude = list(data.exclude).filter((p): p is string => typeof p === 'string');
  for (const [i, pattern] of exclude.entries()) {
    try {
      new PathFilter([pattern]);
    } catch (e) {
      if (!(e instanceof GlobError)) throw e;
      problems.push(`${file}:${lineOf(doc, lc, `/exclude/${i}`) ?? 1}: exclude ${e.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const org = (data.organization as { id?: string; accounts?: Record<string, { name?: string }> }) ?? {};
  const named = (m: Record<string, { name?: string }> | undefined) => new Map(Object.entries(m ?? {}).map(([id, v]) => [id, v?.name ?? id]));
  const accounts: Record<string, string> = {};
  for (const [dir, acct] of Object.entries((data.accounts as Record<string, string | number>) ?? {})) accounts[dir.replace(/\/+$/, '')] = String(acct);
  return {
    file,
    inventory: { ...(org.id ? { organizationId: org.id } : {}), internal: named(org.accounts), thirdParties: named(data.third_parties as Record<string, { name?: string }>) },
    accounts,
    rules,
    ignore,
    exclude,
  };
}

/** Largest configuration file read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Finds `.tfxacct.yml` from a directory upward, not above the boundary. A candidate that leads
 * outside the boundary once symlinks are followed is refused (a config error), never read.
 */
export function findConfig(start: string, boundary: string): string | undefined {
  let dir = path.resolve(start);
  const stop = path.resolve(boundary);
  for (let i = 0; i < 100; i++) {
    for (const n of CONFIG_NAMES) {
      const p = path.join(dir, n);
      let exists = false;
      try {
        fs.lstatSync(p);
        exists = true;
      } catch {
        exists = false;
      }
      if (!exists) continue;
      const real = safeRealpath(p);
      const realRoot = safeRealpath(stop) ?? stop;
      if (!real || escapesRoot(path.relative(realRoot, real))) throw new ConfigError([`${path.relative(stop, p) || p}: leads outside the repository (symlink); not read`]);
      return p;
    }
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir || !(parent + path.sep).startsWith(stop + path.sep) && parent !== stop) return undefined;
    dir = parent;
  }
  return undefined;
}

export function loadConfigFile(file: string, ruleIds: ReadonlyMap<string, string>, displayName = file): Config {
  const res = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!res.ok) throw new ConfigError([`${displayName}: ${res.reason}`]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(res.bytes);
  } catch {
    throw new ConfigError([`${displayName}: not valid UTF-8`]);
  }
  return parseConfig(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, displayName, ruleIds);
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
