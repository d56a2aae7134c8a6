/**
 * Variable type constraints, as far as they change values: primitive conversions, object
 * attributes that `optional()` fills with null or a default, and collections of those.
 */
import type { Expr } from '../hcl/ast';
import type { EvalHost, Scope } from './scope';
import { convertPrimitive } from './functions';
import { NULL, type VObj, type Val } from './value';

export type TypeSpec =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; elem: TypeSpec }
  | { kind: 'object'; attrs: Map<string, { type: TypeSpec; optional: boolean; default?: Expr }> }
  | { kind: 'tuple'; elems: TypeSpec[] };

const ANY: TypeSpec = { kind: 'any' };

/** Reads a type expression (`map(object({ a = optional(string, "x") }))`). */
export function parseType(e: Expr | undefined, depth = 0): TypeSpec {
  if (!e || depth > 50) return ANY;
  if (e.kind === 'variable') {
    if (e.name === 'string' || e.name === 'number' || e.name === 'bool') return { kind: e.name };
    return ANY;
  }
  if (e.kind === 'call') {
    const arg = e.args[0];
    switch (e.name) {
      case 'list':
      case 'set':
      case 'map':
        return { kind: e.name, elem: parseType(arg, depth + 1) };
      case 'tuple':
        return arg?.kind === 'tuple' ? { kind: 'tuple', elems: arg.items.map((i) => parseType(i, depth + 1)) } : ANY;
      case 'object': {
        if (arg?.kind !== 'object') return ANY;
        const attrs = new Map<string, { type: TypeSpec; optional: boolean; default?: Expr }>();
        for (const item of arg.items) {
          const name = item.key.kind === 'variable' ? item.key.name : undefined;
          if (!name) continue;
          const v = item.value;
          if (v.kind === 'call' && v.name === 'optional') attrs.set(name, { type: parseType(v.args[0], depth + 1), optional: true, default: v.args[1] });
          else attrs.set(name, { type: parseType(v, depth + 1), optional: false });
        }
        return { kind: 'object', attrs };
      }
    }
  }
  return ANY;
}

/** Converts a value to a type; values that do not fit are returned as they are. */
export function applyType(v: Val, t: TypeSpec, ev: EvalHost, scope: Scope, depth = 0): Val {
  if (depth > 50 || v.t === 'u' || v.t === 'null' || t.kind === 'any') return v;
  try {
    switch (t.kind) {
      case 'string':
      case 'number':
      case 'bool':
        return v.t === 'l' || v.t === 'o' ? v : convertPrimitive(v, t.kind);
      case 'list':
      case 'set':
        if (v.t !== 'l') return v;
        return { ...v, items: v.items.map((i) => applyType(i, t.elem, ev, scope, depth + 1)), set: t.kind === 'set' };
      case 'tuple':
        if (v.t !== 'l') return v;
        return { ...v, items: v.items.map((i, n) => applyType(i, t.elems[n] ?? ANY, ev, scope, depth + 1)) };
      case 'map': {
        if (v.t !== 'o') return v;
        const m = new Map<string, Val>();
        for (const [k, x] of v.m) m.set(k, applyType(x, t.elem, ev, scope, depth + 1));
        return { ...v, m };
      }
      case 'object': {
        if (v.t !== 'o') return v;
        const m = new Map<string, Val>(v.m);
        for (const [name, spec] of t.attrs) {
          const cur = m.get(name);
          if (cur === undefined || cur.t === 'null') {
            if (spec.optional) m.set(name, spec.default ? applyType(ev.eval(spec.default, scope), spec.type, ev, scope, depth + 1) : cur ?? NULL);
          } else m.set(name, applyType(cur, spec.type, ev, scope, depth + 1));
        }
        const out: VObj = { ...v, m };
        return out;
      }
    }
  } catch {
    return v;
  }
  return v;
}
