/**
 * A module instance: one module directory evaluated with its inputs, providers and address
 * prefix. Variables, locals, resources, data sources, module calls and outputs are evaluated
 * on demand and memoised; a reference cycle yields Unknown instead of recursing forever.
 */
import * as path from 'node:path';
import type { Block, Body, Expr, Range } from '../hcl/ast';
import { attr, blocksOf } from '../hcl/ast';
import { computedAttributes, partitionOf } from './aws-computed';
import type { Diagnostics } from '../diagnostics';
import { ChildScope, type Evaluator } from './evaluate';
import { INSTANCE_BUDGET_SPENT, type Resolved, type Scope, type Step } from './scope';
import { literalString, type ModuleCallConfig, type ModuleConfig, type ResourceConfig } from './module-config';
import { applyType, parseType } from './types';
import { NULL, list, num, obj, str, unknown, type VObj, type VUnknown, type Val } from './value';
import { compact } from '../collections';
import { META_ATTRS, META_BLOCKS, bodySite, type BodySite } from './body-site';

/** What a module instance needs from the loader that creates it. */
export interface InstanceHost {
  readonly diags: Diagnostics;
  readonly evaluator: Evaluator;
  readonly organizationId: string | undefined;
  /** The provider configuration a root module gets for a provider it does not configure. */
  implicitProvider(key: string, rootDir: string): ProviderConfig;
  /** The account the inventory gives a root module folder. */
  inventoryAccount(rootDir: string): string | undefined;
  /** The module directory a call refers to, or why it cannot be scanned. */
  resolveModuleSource(from: ModuleInstance, call: ModuleCallConfig): { cfg: ModuleConfig } | { why: string };
  /** Takes up to `n` instances from the scan's budget (nested counts multiply); how many it may create. */
  claimInstances(n: number, address: string, at: Range): number;
}

export interface ProviderConfig {
  /** `aws` or `aws.alias`. */
  key: string;
  account: string | undefined;
  /** How the account was determined, or why it is unknown. */
  accountNote: string;
  accountSource: 'assume_role' | 'allowed_account_ids' | 'inventory' | 'unknown';
  region: string | undefined;
  range?: Range;
}

export interface ResourceInstance {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key: string | number | undefined;
  /** Root module folder (repository-relative), or the plan file, the address belongs to. */
  rootDir: string;
  /** Folder of the module whose code declares the resource (where its findings point). */
  moduleDir: string;
  /** The resource block, or the resource's entry in a plan file. */
  range: Range;
  /** Where the resource block's attributes are written, when the resource comes from source. */
  site?: BodySite;
  origin: 'hcl' | 'plan';
  attrs: VObj;
  provider: ProviderConfig;
  account: string | undefined;
  accountNote: string;
  region: string | undefined;
  /**
   * Set when the instance exists only if an unknown count or for_each yields it: why (the count
   * or for_each and its reason). Its key is unknown and its address shows `[?]`.
   */
  possible?: string;
  /**
   * What references see when it differs from the configuration: attributes in
   * `lifecycle.ignore_changes` keep the value in the state, which is managed outside and unknown.
   */
  refAttrs?: VObj;
}

/** The attributes of an instance as another resource's reference sees them. */
function seenAttrs(r: ResourceInstance): VObj {
  return r.refAttrs ?? r.attrs;
}

/** Top-level attribute names a `lifecycle { ignore_changes = [...] }` lists; `all` for every one. */
function ignoredAttributes(body: Body): Set<string> | 'all' | undefined {
  const lifecycle = blocksOf(body, 'lifecycle')[0];
  const a = lifecycle && attr(lifecycle.body, 'ignore_changes');
  if (!a) return undefined;
  if (a.expr.kind === 'variable' && a.expr.name === 'all') return 'all';
  if (a.expr.kind !== 'tuple') return undefined;
  const names = new Set<string>();
  for (const item of a.expr.items) {
    // `tags["x"]` and `rule[0].name` ignore the top-level attribute; the legacy quoted form too
    const n = traversalRoot(item) ?? literalString(item);
    if (n) names.add(n);
  }
  return names;
}

/** The name a traversal (`a.b[0]`) starts from. */
function traversalRoot(e: Expr): string | undefined {
  if (e.kind === 'variable') return e.name;
  if (e.kind === 'getattr' || e.kind === 'index') return traversalRoot(e.target);
  return undefined;
}

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** Where an attribute of a resource is written (the resource itself when not in source). */
export function attributeRange(r: ResourceInstance, name: string): Range {
  return r.site?.attributeRange(name) ?? r.range;
}

/** A resource attribute's value when it is a known string (an ARN, a name). */
export function stringAttr(r: ResourceInstance, name: string): string | undefined {
  const v = r.attrs.m.get(name);
  return v?.t === 's' ? v.v : undefined;
}

/** Deepest module nesting instantiated. */
export const MAX_MODULE_DEPTH = 50;

/** Most instances one resource or module may expand to. */
export const MAX_INSTANCES = 10_000;

const IN_PROGRESS: VUnknown = { t: 'u', why: 'reference cycle' };

/** The key of an instance that exists only if an unknown count or for_each yields it. */
export const POSSIBLE_KEY = '?';

export function instanceKeySuffix(key: string | number | undefined, possible = false): string {
  if (possible) return `[${POSSIBLE_KEY}]`;
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** `aws.prod` from a traversal expression. */
export function traversalText(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'variable') return e.name;
  if (e.kind === 'getattr') {
    const t = traversalText(e.target);
    return t === undefined ? undefined : `${t}.${e.name}`;
  }
  return undefined;
}

function accountFromArn(s: string): string | undefined {
  const m = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(s);
  return m ? m[1] : undefined;
}

type Expansion =
  | { kind: 'single' }
  | { kind: 'count'; n: number }
  | { kind: 'for_each'; entries: [string, Val][] }
  /** count or for_each is unknown: analysed as one possible instance of unknown key. */
  | { kind: 'possible'; by: 'count' | 'for_each'; why: VUnknown }
  | { kind: 'unknown'; why: VUnknown };

interface CallInstances {
  expansion: Expansion;
  instances: Map<string | number | undefined, ModuleInstance>;
  unavailable?: string;
}

export class ModuleInstance implements Scope {
  private readonly vars = new Map<string, Val>();
  private readonly localsMemo = new Map<string, Val>();
  private readonly groupInstances = new Map<string, ResourceInstance[] | VUnknown>();
  private readonly groupExpansion = new Map<string, Expansion>();
  private readonly calls = new Map<string, CallInstances>();
  private readonly outputsMemo = new Map<string, Val>();
  private providersMemo: Map<string, ProviderConfig> | undefined;
  readonly moduleDir: string;

  constructor(
    readonly loader: InstanceHost,
    /** Repository-relative directory of the root module this instance belongs to. */
    readonly rootDir: string,
    readonly cfg: ModuleConfig,
    /** Address prefix: '' for the root, `module.a["k"].` below. */
    readonly prefix: string,
    /** Module names from the root (for .terraform/modules keys). */
    readonly callPath: string[],
    private readonly input: (name: string) => Val | undefined,
    private readonly inherited: Map<string, ProviderConfig>,
    /** Module directories of the instances above this one (to refuse module cycles). */
    readonly ancestorDirs: string[] = [],
    /** Set when this instance exists only if an unknown count or for_each above it yields it (why). */
    readonly possible?: string,
  ) {
    this.moduleDir = path.posix.relative(rootDir, cfg.dir) || '.';
  }

  private get ev() {
    return this.loader.evaluator;
  }

  // ---------------------------------------------------------------- scope

  resolve(root: string, steps: Step[], range: Range): Resolved | undefined {
    const first = steps[0];
    const attrName = first?.kind === 'attr' ? first.name : undefined;
    switch (root) {
      case 'var':
        if (!attrName) return { value: unknown('"var" needs an attribute', range, { err: true }), consumed: 0 };
        return { value: this.variable(attrName, first.range), consumed: 1 };
      case 'local':
        if (!attrName) return { value: unknown('"local" needs an attribute', range, { err: true }), consumed: 0 };
        return { value: this.local(attrName, first.range), consumed: 1 };
      case 'path':
        if (attrName === 'module') return { value: str(this.moduleDir, range), consumed: 1 };
        if (attrName === 'root' || attrName === 'cwd') return { value: str('.', range), consumed: 1 };
        return { value: unknown(`path.${attrName} is not supported`, range, { err: true }), consumed: 1 };
      case 'terraform':
        if (attrName === 'workspace') return { value: str('default', range), consumed: 1 };
        return { value: unknown(`terraform.${attrName} is not supported`, range), consumed: 1 };
      case 'data': {
        const second = steps[1];
        if (!attrName || second?.kind !== 'attr') return { value: unknown('data reference needs a type and a name', range, { err: true }), consumed: 0 };
        return this.groupReference('data', `${attrName}.${second.name}`, steps, 2, range);
      }
      case 'module':
        if (!attrName) return { value: unknown('"module" needs a name', range, { err: true }), consumed: 0 };
        return this.moduleReference(attrName, steps, range);
      case 'self':
      case 'each':
      case 'count':
        return { value: unknown(`"${root}" is not available here`, range, { err: true }), consumed: 0 };
    }
    if (attrName && this.cfg.resources.has(`${root}.${attrName}`)) {
      return this.groupReference('managed', `${root}.${attrName}`, steps, 1, range);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- variables and locals

  variable(name: string, range: Range): Val {
    const memo = this.vars.get(name);
    if (memo) return memo;
    const block = this.cfg.variables.get(name);
    if (!block) return unknown(`variable "${name}" is not declared`, range, { err: true });
    this.vars.set(name, IN_PROGRESS);
    let v = this.input(name);
    const nullable = attr(block.body, 'nullable');
    const notNullable = nullable?.expr.kind === 'literal' && nullable.expr.value === false;
    if (v === undefined || (v.t === 'null' && notNullable)) {
      const def = attr(block.body, 'default');
      if (def) v = this.ev.eval(def.expr, this);
      else if (this.prefix === '') {
        v = unknown(`variable "${name}" has no value`, block.range);
        this.loader.diags.note(
          'missing-variable',
          `variable "${name}" has no value (no default, not set in tfvars or --var); values that depend on it are unknown`,
          block.range,
        );
      } else v = unknown(`module input "${name}" is not set`, block.range);
    }
    v = applyType(v, parseType(attr(block.body, 'type')?.expr), this.ev, this);
    const sensitive = attr(block.body, 'sensitive');
    if (sensitive?.expr.kind === 'literal' && sensitive.expr.value === true && (v.t === 's' || v.t === 'u')) v = { ...v, sensitive: true };
    this.vars.set(name, v);
    return v;
  }

  local(name: string, range: Range): Val {
    const memo = this.localsMemo.get(name);
    if (memo) return memo;
    const a = this.cfg.locals.get(name);
    if (!a) return unknown(`local value "${name}" is not declared`, range, { err: true });
    this.localsMemo.set(name, IN_PROGRESS);
    const v = this.ev.eval(a.expr, this);
    this.localsMemo.set(name, v);
    return v;
  }

  // ---------------------------------------------------------------- providers

  get providers(): Map<string, ProviderConfig> {
    if (!this.providersMemo) {
      const m = new Map(this.inherited);
      this.providersMemo = m;
      for (const [key, block] of this.cfg.providers) m.set(key, this.evalProvider(key, block));
    }
    return this.providersMemo;
  }

  private evalProvider(key: string, block: Block): ProviderConfig {
    const attrs = this.evalBody(block.body, this, false);
    const region = attrs.m.get('region');
    const pc: ProviderConfig = {
      key,
      account: undefined,
      accountNote: '',
      accountSource: 'unknown',
      region: region?.t === 's' ? region.v : undefined,
      range: block.range,
    };
    const roles = [attrs.m.get('assume_role'), attrs.m.get('assume_role_with_web_identity')].flatMap((l) => (l && l.t === 'l' ? l.items : []));
    const lastRole = roles[roles.length - 1];
    const roleArn = lastRole && lastRole.t === 'o' ? lastRole.m.get('role_arn') : undefined;
    if (roleArn && roleArn.t === 's' && accountFromArn(roleArn.v)) {
      pc.account = accountFromArn(roleArn.v);
      pc.accountSource = 'assume_role';
      pc.accountNote = `provider ${key} assumes ${roleArn.v}`;
      return pc;
    }
    const allowed = attrs.m.get('allowed_account_ids');
    if (allowed && allowed.t === 'l' && allowed.items.length === 1 && allowed.items[0].t === 's' && /^\d{12}$/.test(allowed.items[0].v)) {
      pc.account = allowed.items[0].v;
      pc.accountSource = 'allowed_account_ids';
      pc.accountNote = `provider ${key} allows only account ${pc.account}`;
      return pc;
    }
    const inv = this.loader.inventoryAccount(this.rootDir);
    if (inv) {
      pc.account = inv;
      pc.accountSource = 'inventory';
      pc.accountNote = `the accounts inventory maps ${this.rootDir} to ${inv}`;
      return pc;
    }
    pc.accountNote =
      roleArn && roleArn.t === 'u'
        ? `provider ${key}: assume_role.role_arn is unknown (${roleArn.why})`
        : `provider ${key} names no account (no assume_role, allowed_account_ids or inventory entry)`;
    return pc;
  }

  /** The provider configuration managing a resource. */
  providerFor(rc: ResourceConfig): ProviderConfig {
    const explicit = traversalText(attr(rc.block.body, 'provider')?.expr);
    const key = explicit ?? rc.type.split('_')[0];
    const found = this.providers.get(key) ?? this.providers.get(key.split('.')[0]);
    if (found) return found;
    return this.loader.implicitProvider(key, this.rootDir);
  }

  // ---------------------------------------------------------------- resources and data sources

  private groupConfig(mode: 'managed' | 'data', key: string): ResourceConfig | undefined {
    return mode === 'managed' ? this.cfg.resources.get(key) : this.cfg.data.get(key);
  }

  /**
   * A reference to a resource or data block; `aws_x.name[k]` of a possible instance (unknown
   * for_each) reads that instance, whatever the key.
   */
  private groupReference(mode: 'managed' | 'data', key: string, steps: Step[], consumed: number, range: Range): Resolved {
    const value = this.groupValue(mode, key, range);
    const next = steps[consumed];
    // every key of a possible instance's group names it, even an unknown key (each.key of another possible instance)
    if (value.t === 'u' && next?.kind === 'index') {
      const insts = this.groupInstances.get(`${mode}:${key}`);
      const exp = this.groupExpansion.get(`${mode}:${key}`);
      if (exp?.kind === 'possible' && Array.isArray(insts) && insts[0]) return { value: seenAttrs(insts[0]), consumed: consumed + 1 };
    }
    return { value, consumed };
  }

  /** Value of `aws_x.name` / `data.aws_x.name` as a reference sees it. */
  groupValue(mode: 'managed' | 'data', key: string, range: Range): Val {
    const rc = this.groupConfig(mode, key);
    if (!rc) return unknown(`${mode === 'data' ? 'data.' : ''}${key} is not declared`, range, { err: true });
    const insts = this.instances(rc);
    if (!Array.isArray(insts)) return insts;
    const exp = this.groupExpansion.get(`${mode}:${key}`)!;
    if (exp.kind === 'single') return insts[0] ? seenAttrs(insts[0]) : NULL;
    if (exp.kind === 'possible') return possibleGroup(exp, seenAttrs(insts[0]), rc.block.range);
    if (exp.kind === 'count') return list(insts.map(seenAttrs), rc.block.range);
    return obj(
      insts.map((i) => [String(i.key), seenAttrs(i)]),
      rc.block.range,
    );
  }

  /** Every instance of a resource or data block (memoised). */
  instances(rc: ResourceConfig): ResourceInstance[] | VUnknown {
    const memoKey = `${rc.mode}:${rc.type}.${rc.name}`;
    const memo = this.groupInstances.get(memoKey);
    if (memo) return memo;
    this.groupInstances.set(memoKey, { ...IN_PROGRESS, why: `reference cycle through ${rc.type}.${rc.name}` });
    const address = `${this.prefix}${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
    const exp = this.expand(rc.block, this, address);
    this.groupExpansion.set(memoKey, exp);
    let result: ResourceInstance[] | VUnknown;
    const wanted = exp.kind === 'count' ? exp.n : exp.kind === 'for_each' ? exp.entries.length : exp.kind === 'unknown' ? 0 : 1;
    const allowed = this.loader.claimInstances(wanted, address, rc.block.range);
    if (allowed === 0 && wanted > 0) result = unknown(INSTANCE_BUDGET_SPENT, rc.block.range);
    else if (exp.kind === 'unknown') result = exp.why;
    else if (exp.kind === 'single') result = [this.evalInstance(rc, undefined, this)];
    else if (exp.kind === 'possible') result = [this.evalInstance(rc, undefined, new InstanceScope(this, { possible: exp }), exp.why.why)];
    else if (exp.kind === 'count') {
      result = [];
      for (let i = 0; i < allowed; i++) result.push(this.evalInstance(rc, i, new InstanceScope(this, { count: i })));
    } else {
      result = exp.entries.slice(0, allowed).map(([k, v]) => this.evalInstance(rc, k, new InstanceScope(this, { each: [k, v] })));
    }
    this.groupInstances.set(memoKey, result);
    return result;
  }

  /** count / for_each of a resource or module block. */
  private expand(block: Block, scope: Scope, address: string): Expansion {
    const countAttr = attr(block.body, 'count');
    const forEachAttr = attr(block.body, 'for_each');
    if (countAttr) {
      const c = this.ev.eval(countAttr.expr, scope);
      if (c.t === 'u') {
        const why = unknown(`count of ${address} is unknown: ${c.why}`, countAttr.range, { ref: c.ref, err: c.err });
        return c.err ? { kind: 'unknown', why } : { kind: 'possible', by: 'count', why };
      }
      const n = c.t === 'n' ? c.v : c.t === 's' ? Number(c.v) : NaN;
      if (!Number.isInteger(n) || n < 0) return { kind: 'unknown', why: unknown(`count of ${address} is not a whole number`, countAttr.range, { err: true }) };
      if (n > MAX_INSTANCES) {
        this.loader.diags.warning('limit', `${address}: count ${n} exceeds the limit of ${MAX_INSTANCES} instances; only the first ${MAX_INSTANCES} are scanned`, countAttr.range);
        return { kind: 'count', n: MAX_INSTANCES };
      }
      return { kind: 'count', n };
    }
    if (forEachAttr) {
      const fe = this.ev.eval(forEachAttr.expr, scope);
      if (fe.t === 'u') {
        const why = unknown(`for_each of ${address} is unknown: ${fe.why}`, forEachAttr.range, { ref: fe.ref, err: fe.err });
        return fe.err ? { kind: 'unknown', why } : { kind: 'possible', by: 'for_each', why };
      }
      let entries: [string, Val][];
      if (fe.t === 'o') entries = [...fe.m.keys()].sort().map((k) => [k, fe.m.get(k)!]);
      else if (fe.t === 'l') {
        if (fe.items.some((i) => i.t === 'u')) return { kind: 'possible', by: 'for_each', why: unknown(`for_each of ${address} holds unknown keys`, forEachAttr.range) };
        if (fe.items.some((i) => i.t !== 's')) return { kind: 'unknown', why: unknown(`for_each of ${address} must be a map or a set of strings`, forEachAttr.range, { err: true }) };
        const keys = [...new Set(fe.items.map((i) => (i as { v: string }).v))].sort();
        entries = keys.map((k) => [k, str(k, forEachAttr.range)]);
      } else if (fe.t === 'null') return { kind: 'unknown', why: unknown(`for_each of ${address} is null`, forEachAttr.range, { err: true }) };
      else return { kind: 'unknown', why: unknown(`for_each of ${address} must be a map or a set of strings`, forEachAttr.range, { err: true }) };
      if (entries.length > MAX_INSTANCES) {
        this.loader.diags.warning('limit', `${address}: for_each over ${entries.length} elements exceeds the limit of ${MAX_INSTANCES} instances; only the first ${MAX_INSTANCES} are scanned`, forEachAttr.range);
        entries = entries.slice(0, MAX_INSTANCES);
      }
      return { kind: 'for_each', entries };
    }
    return { kind: 'single' };
  }

  /** One instance; `possibleWhy` when it is the possible instance of an unknown count or for_each. */
  private evalInstance(rc: ResourceConfig, key: string | number | undefined, scope: Scope, possibleWhy?: string): ResourceInstance {
    const address = `${this.prefix}${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}${instanceKeySuffix(key, possibleWhy !== undefined)}`;
    const possible = possibleWhy ?? this.possible;
    const provider = this.providerFor(rc);
    const config = this.evalBody(rc.block.body, scope, true);
    let account = provider.account;
    let accountNote = provider.accountNote;
    const ownArn = config.m.get('arn');
    if (ownArn?.t === 's' && accountFromArn(ownArn.v)) {
      account = accountFromArn(ownArn.v);
      accountNote = `its ARN names account ${account}`;
    }
    const computed = computedAttributes(rc.mode, rc.type, config, {
      address,
      account,
      region: provider.region,
      partition: partitionOf(provider.region),
      range: rc.block.range,
      organizationId: this.loader.organizationId,
    });
    for (const [k, v] of computed) config.m.set(k, v);
    config.open = address;
    const ignored = rc.mode === 'managed' ? ignoredAttributes(rc.block.body) : undefined;
    let refAttrs: VObj | undefined;
    if (ignored) {
      // Terraform keeps these from the state: whatever the configuration says (often a placeholder)
      const why = 'managed outside Terraform (lifecycle.ignore_changes): the value in the state is not known';
      const m = new Map(config.m);
      for (const a of rc.block.body.attributes) {
        if (META_ATTRS.has(a.name) || (ignored !== 'all' && !ignored.has(a.name))) continue;
        m.set(a.name, unknown(why, a.range, { ref: { address, attr: a.name } }));
      }
      for (const b of rc.block.body.blocks) {
        const type = b.type === 'dynamic' ? b.labels[0] : b.type;
        if (!type || META_BLOCKS.has(type) || (ignored !== 'all' && !ignored.has(type))) continue;
        m.set(type, unknown(why, b.range, { ref: { address, attr: type } }));
      }
      refAttrs = { ...config, m };
    }
    return {
      address,
      mode: rc.mode,
      type: rc.type,
      name: rc.name,
      key,
      rootDir: this.rootDir,
      moduleDir: this.cfg.dir,
      range: rc.block.range,
      site: bodySite(rc.block.body, true),
      origin: 'hcl',
      attrs: config,
      provider,
      account,
      accountNote,
      region: provider.region,
      ...(possible !== undefined ? { possible } : {}),
      ...(refAttrs ? { refAttrs } : {}),
    };
  }

  /** A block body as an object value: attributes, and nested blocks as lists (dynamic blocks expanded). */
  evalBody(body: Body, scope: Scope, resourceTop: boolean, range: Range = body.range): VObj {
    const m = new Map<string, Val>();
    for (const a of body.attributes) {
      if (resourceTop && META_ATTRS.has(a.name)) continue;
      m.set(a.name, this.ev.eval(a.expr, scope));
    }
    if (body.blocks.length === 0) return { t: 'o', m, keyRanges: bodySite(body, resourceTop), r: range };
    const lists = new Map<string, Val[]>();
    const add = (type: string, v: Val) => {
      const l = lists.get(type) ?? [];
      l.push(v);
      lists.set(type, l);
    };
    for (const b of body.blocks) {
      if (resourceTop && META_BLOCKS.has(b.type)) continue;
      if (b.type !== 'dynamic') {
        add(b.type, this.evalBody(b.body, scope, false, b.range));
        continue;
      }
      const type = b.labels[0];
      if (!type) continue;
      const forEach = attr(b.body, 'for_each');
      const content = blocksOf(b.body, 'content')[0];
      if (!forEach || !content) continue;
      const iterName = traversalText(attr(b.body, 'iterator')?.expr) ?? type;
      const coll = this.ev.eval(forEach.expr, scope);
      const entries = this.ev.iterate(coll, forEach.range);
      if (!Array.isArray(entries)) {
        add(type, unknown(`dynamic "${type}" block: for_each is unknown (${entries.why})`, b.range, { err: entries.err, ref: entries.ref }));
        continue;
      }
      for (const [k, v] of entries) {
        const child = new ChildScope(scope, new Map([[iterName, obj([['key', k], ['value', v]])]]));
        add(type, this.evalBody(content.body, child, false, content.range));
      }
    }
    for (const [type, items] of lists) m.set(type, list(compact(items), items[0]?.r));
    return { t: 'o', m, keyRanges: bodySite(body, resourceTop), r: range };
  }

  // ---------------------------------------------------------------- module calls

  private moduleReference(name: string, steps: Step[], range: Range): Resolved {
    const call = this.cfg.calls.get(name);
    if (!call) return { value: unknown(`module "${name}" is not declared`, range, { err: true }), consumed: 1 };
    const ci = this.callInstances(call);
    if (ci.unavailable) return { value: unknown(ci.unavailable, range), consumed: 1 };
    const exp = ci.expansion;
    if (exp.kind === 'unknown') return { value: exp.why, consumed: 1 };
    const s1 = steps[1];
    if (exp.kind === 'possible') {
      const inst = ci.instances.get(POSSIBLE_KEY)!;
      // module.x[k].out reads the possible instance (whatever k is); module.x as a whole is a possible list (count) or unknown (for_each)
      if (s1?.kind === 'index') {
        const s2 = steps[2];
        if (s2?.kind === 'attr') return { value: inst.output(s2.name, s2.range), consumed: 3 };
        return { value: inst.allOutputs(), consumed: 2 };
      }
      return { value: possibleGroup(exp, inst.allOutputs(), range), consumed: 1 };
    }
    if (exp.kind === 'single') {
      const inst = ci.instances.get(undefined)!;
      if (s1?.kind === 'attr') return { value: inst.output(s1.name, s1.range), consumed: 2 };
      return { value: inst.allOutputs(), consumed: 1 };
    }
    if (s1?.kind === 'index' && s1.key.t !== 'u') {
      const k = exp.kind === 'count' ? (s1.key.t === 'n' ? s1.key.v : Number((s1.key as { v: unknown }).v)) : s1.key.t === 's' ? s1.key.v : undefined;
      const inst = k === undefined ? undefined : ci.instances.get(k);
      if (!inst) return { value: unknown(`module.${name}${instanceKeySuffix(k as string | number | undefined)} does not exist`, range, { err: true }), consumed: 2 };
      const s2 = steps[2];
      if (s2?.kind === 'attr') return { value: inst.output(s2.name, s2.range), consumed: 3 };
      return { value: inst.allOutputs(), consumed: 2 };
    }
    if (exp.kind === 'count') return { value: list([...ci.instances.values()].map((i) => i.allOutputs()), range), consumed: 1 };
    return { value: obj([...ci.instances].map(([k, i]) => [String(k), i.allOutputs()]), range), consumed: 1 };
  }

  callInstances(call: ModuleCallConfig): CallInstances {
    const memo = this.calls.get(call.name);
    if (memo) return memo;
    const placeholder: CallInstances = { expansion: { kind: 'unknown', why: { ...IN_PROGRESS, why: `reference cycle through module.${call.name}` } }, instances: new Map() };
    this.calls.set(call.name, placeholder);
    const target = this.loader.resolveModuleSource(this, call);
    const cycle = !('why' in target) && (target.cfg.dir === this.cfg.dir || this.ancestorDirs.includes(target.cfg.dir));
    if (!('why' in target) && (cycle || this.callPath.length >= MAX_MODULE_DEPTH)) {
      const why = cycle ? `module "${call.name}" calls ${target.cfg.dir === '.' ? 'the root folder' : target.cfg.dir}, which is already being instantiated above it (a module cycle)` : `modules nested deeper than ${MAX_MODULE_DEPTH} levels`;
      this.loader.diags.warning('module-cycle', `${why}; not scanned`, call.block.range);
      const ci: CallInstances = { expansion: { kind: 'single' }, instances: new Map(), unavailable: why };
      this.calls.set(call.name, ci);
      return ci;
    }
    if ('why' in target) {
      const ci: CallInstances = { expansion: { kind: 'single' }, instances: new Map(), unavailable: target.why };
      this.calls.set(call.name, ci);
      return ci;
    }
    const exp = this.expand(call.block, this, `${this.prefix}module.${call.name}`);
    const ci: CallInstances = { expansion: exp, instances: new Map() };
    const keys: { key: string | number | undefined; scope: Scope }[] =
      exp.kind === 'single'
        ? [{ key: undefined, scope: this }]
        : exp.kind === 'count'
          ? Array.from({ length: exp.n }, (_, i) => ({ key: i, scope: new InstanceScope(this, { count: i }) }))
          : exp.kind === 'for_each'
            ? exp.entries.map(([k, v]) => ({ key: k, scope: new InstanceScope(this, { each: [k, v] }) }))
            : exp.kind === 'possible'
              ? [{ key: POSSIBLE_KEY as string | number | undefined, scope: new InstanceScope(this, { possible: exp }) }]
              : [];
    const providers = this.childProviders(call);
    const allowed = this.loader.claimInstances(keys.length, `${this.prefix}module.${call.name}`, call.block.range);
    for (const { key, scope } of keys.slice(0, allowed)) {
      const inputs = new Map<string, Val>();
      const input = (name: string): Val | undefined => {
        if (MODULE_META.has(name)) return undefined;
        const memoV = inputs.get(name);
        if (memoV) return memoV;
        const a = attr(call.block.body, name);
        if (!a) return undefined;
        inputs.set(name, IN_PROGRESS);
        const v = this.ev.eval(a.expr, scope);
        inputs.set(name, v);
        return v;
      };
      const child = new ModuleInstance(
        this.loader,
        this.rootDir,
        target.cfg,
        `${this.prefix}module.${call.name}${instanceKeySuffix(key, exp.kind === 'possible')}.`,
        [...this.callPath, call.name],
        input,
        providers,
        [...this.ancestorDirs, this.cfg.dir],
        exp.kind === 'possible' ? exp.why.why : this.possible,
      );
      ci.instances.set(key, child);
    }
    this.calls.set(call.name, ci);
    return ci;
  }

  private childProviders(call: ModuleCallConfig): Map<string, ProviderConfig> {
    const m = new Map<string, ProviderConfig>();
    for (const [k, pc] of this.providers) if (!k.includes('.')) m.set(k, pc);
    const providersAttr = attr(call.block.body, 'providers');
    if (providersAttr?.expr.kind === 'object') {
      for (const item of providersAttr.expr.items) {
        const childKey = traversalText(item.key);
        const parentKey = traversalText(item.value);
        if (!childKey || !parentKey) continue;
        m.set(childKey, this.providers.get(parentKey) ?? this.loader.implicitProvider(parentKey, this.rootDir));
      }
    }
    return m;
  }

  output(name: string, range: Range): Val {
    const memo = this.outputsMemo.get(name);
    if (memo) return memo;
    const block = this.cfg.outputs.get(name);
    if (!block) return unknown(`output "${name}" is not declared in ${this.cfg.dir}`, range, { err: true });
    const value = attr(block.body, 'value');
    this.outputsMemo.set(name, IN_PROGRESS);
    const v = value ? this.ev.eval(value.expr, this) : NULL;
    this.outputsMemo.set(name, v);
    return v;
  }

  allOutputs(): VObj {
    return obj([...this.cfg.outputs.keys()].map((k) => [k, this.output(k, this.cfg.outputs.get(k)!.range)]));
  }

  /** Every resource and data source instance of this module and the modules below it. */
  collect(out: ResourceInstance[], onUnknown: (rc: ResourceConfig, why: VUnknown, m: ModuleInstance) => void): void {
    for (const rc of [...this.cfg.data.values(), ...this.cfg.resources.values()]) {
      const insts = this.instances(rc);
      if (Array.isArray(insts)) out.push(...insts);
      else onUnknown(rc, insts, this);
    }
    for (const call of this.cfg.calls.values()) {
      const ci = this.callInstances(call);
      for (const child of ci.instances.values()) child.collect(out, onUnknown);
    }
  }
}

/**
 * The value a reference sees for a resource or module whose instances are one possible instance:
 * for count, a list of it marked as possible (its length is not known); for for_each, unknown
 * as a whole (an instance is read through its index).
 */
function possibleGroup(exp: Extract<Expansion, { kind: 'possible' }>, value: Val, range: Range): Val {
  if (exp.by === 'count') return { t: 'l', items: [value], r: range, possible: exp.why.why };
  return unknown(exp.why.why, range, exp.why.ref ? { ref: exp.why.ref } : {});
}

/** Scope of one instance of a counted or for_each resource or module. */
export class InstanceScope implements Scope {
  private readonly eachVal: Val | undefined;
  private readonly countVal: Val | undefined;

  constructor(
    private readonly parent: ModuleInstance,
    opts: { count?: number; each?: [string, Val]; possible?: Extract<Expansion, { kind: 'possible' }> },
  ) {
    this.eachVal = opts.each ? obj([['key', str(opts.each[0])], ['value', opts.each[1]]]) : undefined;
    this.countVal = opts.count !== undefined ? obj([['index', num(opts.count)]]) : undefined;
    const p = opts.possible;
    if (p?.by === 'count') this.countVal = obj([['index', unknown(`count.index of a possible instance (${p.why.why})`, p.why.r)]]);
    if (p?.by === 'for_each') {
      const why = `each of a possible instance (${p.why.why})`;
      this.eachVal = obj([['key', unknown(why, p.why.r)], ['value', unknown(why, p.why.r)]]);
    }
  }

  get moduleDir(): string {
    return this.parent.moduleDir;
  }

  resolve(root: string, steps: Step[], range: Range): Resolved | undefined {
    if (root === 'each' && this.eachVal) return { value: this.eachVal, consumed: 0 };
    if (root === 'count' && this.countVal) return { value: this.countVal, consumed: 0 };
    return this.parent.resolve(root, steps, range);
  }
}
