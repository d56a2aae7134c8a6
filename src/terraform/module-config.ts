/**
 * The static content of one module directory: its variables, locals, resources, data sources,
 * module calls, outputs and provider configurations, gathered from every file of the directory.
 */
import type { Diagnostics } from '../diagnostics';
import type { Attribute, Block, Comment, Expr, ParsedFile } from '../hcl/ast';
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

export function buildModuleConfig(dir: string, files: ParsedFile[], diags: Diagnostics): ModuleConfig {
  const cfg: ModuleConfig = {
    dir,
    files,
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
          const alias = literalString(attr(b.body, 'alias')?.expr);
          const key = alias ? `${b.labels[0]}.${alias}` : b.labels[0];
          if (!cfg.providers.has(key)) cfg.providers.set(key, b);
          break;
        }
      }
    }
  }
  return cfg;
}

/** Whether a module source string refers to a local directory. */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
