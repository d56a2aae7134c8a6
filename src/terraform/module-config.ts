/**
 * The static content of one module directory: its variables, locals, resources, data sources,
 * module calls, outputs and provider configurations, gathered from every file of the directory.
 */
import type { Diagnostics } from '../diagnostics';
import type { Attribute, Block, Body, Comment, Expr, ParsedFile } from '../hcl/ast';
import { attr } from '../hcl/ast';

export interface ResourceConfig {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

export interface ModuleCallConfig {
  name: string;
  block: Block;
  /** Literal source string, when the source is a plain string. */
  source: string | undefined;
  file: string;
}

export interface ModuleConfig {
  /** Repository-relative directory. */
  dir: string;
  files: ParsedFile[];
  variables: Map<string, Block>;
  locals: Map<string, Attribute>;
  resources: Map<string, ResourceConfig>;
  data: Map<string, ResourceConfig>;
  calls: Map<string, ModuleCallConfig>;
  outputs: Map<string, Block>;
  /** Provider blocks keyed `aws` or `aws.alias`. */
  providers: Map<string, Block>;
  comments: Map<string, Comment[]>;
}

/** The string of an expression that is a plain literal string. */
export function literalString(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'template' && e.parts.every((p) => p.kind === 'lit')) return e.parts.map((p) => (p.kind === 'lit' ? p.value : '')).join('');
  if (e.kind === 'literal' && typeof e.value === 'string') return e.value;
  return undefined;
}

/** Whether a file is an override file, merged into the others as Terraform merges it. */
export function isOverrideFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return /^(.*_)?override\.tf(\.json)?$/.test(base);
}

/**
 * Terraform's override merge of one block into another: each attribute of the override replaces
 * the original's; the override's nested blocks of a type replace every original block of that
 * type (dynamic blocks of it included), except `lifecycle`, which is merged attribute by attribute.
 */
export function mergeBlock(original: Block, override: Block): Block {
  return { ...original, body: mergeBody(original.body, override.body, true) };
}

function mergeBody(original: Body, override: Body, top: boolean): Body {
  const attributes = original.attributes.filter((a) => !override.attributes.some((o) => o.name === a.name));
  attributes.push(...override.attributes);
  const typeOf = (b: Block) => (b.type === 'dynamic' ? b.labels[0] : b.type);
  const replaced = new Set(override.blocks.filter((b) => !(top && b.type === 'lifecycle')).map(typeOf));
  const blocks = original.blocks.filter((b) => !replaced.has(typeOf(b)));
  for (const o of override.blocks) {
    if (top && o.type === 'lifecycle') {
      const at = blocks.findIndex((b) => b.type === 'lifecycle');
      if (at === -1) blocks.push(o);
      else blocks[at] = { ...blocks[at], body: mergeBody(blocks[at].body, o.body, false) };
    } else blocks.push(o);
  }
  return { ...original, attributes, blocks };
}

export function buildModuleConfig(dir: string, allFiles: ParsedFile[], diags: Diagnostics): ModuleConfig {
  // override files are merged after every other file, in name order, as Terraform does
  const files = allFiles.filter((f) => !isOverrideFile(f.path));
  const overrides = allFiles.filter((f) => isOverrideFile(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const cfg: ModuleConfig = {
    dir,
    files: allFiles,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    calls: new Map(),
    outputs: new Map(),
    providers: new Map(),
    comments: new Map(),
  };
  const dup = (what: string, b: Block | Attribute) =>
    diags.warning('duplicate', `duplicate ${what}; the first definition is used`, b.range);
  for (const f of files) {
    cfg.comments.set(f.path, f.comments);
    for (const b of f.body.blocks) {
      switch (b.type) {
        case 'variable':
          if (b.labels.length !== 1) break;
          if (cfg.variables.has(b.labels[0])) dup(`variable "${b.labels[0]}"`, b);
          else cfg.variables.set(b.labels[0], b);
          break;
        case 'locals':
          for (const a of b.body.attributes) {
            if (cfg.locals.has(a.name)) dup(`local value "${a.name}"`, a);
            else cfg.locals.set(a.name, a);
          }
          break;
        case 'resource':
        case 'data': {
          if (b.labels.length !== 2) break;
          const [type, name] = b.labels;
          const key = `${type}.${name}`;
          const map = b.type === 'resource' ? cfg.resources : cfg.data;
          if (map.has(key)) dup(`${b.type} "${type}" "${name}"`, b);
          else map.set(key, { mode: b.type === 'resource' ? 'managed' : 'data', type, name, block: b, file: f.path });
          break;
        }
        case 'module':
          if (b.labels.length !== 1) break;
          if (cfg.calls.has(b.labels[0])) dup(`module "${b.labels[0]}"`, b);
          else cfg.calls.set(b.labels[0], { name: b.labels[0], block: b, source: literalString(attr(b.body, 'source')?.expr), file: f.path });
          break;
        case 'output':
          if (b.labels.length === 1 && !cfg.outputs.has(b.labels[0])) cfg.outputs.set(b.labels[0], b);
          break;
        case 'provider': {
          if (b.labels.length !== 1) break;
          const key = providerKey(b);
          if (!cfg.providers.has(key)) cfg.providers.set(key, b);
          break;
        }
      }
    }
  }
  for (const f of overrides) {
    cfg.comments.set(f.path, f.comments);
    for (const b of f.body.blocks) applyOverride(cfg, b, diags);
  }
  return cfg;
}

function providerKey(b: Block): string {
  const alias = literalString(attr(b.body, 'alias')?.expr);
  return alias ? `${b.labels[0]}.${alias}` : b.labels[0];
}

/** Merges one block of an override file into the configuration. */
function applyOverride(cfg: ModuleConfig, b: Block, diags: Diagnostics): void {
  const missing = (what: string) => diags.warning('override-without-base', `override of ${what}, which no other file of ${cfg.dir} declares; Terraform rejects it, and it is not scanned`, b.range);
  switch (b.type) {
    case 'locals':
      for (const a of b.body.attributes) {
        if (cfg.locals.has(a.name)) cfg.locals.set(a.name, a);
        else missing(`local value "${a.name}"`);
      }
      return;
    case 'resource':
    case 'data': {
      if (b.labels.length !== 2) return;
      const map = b.type === 'resource' ? cfg.resources : cfg.data;
      const key = `${b.labels[0]}.${b.labels[1]}`;
      const rc = map.get(key);
      if (rc) map.set(key, { ...rc, block: mergeBlock(rc.block, b) });
      else missing(`${b.type} "${b.labels[0]}" "${b.labels[1]}"`);
      return;
    }
    case 'module': {
      const call = b.labels.length === 1 ? cfg.calls.get(b.labels[0]) : undefined;
      if (!call) return missing(`module "${b.labels[0]}"`);
      const block = mergeBlock(call.block, b);
      cfg.calls.set(call.name, { ...call, block, source: literalString(attr(block.body, 'source')?.expr) });
      return;
    }
    case 'variable':
    case 'output': {
      const map = b.type === 'variable' ? cfg.variables : cfg.outputs;
      const orig = b.labels.length === 1 ? map.get(b.labels[0]) : undefined;
      if (!orig) return missing(`${b.type} "${b.labels[0]}"`);
      map.set(b.labels[0], mergeBlock(orig, b));
      return;
    }
    case 'provider': {
      if (b.labels.length !== 1) return;
      const key = providerKey(b);
      const orig = cfg.providers.get(key);
      if (!orig) return missing(`provider "${key}"`);
      cfg.providers.set(key, mergeBlock(orig, b));
      return;
    }
  }
}

/** Whether a module source string refers to a local directory. */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
