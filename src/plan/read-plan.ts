/**
 * Reading `terraform show -json` output — of a plan (format_version 0.1 to 1.x) or of a state —
 * into resource entries with their values. Values known only after apply become Unknown (with a
 * reference to what they depend on, from the configuration's `references`), sensitive values are
 * marked so they never appear in messages, and every entry keeps its position in the file.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Range } from '../hcl/ast';
import { MAX_JSON_DEPTH, jsonDepth } from '../hcl/json-depth';
import { SourceText } from '../hcl/source-text';
import { NULL, bool, num, str, unknown, type Ref, type VObj, type Val } from '../terraform/value';
import { decodeText, readRegularFile } from '../read-file';

/** Largest plan file read. */
export const MAX_PLAN_BYTES = 512 * 1024 * 1024;

export class PlanError extends Error {}

type J = Record<string, unknown>;

export interface PlanProvider {
  key: string;
  /** Constant expressions of the provider block (region, allowed_account_ids, assume_role…). */
  expressions: J;
}

export interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key: string | number | undefined;
  /** `''` for the root module, else `module.a["x"]` (with instance keys). */
  moduleAddress: string;
  /** The same without instance keys, for the configuration: `module.a`. */
  moduleConfigPath: string[];
  providerKey: string | undefined;
  values: VObj;
  range: Range;
}

export interface LoadedPlan {
  /** Path as given, relative to the repository root when inside it. */
  file: string;
  kind: 'plan' | 'state';
  formatVersion: string;
  terraformVersion: string | undefined;
  resources: PlanResource[];
  /** Root module variable values. */
  variables: Map<string, Val>;
  providers: Map<string, PlanProvider>;
  /** configuration.root_module, when present. */
  configuration: J | undefined;
}

const AFTER_APPLY = 'known only after apply';

function isObj(x: unknown): x is J {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** Reads and validates a plan file. Throws PlanError with a user-facing message. */
export function readPlanFile(abs: string, display: string): LoadedPlan {
  const res = readRegularFile(abs, MAX_PLAN_BYTES);
  if (!res.ok) throw new PlanError(`${display}: ${res.reason.startsWith('file is larger') ? res.reason.replace('file is larger', 'larger') : res.reason}`);
  return parsePlanText(res.bytes, display);
}

export function parsePlanText(buf: Buffer, display: string): LoadedPlan {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    throw new PlanError(
      `${display} is a binary plan file (the output of "terraform plan -out"); tfxacct reads JSON: run "terraform show -json ${display} > plan.json" and scan plan.json`,
    );
  }
  const decoded = decodeText(buf);
  if (!decoded.ok) throw new PlanError(`${display}: ${decoded.reason}; expected the JSON output of "terraform show -json"`);
  const text = decoded.text;
  if (text.trim() === '') throw new PlanError(`${display}: the file is empty`);
  const src = new SourceText(text, display);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new PlanError(`${display}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const at = e ? src.pos(e.offset) : { line: 1, column: 1 };
    const truncated = e && e.offset + e.length >= text.trimEnd().length - 1;
    throw new PlanError(
      `${display}:${at.line}:${at.column}: not valid JSON (${e ? printParseErrorCode(e.error) : 'empty'})${truncated ? '; the file looks truncated' : ''}`,
    );
  }
  const doc = getNodeValue(root) as unknown;
  if (!isObj(doc)) throw new PlanError(`${display}: not the output of "terraform show -json" (a JSON object is expected)`);
  const fv = doc.format_version;
  if (typeof fv !== 'string') throw new PlanError(`${display}: not the output of "terraform show -json" (no format_version)`);
  const major = Number(fv.split('.')[0]);
  if (!(major === 0 || major === 1)) throw new PlanError(`${display}: unsupported format_version "${fv}" (tfxacct reads versions 0.x and 1.x)`);
  const isPlan = 'planned_values' in doc || 'resource_changes' in doc;
  const isState = !isPlan && 'values' in doc;
  if (!isPlan && !isState) throw new PlanError(`${display}: not the output of "terraform show -json" (neither planned_values nor values)`);
  return new PlanReader(doc, root, src, display, isPlan ? 'plan' : 'state', fv).read();
}

/** Splits `module.a["x"].module.b.aws_x.y[0]` into module part and resource part. */
export function splitAddress(address: string): { moduleAddress: string; modulePath: string[]; rest: string } {
  const re = /^module\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\./;
  let moduleAddress = '';
  const modulePath: string[] = [];
  let rest = address;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    moduleAddress += (moduleAddress ? '.' : '') + m[0].slice(0, -1);
    modulePath.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { moduleAddress, modulePath, rest };
}

class PlanReader {
  private readonly ranges = new Map<string, Range>();

  constructor(
    private readonly doc: J,
    private readonly root: JNode,
    private readonly src: SourceText,
    private readonly file: string,
    private readonly kind: 'plan' | 'state',
    private readonly formatVersion: string,
  ) {}

  private rangeOf(node: JNode | undefined): Range {
    if (!node) return this.src.range(0, 0);
    const addr = node.children?.find((p) => p.children?.[0]?.value === 'address')?.children?.[1];
    const at = addr ?? node;
    return this.src.range(at.offset, at.offset + at.length);
  }

  /** Positions of resource entries: resource_changes first, then planned_values / values / prior_state. */
  private indexRanges(): void {
    const record = (arr: JNode | undefined) => {
      for (const item of arr?.children ?? []) {
        const a = item.children?.find((p) => p.children?.[0]?.value === 'address')?.children?.[1]?.value;
        if (typeof a === 'string' && !this.ranges.has(a)) this.ranges.set(a, this.rangeOf(item));
      }
    };
    record(findNodeAtLocation(this.root, ['resource_changes']));
    const modules = (m: JNode | undefined, depth: number) => {
      if (!m || depth > 100) return;
      record(findNodeAtLocation(m, ['resources']));
      for (const c of findNodeAtLocation(m, ['child_modules'])?.children ?? []) modules(c, depth + 1);
    };
    modules(findNodeAtLocation(this.root, [this.kind === 'plan' ? 'planned_values' : 'values', 'root_module']), 0);
    modules(findNodeAtLocation(this.root, ['prior_state', 'values', 'root_module']), 0);
  }

  read(): LoadedPlan {
    this.indexRanges();
    const config = isObj(this.doc.configuration) ? this.doc.configuration : undefined;
    const configRoot = config && isObj(config.root_module) ? config.root_module : undefined;
    const entries = new Map<string, { r: J; after: unknown; afterUnknown: unknown; afterSensitive: unknown }>();
    // planned or state values
    const fromModule = (m: unknown, depth: number) => {
      if (!isObj(m) || depth > 100) return;
      for (const r of Array.isArray(m.resources) ? m.resources : []) {
        if (isObj(r) && typeof r.address === 'string' && !entries.has(r.address)) entries.set(r.address, { r, after: r.values, afterUnknown: undefined, afterSensitive: r.sensitive_values });
      }
      for (const c of Array.isArray(m.child_modules) ? m.child_modules : []) fromModule(c, depth + 1);
    };
    if (this.kind === 'state') fromModule(isObj(this.doc.values) ? this.doc.values.root_module : undefined, 0);
    else {
      // resource_changes are the most complete: after + after_unknown
      for (const rc of Array.isArray(this.doc.resource_changes) ? this.doc.resource_changes : []) {
        if (!isObj(rc) || typeof rc.address !== 'string' || !isObj(rc.change)) continue;
        const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
        if (actions.length === 1 && actions[0] === 'delete') continue;
        entries.set(rc.address, { r: rc, after: rc.change.after, afterUnknown: rc.change.after_unknown, afterSensitive: rc.change.after_sensitive });
      }
      const deleted = new Set(
        (Array.isArray(this.doc.resource_changes) ? this.doc.resource_changes : [])
          .filter((rc): rc is J => isObj(rc) && isObj(rc.change) && Array.isArray(rc.change.actions) && rc.change.actions.length === 1 && rc.change.actions[0] === 'delete')
          .map((rc) => rc.address as string),
      );
      const planned = isObj(this.doc.planned_values) ? this.doc.planned_values.root_module : undefined;
      fromModule(planned, 0);
      // data sources read during planning are in the prior state
      const prior = isObj(this.doc.prior_state) && isObj(this.doc.prior_state.values) ? this.doc.prior_state.values.root_module : undefined;
      const priorEntries = new Map<string, J>();
      const collectPrior = (m: unknown, depth: number) => {
        if (!isObj(m) || depth > 100) return;
        for (const r of Array.isArray(m.resources) ? m.resources : []) if (isObj(r) && typeof r.address === 'string') priorEntries.set(r.address, r);
        for (const c of Array.isArray(m.child_modules) ? m.child_modules : []) collectPrior(c, depth + 1);
      };
      collectPrior(prior, 0);
      for (const [a, r] of priorEntries) {
        const cur = entries.get(a);
        if (r.mode === 'data' && (!cur || cur.after === null || cur.after === undefined)) entries.set(a, { r, after: r.values, afterUnknown: undefined, afterSensitive: r.sensitive_values });
      }
      for (const a of deleted) entries.delete(a);
    }
    const resources: PlanResource[] = [];
    for (const [address, e] of entries) {
      const r = e.r;
      const mode = r.mode === 'data' ? 'data' : 'managed';
      if (typeof r.type !== 'string' || typeof r.name !== 'string') continue;
      const split = splitAddress(address);
      const cfgResource = this.configResource(configRoot, split.modulePath, mode, r.type, r.name);
      const range = this.ranges.get(address) ?? this.src.range(0, 0);
      const refsOf = (path: (string | number)[]): Ref | undefined => this.referenceAt(cfgResource?.expressions, path, split.moduleAddress);
      const values = toVal(e.after, e.afterUnknown, e.afterSensitive, [], refsOf, range, address, 0);
      // attributes AWS computes and the configuration does not set (a bucket's policy, a role's
      // inline policies…) are not configuration: leave them out rather than read them as unknown
      const exprs = cfgResource && typeof cfgResource.expressions === 'object' ? (cfgResource.expressions as J) : undefined;
      if (exprs && values.t === 'o') {
        for (const [k, v] of [...values.m]) if (v.t === 'u' && !(k in exprs)) values.m.delete(k);
      }
      resources.push({
        address,
        mode,
        type: r.type,
        name: r.name,
        key: typeof r.index === 'string' || typeof r.index === 'number' ? r.index : undefined,
        moduleAddress: split.moduleAddress,
        moduleConfigPath: split.modulePath,
        providerKey: typeof cfgResource?.provider_config_key === 'string' ? cfgResource.provider_config_key : undefined,
        values: values.t === 'o' ? values : { t: 'o', m: new Map(), r: range },
        range,
      });
    }
    resources.sort((a, b) => a.address.localeCompare(b.address));
    return {
      file: this.file,
      kind: this.kind,
      formatVersion: this.formatVersion,
      terraformVersion: typeof this.doc.terraform_version === 'string' ? this.doc.terraform_version : undefined,
      resources,
      variables: this.variables(),
      providers: this.providers(config),
      configuration: configRoot,
    };
  }

  private variables(): Map<string, Val> {
    const out = new Map<string, Val>();
    const vars = this.doc.variables;
    if (!isObj(vars)) return out;
    const node = findNodeAtLocation(this.root, ['variables']);
    for (const [k, v] of Object.entries(vars)) {
      if (!isObj(v) || !('value' in v)) continue;
      const at = findNodeAtLocation(node ?? this.root, [k]);
      const r = at ? this.src.range(at.offset, at.offset + at.length) : undefined;
      out.set(k, toVal(v.value, undefined, undefined, [], () => undefined, r ?? this.src.range(0, 0), `var.${k}`, 0));
    }
    return out;
  }

  private providers(config: J | undefined): Map<string, PlanProvider> {
    const out = new Map<string, PlanProvider>();
    const pc = config && isObj(config.provider_config) ? config.provider_config : {};
    for (const [key, p] of Object.entries(pc)) {
      if (isObj(p)) out.set(key, { key, expressions: isObj(p.expressions) ? p.expressions : {} });
    }
    return out;
  }

  /** The configuration entry of a resource (module path without instance keys). */
  private configResource(configRoot: J | undefined, modulePath: string[], mode: string, type: string, name: string): J | undefined {
    let m: unknown = configRoot;
    for (const call of modulePath) {
      if (!isObj(m) || !isObj(m.module_calls)) return undefined;
      const c = m.module_calls[call];
      m = isObj(c) ? c.module : undefined;
    }
    if (!isObj(m) || !Array.isArray(m.resources)) return undefined;
    const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    return m.resources.find((r): r is J => isObj(r) && r.address === address);
  }

  /** The resource or data source an attribute's configuration expression refers to. */
  private referenceAt(expressions: unknown, path: (string | number)[], moduleAddress: string): Ref | undefined {
    let e: unknown = expressions;
    for (const p of path) {
      if (Array.isArray(e)) e = e[typeof p === 'number' ? p : 0];
      else if (isObj(e)) e = e[String(p)];
      else return undefined;
    }
    if (!isObj(e) || !Array.isArray(e.references)) return undefined;
    for (const ref of e.references) {
      if (typeof ref !== 'string') continue;
      const m = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[(?:"[^"]*"|\d+)\])?)\.([A-Za-z0-9_]+)/.exec(ref);
      if (!m || m[1].startsWith('var.') || m[1].startsWith('local.') || m[1].startsWith('module.') || m[1].startsWith('each.') || m[1].startsWith('count.') || m[1].startsWith('path.')) continue;
      return { address: moduleAddress ? `${moduleAddress}.${m[1]}` : m[1], attr: m[2] };
    }
    return undefined;
  }
}

/** A plan value as a Val: after_unknown marks Unknown (with its reference), after_sensitive marks sensitive. */
function toVal(
  after: unknown,
  afterUnknown: unknown,
  afterSensitive: unknown,
  path: (string | number)[],
  refs: (path: (string | number)[]) => Ref | undefined,
  r: Range,
  address: string,
  depth: number,
): Val {
  if (depth > 100) return unknown('value nested too deeply', r);
  if (afterUnknown === true) {
    const ref = refs(path);
    return unknown(AFTER_APPLY, r, ref ? { ref } : {});
  }
  const sensitive = afterSensitive === true;
  const mark = <T extends Val>(v: T): T => (sensitive && (v.t === 's' || v.t === 'u') ? { ...v, sensitive: true } : v);
  if (after === null || after === undefined) return { ...NULL, r };
  if (typeof after === 'string') return mark(str(after, r));
  if (typeof after === 'number') return num(after, r);
  if (typeof after === 'boolean') return bool(after, r);
  if (Array.isArray(after)) {
    const unk = Array.isArray(afterUnknown) ? afterUnknown : [];
    const sen = Array.isArray(afterSensitive) ? afterSensitive : [];
    const len = Math.max(after.length, unk.length);
    const items: Val[] = [];
    for (let i = 0; i < len; i++) items.push(toVal(after[i], unk[i], sensitive || sen[i], [...path, i], refs, r, address, depth + 1));
    return { t: 'l', items, r };
  }
  if (isObj(after)) {
    const unk = isObj(afterUnknown) ? afterUnknown : {};
    const sen = isObj(afterSensitive) ? afterSensitive : {};
    const m = new Map<string, Val>();
    for (const k of new Set([...Object.keys(after), ...Object.keys(unk)])) {
      m.set(k, toVal(after[k], unk[k], sensitive || sen[k], [...path, k], refs, r, address, depth + 1));
    }
    return { t: 'o', m, r };
  }
  return unknown('unsupported value', r);
}
