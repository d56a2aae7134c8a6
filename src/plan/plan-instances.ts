/**
 * Resource instances from a plan: alone (findings point into the plan file), or laid over the
 * instances evaluated from the configuration directory (plan values win where known; the
 * configuration supplies source positions and what the plan leaves unknown).
 */
import * as path from 'node:path';
import type { Range } from '../hcl/ast';
import { computedAttributes, partitionOf } from '../terraform/aws-computed';
import type { ModuleInstance, ProviderConfig, ResourceInstance } from '../terraform/instance';
import { isJsonFailure, parseJsonValue } from '../terraform/json-value';
import type { ModuleConfig } from '../terraform/module-config';
import { bodySite } from '../terraform/body-site';
import { asString, valEquals, type VList, type VObj, type Val } from '../terraform/value';
import type { LoadedPlan, PlanProvider, PlanResource } from './read-plan';

export interface PlanContext {
  inventoryAccount(rootDir: string): string | undefined;
  organizationId?: string;
}

function constant(e: unknown): unknown {
  return e && typeof e === 'object' && 'constant_value' in (e as object) ? (e as { constant_value: unknown }).constant_value : undefined;
}

function accountFromArn(s: unknown): string | undefined {
  return typeof s === 'string' ? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(s)?.[1] : undefined;
}

/** The provider configuration of a plan, read from its constant expressions. */
export function planProviderConfig(p: PlanProvider | undefined, key: string, rootDir: string, ctx: PlanContext): ProviderConfig {
  const e = p?.expressions ?? {};
  const region = constant(e.region);
  const pc: ProviderConfig = { key, account: undefined, accountNote: '', accountSource: 'unknown', region: typeof region === 'string' ? region : undefined };
  const roles = ([] as unknown[]).concat(e.assume_role ?? [], e.assume_role_with_web_identity ?? []);
  const last = roles[roles.length - 1];
  const roleArn = last && typeof last === 'object' ? constant((last as Record<string, unknown>).role_arn) : undefined;
  const fromRole = accountFromArn(roleArn);
  if (fromRole) return { ...pc, account: fromRole, accountSource: 'assume_role', accountNote: `provider ${key} assumes ${roleArn as string}` };
  const allowed = constant(e.allowed_account_ids);
  if (Array.isArray(allowed) && allowed.length === 1 && /^\d{12}$/.test(String(allowed[0]))) {
    return { ...pc, account: String(allowed[0]), accountSource: 'allowed_account_ids', accountNote: `provider ${key} allows only account ${allowed[0]}` };
  }
  const inv = ctx.inventoryAccount(rootDir);
  if (inv) return { ...pc, account: inv, accountSource: 'inventory', accountNote: `the accounts inventory maps ${rootDir} to ${inv}` };
  return { ...pc, accountNote: `provider ${key} in the plan names no account` };
}

function providerKeyOf(r: PlanResource, plan: LoadedPlan): string {
  const k = r.providerKey;
  if (k && plan.providers.has(k)) return k;
  if (k && k.includes(':')) {
    const local = k.split(':').pop()!;
    if (plan.providers.has(local)) return local;
  }
  return r.type.split('_')[0];
}

/** Fills attributes AWS computes (and the plan leaves unknown) the same way as for the configuration. */
function withComputed(r: { mode: 'managed' | 'data'; type: string; address: string; range: Range }, attrs: VObj, account: string | undefined, region: string | undefined, ctx: PlanContext): VObj {
  const m = new Map(attrs.m);
  const probe: VObj = { ...attrs, m: new Map([...m].filter(([, v]) => v.t !== 'u')) };
  const computed = computedAttributes(r.mode, r.type, probe, { address: r.address, account, region, partition: partitionOf(region), range: r.range, ...(ctx.organizationId ? { organizationId: ctx.organizationId } : {}) });
  for (const [k, v] of computed) {
    const cur = m.get(k);
    if (!cur || cur.t === 'u' || cur.t === 'null') m.set(k, cur?.t === 'u' && cur.ref && v.t === 'u' ? { ...v, ref: cur.ref } : v);
  }
  return { ...attrs, m, open: r.address };
}

/** Instances of a plan scanned on its own: findings point at the resources in the plan file. */
export function planInstances(plan: LoadedPlan, ctx: PlanContext): ResourceInstance[] {
  const rootDir = path.posix.dirname(plan.file) || '.';
  const providers = new Map<string, ProviderConfig>();
  const providerFor = (key: string) => {
    let pc = providers.get(key);
    if (!pc) providers.set(key, (pc = planProviderConfig(plan.providers.get(key), key, rootDir, ctx)));
    return pc;
  };
  return plan.resources.map((r) => {
    const provider = providerFor(providerKeyOf(r, plan));
    const ownArn = r.values.m.get('arn');
    const own = ownArn?.t === 's' ? accountFromArn(ownArn.v) : undefined;
    const account = own ?? provider.account;
    return {
      address: r.address,
      mode: r.mode,
      type: r.type,
      name: r.name,
      key: r.key,
      rootDir,
      moduleDir: rootDir,
      range: r.range,
      origin: 'plan' as const,
      attrs: withComputed(r, r.values, account, provider.region, ctx),
      provider,
      account,
      accountNote: own ? `its ARN names account ${own}` : provider.accountNote,
      region: provider.region,
    };
  });
}

/** Sets the range of every node of a value (plan values laid onto a source position). */
function relocate(v: Val, r: Range, depth = 0): Val {
  if (depth > 100) return v;
  if (v.t === 'l') return { ...v, r, items: v.items.map((i) => relocate(i, r, depth + 1)) };
  if (v.t === 'o') return { ...v, r, m: new Map([...v.m].map(([k, x]) => [k, relocate(x, r, depth + 1)])) };
  return { ...v, r };
}

/** Copies source positions from the configuration's structure onto the same places of a plan value. */
function align(p: Val, h: Val | undefined, fallback: Range, depth = 0): Val {
  const here = h?.r ?? fallback;
  const base: Val = { ...p, r: here, ...(h?.u ? { u: h.u } : {}) } as Val;
  if (depth > 100) return base;
  if (p.t === 'o') {
    const ho = h?.t === 'o' ? h : undefined;
    return { ...(base as VObj), m: new Map([...p.m].map(([k, x]) => [k, align(x, ho?.m.get(k), here, depth + 1)])), keyRanges: ho?.keyRanges };
  }
  if (p.t === 'l') {
    const hl = h?.t === 'l' ? h : undefined;
    // a single-element list in one and a scalar in the other (provider rendering of string sets)
    if (!hl && h && p.items.length === 1) return { ...base, t: 'l', items: [align(p.items[0], h, here, depth + 1)] } as Val;
    return { ...base, t: 'l', items: p.items.map((x, i) => align(x, hl?.items[i], here, depth + 1)) } as Val;
  }
  if (h?.t === 'l' && h.items.length === 1) return align(p, h.items[0], here, depth + 1);
  return base;
}

/**
 * The configuration's elements in the plan's order, when both lists hold the same known scalars
 * in another order (a set the plan lists sorted, such as `shared_accounts`); undefined otherwise.
 * Linear: elements are matched through a map of their values.
 */
function sameElements(h: VList, p: VList): Val[] | undefined {
  const text = (v: Val) => (v.t === 's' || v.t === 'n' || v.t === 'b' ? asString(v) : undefined);
  const pending = new Map<string, { items: Val[]; next: number }>();
  let reordered = false;
  for (let i = 0; i < h.items.length; i++) {
    const k = text(h.items[i]);
    if (k === undefined || text(p.items[i]) === undefined) return undefined;
    if (k !== text(p.items[i])) reordered = true;
    const l = pending.get(k);
    if (l) l.items.push(h.items[i]);
    else pending.set(k, { items: [h.items[i]], next: 0 });
  }
  if (!reordered) return undefined;
  const out: Val[] = [];
  for (const x of p.items) {
    const l = pending.get(text(x)!);
    if (!l || l.next >= l.items.length) return undefined;
    out.push(l.items[l.next++]);
  }
  return out;
}

/** A configuration value overlaid with the plan's: plan values win where known. */
export function overlayValue(h: Val | undefined, p: Val | undefined, at: Range, depth = 0): Val | undefined {
  if (!p) return h;
  if (p.t === 'u') return h ?? relocate(p, at);
  if (!h) return relocate(p, at);
  if (depth > 100) return h;
  if (valEquals(h, p) === true) return h;
  const where = h.r ?? at;
  if (h.t === 'o' && p.t === 'o') {
    const m = new Map<string, Val>();
    for (const k of new Set([...h.m.keys(), ...p.m.keys()])) {
      const pv = p.m.get(k);
      // an attribute the configuration does not set and the plan does not know stays absent
      if (!h.m.has(k) && pv?.t === 'u') continue;
      const v = overlayValue(h.m.get(k), pv, h.keyRanges?.get(k) ?? where, depth + 1);
      if (v) m.set(k, v);
    }
    return { ...h, m };
  }
  if (h.t === 'l' && p.t === 'l' && h.items.length === p.items.length) {
    const byValue = sameElements(h, p);
    if (byValue) return { ...h, items: p.items.map((x, i) => overlayValue(byValue[i], x, byValue[i].r ?? where, depth + 1)!) };
    return { ...h, items: h.items.map((x, i) => overlayValue(x, p.items[i], x.r ?? where, depth + 1)!) };
  }
  const hjson = (h.t === 's' || h.t === 'u') && h.json ? h.json : undefined;
  if (p.t === 's' && hjson) {
    const parsed = parseJsonValue({ t: 's', v: p.v });
    if (!isJsonFailure(parsed)) return { ...p, r: where, json: align(parsed, hjson, where) };
  }
  return relocate(p, where);
}

/** The module configuration at a module path (names only), following the evaluated calls. */
function configAt(root: ModuleInstance, modulePath: string[]): ModuleConfig | undefined {
  let m: ModuleInstance | undefined = root;
  for (const name of modulePath) {
    const call = m.cfg.calls.get(name);
    if (!call) return undefined;
    m = [...m.callInstances(call).instances.values()][0];
    if (!m) return undefined;
  }
  return m.cfg;
}

/**
 * Lays a plan over the instances evaluated from its configuration directory. Instances the
 * configuration could not list (an unknown for_each, a module not installed) come from the plan,
 * placed on their resource block when the configuration has it.
 */
export function overlayPlan(hcl: ResourceInstance[], root: ModuleInstance, plan: LoadedPlan, ctx: PlanContext): ResourceInstance[] {
  const byAddress = new Map(hcl.filter((r) => r.rootDir === root.rootDir).map((r) => [r.address, r]));
  const planOnly = planInstances(plan, ctx);
  const out = [...hcl];
  const position = new Map(out.map((r, i) => [r, i]));
  plan.resources.forEach((pr, i) => {
    const h = byAddress.get(pr.address);
    if (h) {
      const merged = overlayValue(h.attrs, pr.values, h.range) as VObj;
      out[position.get(h)!] = { ...h, attrs: withComputed(h, merged, h.account, h.region, ctx) };
      return;
    }
    const p = planOnly[i];
    const cfg = configAt(root, pr.moduleConfigPath);
    const rc = cfg && (pr.mode === 'data' ? cfg.data : cfg.resources).get(`${pr.type}.${pr.name}`);
    if (!cfg || !rc) {
      out.push({ ...p, rootDir: root.rootDir });
      return;
    }
    const attrs = relocate(p.attrs, rc.block.range) as VObj;
    for (const a of rc.block.body.attributes) {
      const v = attrs.m.get(a.name);
      if (v) attrs.m.set(a.name, relocate(v, a.range));
    }
    const provider = root.providerFor(rc);
    out.push({ ...p, rootDir: root.rootDir, moduleDir: cfg.dir, range: rc.block.range, site: bodySite(rc.block.body, true), attrs: { ...attrs, open: pr.address }, provider: p.provider.account ? p.provider : provider, account: p.account ?? provider.account });
  });
  return out;
}
