/**
 * Where the items of a block body are written, kept apart from the syntax tree: a resource and the
 * values evaluated from a body point at its attributes and blocks long after evaluation, and
 * keeping these few ranges lets the tree itself (every expression of every file) be released.
 */
import type { Body, Range } from '../hcl/ast';
import type { KeyRanges } from './value';

/** Meta-arguments of a resource block: not keys of its value. */
export const META_ATTRS = new Set(['count', 'for_each', 'provider', 'depends_on']);
export const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/** Past this many keys a site looks keys up in a Map (a walk of the list otherwise). */
const KEYS_WALKED = 16;

/**
 * The keys of a body's value and where each is written (an attribute's name, the last one written
 * under that name; else the type of the first nested block of that type, dynamic blocks by their
 * label), and where each attribute is written whole (the first one of a name, as `attr` finds it).
 */
export class BodySite implements KeyRanges {
  /** Key and range pairs, attributes before blocks. */
  private readonly keys: (string | Range)[] | Map<string, Range>;
  /** Attribute name and range pairs, every attribute (meta-arguments included). */
  private readonly attributes: (string | Range)[];
  /** Nested blocks in order, by type (`dynamic` blocks as such). */
  private readonly blocks: NestedBlock[];

  constructor(body: Body, resourceTop: boolean) {
    const attributes: (string | Range)[] = [];
    const named = new Map<string, Range>();
    for (const a of body.attributes) {
      attributes.push(a.name, a.range);
      if (!(resourceTop && META_ATTRS.has(a.name))) named.set(a.name, a.nameRange);
    }
    const blocks: NestedBlock[] = [];
    for (const b of body.blocks) {
      blocks.push({ type: b.type, range: b.range, site: bodySite(b.body, false) });
      if (resourceTop && META_BLOCKS.has(b.type)) continue;
      const k = b.type === 'dynamic' ? b.labels[0] : b.type;
      if (k && !named.has(k)) named.set(k, b.typeRange);
    }
    this.attributes = attributes;
    this.blocks = blocks;
    if (named.size > KEYS_WALKED) this.keys = named;
    else {
      const pairs: (string | Range)[] = [];
      for (const [k, r] of named) pairs.push(k, r);
      this.keys = pairs;
    }
  }

  get(key: string): Range | undefined {
    const keys = this.keys;
    if (!Array.isArray(keys)) return keys.get(key);
    for (let i = 0; i < keys.length; i += 2) if (keys[i] === key) return keys[i + 1] as Range;
    return undefined;
  }

  /** Where the first attribute of this name is written, whole. */
  attributeRange(name: string): Range | undefined {
    const a = this.attributes;
    for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1] as Range;
    return undefined;
  }

  /** The nested blocks of a type, in order (`dynamic` blocks are of type `dynamic`). */
  blocksOf(type: string): NestedBlock[] {
    return this.blocks.filter((b) => b.type === type);
  }
}

/** A nested block: where it is written, and its own site. */
export interface NestedBlock {
  type: string;
  range: Range;
  site: BodySite;
}

const SITES = new WeakMap<Body, BodySite>();

/**
 * The site of a body, made once: a module's bodies are evaluated for every instance and every
 * call of the module. A body is either a resource's own (`resourceTop`, meta-arguments are not
 * keys) or a nested block's, never both.
 */
export function bodySite(body: Body, resourceTop: boolean): BodySite {
  let s = SITES.get(body);
  if (!s) SITES.set(body, (s = new BodySite(body, resourceTop)));
  return s;
}
