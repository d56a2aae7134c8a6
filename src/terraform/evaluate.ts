/**
 * Evaluation of HCL expressions to values. References are resolved through a Scope (the module
 * instance, or a child scope for for-expressions and dynamic blocks); anything that cannot be
 * known statically becomes an Unknown value with the reason, never an exception.
 */
import type { Expr, Range, TemplateExpr, TemplatePart } from '../hcl/ast';
import * as v8 from 'node:v8';
import { READ_DURING_PLAN } from './aws-computed';
import { DEFAULT_LIMITS, type EvalHost, type EvalLimits, type FileAccess, type Limits, type Resolved, type Scope, type Step } from './scope';
import { callFunction } from './functions';
import { compact } from '../collections';
import {
  asString,
  bool,
  list,
  num,
  str,
  typeName,
  unknown,
  valEquals,
  withUse,
  withRange,
  holeAt,
  appendSegs,
  KeyRangeList,
  MAX_SEGS,
  toBool,
  toNumber,
  type StrSeg,
  type VUnknown,
  type Val,
} from './value';


export class EvalBudgetError extends Error {}

/** Most collections the memory budget asks for in a scan. */
const MAX_BUDGET_COLLECTIONS = 4;
/** The memory budget, as a share of the heap limit: of the heap (garbage included), or of live memory once collected. */
const HEAP_BUDGET = 0.6;
const LIVE_BUDGET = 0.55;

export class Evaluator implements EvalHost {
  steps = 0;
  private depth = 0;
  /** Functions that were called but are not supported, for --report-unknown. */
  readonly unsupported = new Set<string>();
  /** Size limits reached, by source position: reported as warnings. */
  readonly limitHits = new Map<string, { message: string; range: Range }>();
  /** Function calls that failed on their input, by source position: reported as warnings. */
  readonly failures = new Map<string, { message: string; range: Range }>();
  quiet = 0;

  readonly limits: Limits;

  constructor(
    readonly files: FileAccess,
    limits: EvalLimits = DEFAULT_LIMITS,
    /**
     * A full garbage collection, tried before the memory budget is declared spent: the heap holds
     * garbage until it is collected, and only what is live should spend the budget.
     */
    private readonly collect?: () => void,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The memory budget as a share of the heap limit (of live memory when there is a collector). */
  get memoryBudgetShare(): number {
    return this.collect ? LIVE_BUDGET : HEAP_BUDGET;
  }

  /** Collections asked for at the memory budget so far (each costs a pause as long as the heap is large). */
  private budgetCollections = 0;

  /** Records that a size limit was reached at `range`; the value there is unknown. */
  limitReached(message: string, range: Range): VUnknown {
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (!this.limitHits.has(key)) this.limitHits.set(key, { message, range });
    return unknown(message, range);
  }

  functionFailed(message: string, range: Range): void {
    if (this.quiet > 0) return;
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (!this.failures.has(key) && this.failures.size < 1000) this.failures.set(key, { message, range });
  }

  /** Set when the heap passed the scan's memory budget: everything evaluated later is unknown. */
  memoryExhausted = false;
  private heapBudget: number | undefined;

  eval(e: Expr, scope: Scope): Val {
    if (++this.steps > this.limits.maxSteps) return unknown('evaluation step limit reached', e.range);
    // the memory budget of the whole scan, checked every 16384 steps: the process never dies of memory
    if ((this.steps & 0x3fff) === 0 && !this.memoryExhausted) {
      // with a collector, the budget is of live memory, which leaves less room than a heap with
      // garbage: what comes after evaluation (the graph, the rules, the reports) grows with it
      this.heapBudget ??= this.limits.maxHeapBytes ?? Math.floor(v8.getHeapStatistics().heap_size_limit * this.memoryBudgetShare);
      if (v8.getHeapStatistics().used_heap_size > this.heapBudget && this.collect && this.budgetCollections < MAX_BUDGET_COLLECTIONS) {
        this.budgetCollections++;
        this.collect();
      }
      if (v8.getHeapStatistics().used_heap_size > this.heapBudget) this.memoryExhausted = true;
    }
    if (this.memoryExhausted) return unknown('the scan reached its memory budget', e.range);
    if (++this.depth > 400) {
      this.depth--;
      return unknown('expression nested too deeply', e.range, { err: true });
    }
    try {
      return this.evalInner(e, scope);
    } finally {
      this.depth--;
    }
  }

  private evalInner(e: Expr, scope: Scope): Val {
    switch (e.kind) {
      case 'literal':
        if (e.value === null) return { t: 'null', r: e.range };
        if (typeof e.value === 'string') return str(e.value, e.range);
        if (typeof e.value === 'number') return num(e.value, e.range);
        return bool(e.value, e.range);
      case 'template':
        return this.template(e, scope);
      case 'tuple':
        return list(e.items.map((i) => this.eval(i, scope)), e.range);
      case 'object': {
        const m = new Map<string, Val>();
        const keyRanges = new KeyRangeList();
        for (const item of e.items) {
          let key: string | undefined;
          if (item.keyIsName && item.key.kind === 'variable') key = item.key.name;
          else {
            const k = this.eval(item.key, scope);
            if (k.t === 'u') return unknown(`object key is unknown: ${k.why}`, e.range, { err: k.err });
            key = asString(k);
            if (key === undefined) return unknown(`object key must be a string, got ${typeName(k)}`, item.key.range, { err: true });
          }
          m.set(key, this.eval(item.value, scope));
          keyRanges.set(key, item.key.range);
        }
        return { t: 'o', m, keyRanges: keyRanges.done(), r: e.range };
      }
      case 'variable':
      case 'getattr':
      case 'index':
        return this.traversal(e, scope);
      case 'splat':
        return this.splat(e, scope);
      case 'call':
        return callFunction(this, e, scope);
      case 'conditional': {
        const c = this.eval(e.cond, scope);
        // the result is one of the branches, not the condition: it reads none of the condition's attributes
        if (c.t === 'u') return unknown(`condition is unknown: ${c.why}`, e.range, { err: c.err });
        const b = toBool(c);
        if (b === undefined) return unknown(`condition must be a bool, got ${typeName(c)}`, e.cond.range, { err: true });
        return this.eval(b ? e.then : e.else, scope);
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, e.range, scope);
      case 'unary': {
        const v = this.eval(e.operand, scope);
        if (v.t === 'u') return unknown(v.why, e.range, { err: v.err });
        if (e.op === '!') {
          const b = toBool(v);
          return b === undefined ? unknown(`"!" needs a bool, got ${typeName(v)}`, e.range, { err: true }) : bool(!b, e.range);
        }
        const n = toNumber(v);
        return n === undefined ? unknown(`"-" needs a number, got ${typeName(v)}`, e.range, { err: true }) : num(-n, e.range);
      }
      case 'for':
        return this.forExpr(e, scope);
      case 'paren':
        return this.eval(e.inner, scope);
    }
  }

  // ---------------------------------------------------------------- references

  /** Flattens `a.b[c].d` into a root name and steps; null when not rooted at a name. */
  private flatten(e: Expr, scope: Scope): { root: string; rootRange: Range; steps: Step[] } | null {
    const steps: Step[] = [];
    let cur: Expr = e;
    for (;;) {
      if (cur.kind === 'getattr') {
        steps.push({ kind: 'attr', name: cur.name, range: cur.range });
        cur = cur.target;
      } else if (cur.kind === 'index') {
        steps.push({ kind: 'index', key: this.eval(cur.key, scope), range: cur.range });
        cur = cur.target;
      } else break;
    }
    if (cur.kind !== 'variable') return null;
    steps.reverse();
    return { root: cur.name, rootRange: cur.range, steps };
  }

  private traversal(e: Expr, scope: Scope): Val {
    const flat = this.flatten(e, scope);
    if (!flat) {
      // indexing the result of another expression: f(x)[0], (a).b
      if (e.kind === 'getattr') return this.step(this.eval(e.target, scope), { kind: 'attr', name: e.name, range: e.range });
      if (e.kind === 'index') return this.step(this.eval(e.target, scope), { kind: 'index', key: this.eval(e.key, scope), range: e.range });
      return unknown('unsupported reference', e.range, { err: true });
    }
    const res = scope.resolve(flat.root, flat.steps, e.range);
    if (!res) return unknown(`unknown name "${flat.root}"`, flat.rootRange, { err: true });
    let v = res.value;
    for (let i = res.consumed; i < flat.steps.length; i++) v = this.step(v, flat.steps[i]);
    return v.u === e.range ? v : withUse(v, e.range);
  }

  /** Applies one attribute or index step to a value. */
  step(v: Val, s: Step): Val {
    if (v.t === 'u') {
      const ref = v.ref ? { address: v.ref.address, attr: `${v.ref.attr}${s.kind === 'attr' ? '.' + s.name : '[…]'}` } : undefined;
      return { t: 'u', why: v.why, r: v.r, err: v.err, ...(ref ? { ref } : {}), ...(v.sensitive ? { sensitive: true } : {}) };
    }
    if (s.kind === 'attr') {
      if (v.t === 'o') {
        const x = v.m.get(s.name);
        if (x) return x;
        if (v.open) return unknown(isDataAddress(v.open) ? READ_DURING_PLAN : 'known only after apply', s.range, { ref: { address: v.open, attr: s.name } });
        return unknown(`no attribute "${s.name}"`, s.range, { err: true });
      }
      if (v.t === 'null') return unknown(`attribute "${s.name}" of a null value`, s.range, { err: true });
      return unknown(`attribute "${s.name}" of a ${typeName(v)}`, s.range, { err: true });
    }
    const k = s.key;
    // a possible instance stands for however many there are: index 0 or an unknown index reads it
    if (v.t === 'l' && v.possible && k.t === 'u' && !k.err) return v.items[0];
    if (k.t === 'u') return unknown(`index is unknown: ${k.why}`, s.range, { err: k.err });
    if (v.t === 'l') {
      const n = toNumber(k);
      if (n === undefined || !Number.isInteger(n)) return unknown(`list index must be a whole number`, s.range, { err: true });
      if (v.set) return unknown('sets cannot be indexed', s.range, { err: true });
      if (v.possible) return n === 0 ? v.items[0] : unknown(v.possible, s.range);
      return v.items[n] ?? unknown(`index ${n} out of range (length ${v.items.length})`, s.range, { err: true });
    }
    if (v.t === 'o') {
      const key = asString(k);
      if (key === undefined) return unknown('map key must be a string', s.range, { err: true });
      return v.m.get(key) ?? unknown(`no key ${JSON.stringify(key)}`, s.range, { err: true });
    }
    return unknown(`cannot index a ${typeName(v)}`, s.range, { err: true });
  }

  private splat(e: Extract<Expr, { kind: 'splat' }>, scope: Scope): Val {
    const target = this.eval(e.target, scope);
    if (target.t === 'u') return unknown(target.why, e.range, { err: target.err, ref: target.ref });
    let items: Val[];
    if (target.t === 'l') items = target.items;
    else if (target.t === 'null') items = [];
    else if (!e.full && target.t === 'o') items = [target];
    else items = [target];
    const out = items.map((item) => {
      let v = item;
      for (const st of e.steps) {
        v = this.step(v, st.kind === 'attr' ? st : { kind: 'index', key: this.eval(st.key, scope), range: st.range });
      }
      return v;
    });
    return list(out, e.range);
  }

  // ---------------------------------------------------------------- templates

  /**
   * The value of each template that is literal text only: the same wherever it is evaluated (a
   * module's literals, once per module instance), so every evaluation shares one (values are
   * never changed once made).
   */
  private readonly literalTemplates = new WeakMap<TemplateExpr, Val>();

  private template(e: TemplateExpr, scope: Scope): Val {
    if (!e.heredoc && e.parts.length === 1 && e.parts[0].kind === 'interp') {
      // "${x}" yields x itself, whatever its type
      const v = this.eval(e.parts[0].expr, scope);
      return withRange(v, e.range);
    }
    const literal = e.parts.every((p) => p.kind === 'lit');
    if (literal) {
      const known = this.literalTemplates.get(e);
      if (known) return known;
    }
    const acc = new TemplateBuilder(this.limits.maxString);
    this.templateParts(e.parts, scope, acc);
    if (acc.tooLong) return this.limitReached(`template longer than ${this.limits.maxString} characters; the value is unknown`, e.range);
    const v = acc.result(e.range);
    if (literal) this.literalTemplates.set(e, v);
    return v;
  }

  private templateParts(parts: TemplatePart[], scope: Scope, acc: TemplateBuilder): void {
    for (const p of parts) {
      if (acc.failed || acc.tooLong) return;
      switch (p.kind) {
        case 'lit':
          acc.literal(p);
          break;
        case 'interp':
          acc.value(this.eval(p.expr, scope), p.range);
          break;
        case 'if': {
          const c = this.eval(p.cond, scope);
          const b = c.t === 'u' ? undefined : toBool(c);
          if (b === undefined) acc.hole(c.t === 'u' ? c : unknown('template condition must be a bool', p.cond.range, { err: true }));
          else if (b) this.templateParts(p.then, scope, acc);
          else if (p.else) this.templateParts(p.else, scope, acc);
          break;
        }
        case 'for': {
          const coll = this.eval(p.coll, scope);
          const entries = this.iterate(coll, p.coll.range);
          if (!Array.isArray(entries)) {
            acc.hole(entries);
            break;
          }
          for (const [k, v] of entries) {
            const vars = new Map<string, Val>([[p.valVar, v]]);
            if (p.keyVar) vars.set(p.keyVar, k);
            this.templateParts(p.body, new ChildScope(scope, vars), acc);
          }
          break;
        }
      }
    }
  }

  // ---------------------------------------------------------------- operators

  private binary(op: string, le: Expr, re: Expr, range: Range, scope: Scope): Val {
    const l = this.eval(le, scope);
    if (op === '&&' || op === '||') {
      const lb = l.t === 'u' ? undefined : toBool(l);
      if (l.t !== 'u' && lb === undefined) return unknown(`"${op}" needs bools`, range, { err: true });
      if (op === '&&' && lb === false) return bool(false, range);
      if (op === '||' && lb === true) return bool(true, range);
      const r = this.eval(re, scope);
      const rb = r.t === 'u' ? undefined : toBool(r);
      if (r.t !== 'u' && rb === undefined) return unknown(`"${op}" needs bools`, range, { err: true });
      if (op === '&&' && rb === false) return bool(false, range);
      if (op === '||' && rb === true) return bool(true, range);
      if (l.t === 'u' || r.t === 'u') return unknown((l.t === 'u' ? l : (r as VUnknown)).why, range, { err: (l as VUnknown).err || (r as VUnknown).err });
      return bool(op === '&&' ? lb! && rb! : lb! || rb!, range);
    }
    const r = this.eval(re, scope);
    if (op === '==' || op === '!=') {
      const eq = valEquals(l, r);
      if (eq === undefined) {
        const u = l.t === 'u' ? l : r.t === 'u' ? r : undefined;
        return unknown(u ? u.why : 'comparison of partly unknown values', range, { err: u?.err });
      }
      return bool(op === '==' ? eq : !eq, range);
    }
    if (l.t === 'u' || r.t === 'u') {
      const u = (l.t === 'u' ? l : r) as VUnknown;
      return unknown(u.why, range, { err: u.err });
    }
    const a = toNumber(l);
    const b = toNumber(r);
    if (a === undefined || b === undefined) return unknown(`"${op}" needs numbers`, range, { err: true });
    switch (op) {
      case '+':
        return num(a + b, range);
      case '-':
        return num(a - b, range);
      case '*':
        return num(a * b, range);
      case '/':
        return b === 0 ? unknown('division by zero', range, { err: true }) : num(a / b, range);
      case '%':
        return b === 0 ? unknown('division by zero', range, { err: true }) : num(a % b, range);
      case '>':
        return bool(a > b, range);
      case '>=':
        return bool(a >= b, range);
      case '<':
        return bool(a < b, range);
      case '<=':
        return bool(a <= b, range);
    }
    return unknown(`unsupported operator ${op}`, range, { err: true });
  }

  // ---------------------------------------------------------------- for expressions

  /** Key/value pairs of a collection, or the Unknown that stops iteration. */
  iterate(coll: Val, range: Range): [Val, Val][] | VUnknown {
    if (coll.t === 'u') return coll;
    if (coll.t === 'l') {
      if (coll.items.length > this.limits.maxCollection) return this.limitReached(`iteration over ${coll.items.length} elements exceeds the limit of ${this.limits.maxCollection}; the result is unknown`, range);
      return coll.items.map((v, i) => [coll.set ? v : num(i), v]);
    }
    if (coll.t === 'o') {
      if (coll.m.size > this.limits.maxCollection) return this.limitReached(`iteration over ${coll.m.size} elements exceeds the limit of ${this.limits.maxCollection}; the result is unknown`, range);
      return [...coll.m.keys()].sort().map((k) => [str(k, coll.keyRanges?.get(k)), coll.m.get(k)!]);
    }
    if (coll.t === 'null') return unknown('cannot iterate over null', range, { err: true });
    return unknown(`cannot iterate over a ${typeName(coll)}`, range, { err: true });
  }

  private forExpr(e: Extract<Expr, { kind: 'for' }>, scope: Scope): Val {
    const coll = this.eval(e.coll, scope);
    const entries = this.iterate(coll, e.coll.range);
    if (!Array.isArray(entries)) return unknown(entries.why, e.range, { err: entries.err, ref: entries.ref });
    const items: Val[] = [];
    const m = new Map<string, Val>();
    const groups = new Map<string, Val[]>();
    for (const [k, v] of entries) {
      const vars = new Map<string, Val>([[e.valVar, v]]);
      if (e.keyVar) vars.set(e.keyVar, k);
      const child = new ChildScope(scope, vars);
      if (e.cond) {
        const c = this.eval(e.cond, child);
        if (c.t === 'u') return unknown(`for condition is unknown: ${c.why}`, e.range, { err: c.err });
        const b = toBool(c);
        if (b === undefined) return unknown('for condition must be a bool', e.cond.range, { err: true });
        if (!b) continue;
      }
      const val = this.eval(e.valExpr, child);
      if (e.keyExpr) {
        const kv = this.eval(e.keyExpr, child);
        if (kv.t === 'u') return unknown(`for key is unknown: ${kv.why}`, e.range, { err: kv.err });
        const ks = asString(kv);
        if (ks === undefined) return unknown('for key must be a string', e.keyExpr.range, { err: true });
        if (e.grouping) {
          const g = groups.get(ks) ?? [];
          g.push(val);
          groups.set(ks, g);
        } else {
          if (m.has(ks)) return unknown(`duplicate key ${JSON.stringify(ks)} in for expression`, e.range, { err: true });
          m.set(ks, val);
        }
      } else items.push(val);
    }
    if (!e.keyExpr) return list(compact(items), e.range);
    if (e.grouping) for (const [k, g] of groups) m.set(k, list(compact(g)));
    return { t: 'o', m, r: e.range };
  }
}

/** A scope that adds local names (for-expression and dynamic block iterators). */
export class ChildScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly vars: Map<string, Val>,
  ) {}

  get moduleDir(): string {
    return this.parent.moduleDir;
  }

  resolve(root: string, steps: Step[], range: Range): Resolved | undefined {
    const v = this.vars.get(root);
    if (v !== undefined) return { value: v, consumed: 0 };
    return this.parent.resolve(root, steps, range);
  }
}

/** Accumulates a template's output, keeping a source map and known fragments around unknown holes. */
class TemplateBuilder {
  constructor(private readonly maxLength: number) {}
  /** Set when the text would pass the longest string allowed: the builder stops. */
  tooLong = false;
  /** Completed fragments: known text, or null for an unknown hole. */
  private frags: (string | null)[] = [];
  private text = '';
  /** Length of the known text in completed fragments (source map offsets run across fragments). */
  private base = 0;
  private segs: StrSeg[] = [];
  private firstUnknown: VUnknown | undefined;
  private holes: VUnknown[] = [];
  failed: VUnknown | undefined;

  private get offset(): number {
    return this.base + this.text.length;
  }

  private grow(n: number): boolean {
    if (this.offset + n > this.maxLength) this.tooLong = true;
    return !this.tooLong;
  }

  literal(p: Extract<TemplatePart, { kind: 'lit' }>): void {
    if (!p.value || !this.grow(p.value.length)) return;
    if (this.segs.length < MAX_SEGS) this.segs.push({ offset: this.offset, length: p.value.length, lit: p, litOffset: 0 });
    this.text += p.value;
  }

  value(v: Val, at: Range): void {
    if (v.t === 'u') {
      if (v.err) {
        this.failed = v;
        return;
      }
      if (!v.parts) {
        this.hole(v);
        return;
      }
      // a partly known string: keep its known fragments and their source map
      if (!this.grow(v.parts.reduce((n, p) => n + (p?.length ?? 0), 0))) return;
      const shift = this.offset;
      appendSegs(this.segs, v.segs, shift, v.parts.reduce((n, p) => n + (p?.length ?? 0), 0), v.r ?? at);
      let k = 0;
      for (const p of v.parts) {
        if (p === null) this.hole(holeAt(v, k++));
        else this.text += p;
      }
      return;
    }
    const s = asString(v);
    if (s === undefined) {
      this.failed = unknown(`cannot use a ${typeName(v)} in a string template`, at, { err: true });
      return;
    }
    if (!this.grow(s.length)) return;
    appendSegs(this.segs, v.t === 's' ? v.segs : undefined, this.offset, s.length, v.r ?? at);
    this.text += s;
  }

  hole(u: VUnknown): void {
    this.firstUnknown ??= u;
    this.holes.push(u);
    this.frags.push(this.text, null);
    this.base += this.text.length;
    this.text = '';
  }

  result(range: Range): Val {
    if (this.failed) return { ...this.failed, r: this.failed.r ?? range };
    if (!this.firstUnknown) return { t: 's', v: this.text, r: range, segs: compact(this.segs) };
    const parts = compact([...this.frags, this.text].filter((p) => p !== ''));
    const u = this.firstUnknown;
    return unknown(u.why, range, { parts, holes: compact(this.holes), segs: compact(this.segs), ...(u.ref ? { ref: u.ref } : {}), ...(u.sensitive ? { sensitive: true } : {}) });
  }
}

/** Whether a resource address is a data source's (`data.x.y`, `module.m.data.x.y`). */
function isDataAddress(address: string): boolean {
  return /(^|\.)data\./.test(address.replace(/\["[^"]*"\]/g, ''));
}


