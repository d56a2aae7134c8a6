/**
 * Property-based tests (fast-check): random and mutated input for the HCL reader, the
 * expression evaluator, the policy normaliser and the plan loader. No exception may escape, and
 * every run must finish (loops and recursion are bounded by the input). The line hash and the
 * report order are checked against their references.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import type { Range } from '../src/hcl/ast';
import { decodeTree, exportThroughCursor, exportTree, type TNode } from '../src/hcl/flat-tree';
import { parseHcl } from '../src/hcl/parse-hcl';
import { parseTfJson } from '../src/hcl/parse-json';
import { cursorBinding, terraformParser } from '../src/hcl/tree-sitter';
import { normalisePolicy } from '../src/iam/policy';
import { PlanError, parsePlanText } from '../src/plan/read-plan';
import { Evaluator } from '../src/terraform/evaluate';
import { FileAccessError, type FileAccess, type Scope } from '../src/terraform/scope';
import { SUPPORTED_FUNCTIONS, functionArity } from '../src/terraform/functions';
import { hashFromTable, lineHashTable, lineHashes } from '../src/engine/line-hash';
import { PairMap, compareText } from '../src/collections';
import { fromPlain, str, type Val } from '../src/terraform/value';
import { TESTDATA, listFixtures } from './support/fixtures';
import { mutated } from './support/mutate';

const RUNS = Number(process.env.TFXACCT_PROPERTY_RUNS ?? 150);
let parser: Parser;

beforeAll(async () => {
  parser = await terraformParser();
});

const FILES = listFixtures(path.join(TESTDATA, 'rules')).slice(0, 40).map((f) => fs.readFileSync(f, 'utf8'));

describe('HCL reader', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        const f = parseHcl(parser, text, 'x.tf');
        expect(Array.isArray(f.errors)).toBe(true);
        parseTfJson(parser, text, 'x.tf.json');
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on mutated real files, and reports errors with a line', () => {
    fc.assert(
      fc.property(mutated(FILES), (text) => {
        const f = parseHcl(parser, text, 'x.tf');
        for (const e of f.errors) expect(e.range.start.line).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});

const R: Range = { file: 'x.tf', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
const files: FileAccess = {
  read: () => {
    throw new FileAccessError('no files in this test');
  },
  template: () => {
    throw new FileAccessError('no files in this test');
  },
  exists: () => false,
  bytes: () => {
    throw new FileAccessError('no files in this test');
  },
  list: () => {
    throw new FileAccessError('no files in this test');
  },
  parseTemplate: () => {
    throw new FileAccessError('no templates in this test');
  },
};

/** HCL expressions built from a small grammar: literals, operators, functions, for, templates. */
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '-2.5', 'true', 'null', '"s"', '"a${var.x}b"', 'var.x', 'var.list', 'var.map', 'var.unknown', 'local.missing', '[]', '{}'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>', '&&', '||'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(
      fc.constantFrom(...SUPPORTED_FUNCTIONS, 'timestamp', 'nosuch'),
      fc.array(tie('e'), { maxLength: 4 }),
    ).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), tie('e')).map(([c, v]) => `[for k, v in ${c} : ${v}]`),
    fc.tuple(tie('e'), tie('e')).map(([c, v]) => `{ for k, v in ${c} : tostring(k) => ${v}... }`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a}[${b}]`),
    fc.tuple(tie('e')).map(([a]) => `${a}[*].name`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{ a = ${a}, "b" = ${b} }`),
    fc.tuple(tie('e')).map(([a]) => `"x%{ for i in ${a} }\${i}%{ endfor }y"`),
  ),
})).e;

describe('tree copy', () => {
  /** The reference: every field read with the cursor's own getters, for every node. */
  function reference(text: string): TNode {
    const tree = parser.parse(text)!;
    const c = tree.walk();
    const visit = (): TNode => {
      const node: TNode = { type: c.nodeType, named: c.nodeIsNamed, missing: c.nodeIsMissing, start: c.startIndex, end: c.endIndex, children: [] };
      if (c.gotoFirstChild()) {
        do node.children.push(visit());
        while (c.gotoNextSibling());
        c.gotoParent();
      }
      return node;
    };
    const root = visit();
    c.delete();
    tree.delete();
    return root;
  }

  it('equals a walk that asks the cursor everything, on mutated real files (errors and missing nodes)', () => {
    fc.assert(
      fc.property(mutated(FILES), (text) => {
        const tree = parser.parse(text)!;
        const got = decodeTree(exportTree(tree), tree.language.types);
        tree.delete();
        expect(got).toEqual(reference(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('is made through the WebAssembly module\'s cursor functions, and the walk leaves the parser usable', () => {
    // without them the export falls back to the cursor API: correct, but three times slower
    expect(cursorBinding()).toBeDefined();
    // the deep one grows the cursor's stack, which moves it
    for (const text of [FILES[0], 'a = {', '', `a = ${'['.repeat(300)}${']'.repeat(300)}`]) {
      const tree = parser.parse(text)!;
      const fast = exportTree(tree);
      expect(Array.from(fast.nodes)).toEqual(Array.from(exportThroughCursor(tree).nodes));
      // the cursor the walk used is freed with its final words: a second walk of the same tree agrees
      expect(Array.from(exportTree(tree).nodes)).toEqual(Array.from(fast.nodes));
      tree.delete();
    }
  });
});

describe('expression evaluator', () => {
  const scope: Scope = {
      moduleDir: '.',
      resolve(root, steps) {
        if (root !== 'var' || steps[0]?.kind !== 'attr') return undefined;
        const values: Record<string, Val> = {
          x: str('x'),
          list: fromPlain([1, 'two', { name: 'n' }, [3]]),
          map: fromPlain({ a: 1, b: { name: 'b' } }),
          unknown: { t: 'u', why: 'no value' },
        };
        const v = values[steps[0].name];
        return v ? { value: v, consumed: 1 } : undefined;
      },
    };
  const evalText = (source: string): Val | undefined => {
    const f = parseHcl(parser, `x = ${source}\n`, 'x.tf');
    if (f.errors.length > 0) return undefined;
    const ev = new Evaluator(files, { maxCollection: 10_000, maxSteps: 100_000 });
    return ev.eval(f.body.attributes[0].expr, scope);
  };

  it('every function, with any number of arguments of any kind, gives a value', () => {
    for (const name of SUPPORTED_FUNCTIONS) if (name !== 'try' && name !== 'can') expect([name, functionArity(name)]).toEqual([name, expect.any(Array)]);
    const samples = ['null', '1', '"a"', 'true', '[1, "b"]', '{ a = 1 }', 'var.unknown', '[var.unknown]'];
    for (const name of SUPPORTED_FUNCTIONS) {
      for (let n = 0; n <= 6; n++) {
        for (const sample of samples) {
          const v = evalText(`${name}(${Array(n).fill(sample).join(', ')})`);
          expect(v && typeof v.t).toBe('string');
        }
      }
    }
    const wrong = evalText('jsonencode()');
    expect(wrong).toMatchObject({ t: 'u', err: true, why: 'jsonencode(): wrong number of arguments (0 given, 1 expected)' });
    expect(evalText('lookup({}, "a", 1, 2)')).toMatchObject({ t: 'u', why: 'lookup(): wrong number of arguments (4 given, 2 to 3 expected)' });
    expect(evalText('lookup({ a = 1 }, "a")')).toMatchObject({ t: 'n', v: 1 });
  });

  it('never throws, whatever the expression and the values', () => {
    fc.assert(
      fc.property(expr, (source) => {
        const v = evalText(source);
        if (v) expect(typeof v.t).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('policy normaliser', () => {
  const ctx = { moduleDir: '.', fallback: R };

  it('never throws on arbitrary JSON structures', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (json) => {
        const doc = normalisePolicy(fromPlain(json, R), ctx);
        expect(Array.isArray(doc.statements)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on policy-shaped documents with random parts', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('*', 'Allow', 'Deny', 'arn:aws:iam::123456789012:root', 'sts:AssumeRole'));
    const part = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'X', 'StringEquals', 'aws:PrincipalOrgID'), fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }))));
    const statement = fc.record({ Effect: part, Principal: part, NotPrincipal: part, Action: part, Resource: part, Condition: fc.oneof(part, fc.dictionary(fc.string({ maxLength: 8 }), fc.dictionary(fc.string({ maxLength: 8 }), part))) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.record({ Version: part, Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), part) }, { requiredKeys: [] }), (doc) => {
        const text = JSON.stringify(doc);
        normalisePolicy({ t: 's', v: text, r: R }, ctx);
        normalisePolicy(fromPlain(doc, R), ctx);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on random text given as a policy', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        normalisePolicy({ t: 's', v: text, r: R }, ctx);
        normalisePolicy({ t: 'u', why: 'x', parts: [text, null, text] }, ctx);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('plan loader', () => {
  const plans = fs
    .readdirSync(path.join(TESTDATA, 'plans', 'real'))
    .filter((f) => f.endsWith('.json') && !f.includes('utf16'))
    .map((f) => fs.readFileSync(path.join(TESTDATA, 'plans', 'real', f), 'utf8'))
    .filter((t) => t.length < 30_000);

  const onlyPlanErrors = (text: string) => {
    try {
      parsePlanText(Buffer.from(text), 'p.json');
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
    }
  };

  it('returns a plan or a PlanError for mutated real plans', () => {
    fc.assert(fc.property(mutated(plans), onlyPlanErrors), { numRuns: RUNS });
  });

  it('returns a plan or a PlanError for random documents with a format version', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('planned_values', 'resource_changes', 'configuration', 'prior_state', 'variables', 'values'), fc.jsonValue({ maxDepth: 5 })), (doc) => {
        onlyPlanErrors(JSON.stringify({ format_version: '1.2', ...doc }));
      }),
      { numRuns: RUNS },
    );
  });

  it('returns a plan or a PlanError for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => onlyPlanErrors(Buffer.from(bytes).toString('latin1'))), { numRuns: RUNS });
  });
});

describe("GitHub's line hash", () => {
  /** A straightforward BigInt transcription of the upload action's algorithm, as the reference. */
  function reference(text: string): string[] {
    const MOD = 1n << 64n;
    const BLOCK = 100;
    const firstMod = 37n ** BigInt(BLOCK) % MOD;
    const out: string[] = [];
    const counts = new Map<string, number>();
    const window: number[] = Array(BLOCK).fill(0);
    const lineAt: number[] = Array(BLOCK).fill(-1);
    let hash = 0n;
    let index = 0;
    let line = 0;
    let lineStart = true;
    let prevCR = false;
    const emit = () => {
      const h = hash.toString(16);
      const n = (counts.get(h) ?? 0) + 1;
      counts.set(h, n);
      out[lineAt[index] - 1] = `${h}:${n}`;
      lineAt[index] = -1;
    };
    const update = (c: number) => {
      const begin = window[index];
      window[index] = c;
      hash = (((37n * hash + BigInt(c) - firstMod * BigInt(begin)) % MOD) + MOD) % MOD;
      index = (index + 1) % BLOCK;
    };
    const process = (code: number) => {
      let c = code;
      if (c === 32 || c === 9 || (prevCR && c === 10)) {
        prevCR = false;
        return;
      }
      if (c === 13) {
        c = 10;
        prevCR = true;
      } else prevCR = false;
      if (lineAt[index] !== -1) emit();
      if (lineStart) {
        lineStart = false;
        line++;
        lineAt[index] = line;
      }
      if (c === 10) lineStart = true;
      update(c);
    };
    for (let i = 0; i < text.length; i++) process(text.charCodeAt(i));
    process(65535);
    for (let i = 0; i < BLOCK; i++) {
      if (lineAt[index] !== -1) emit();
      update(0);
    }
    return out;
  }

  it('counts repeated hashes the same in a table that starts small (it grows, and hashes share slots)', () => {
    // repeated lines repeat their hash; a table of two slots grows many times and probes often
    for (const text of ['x = 1\n'.repeat(200) + 'y\n'.repeat(150), '{\n\t"a": 1\n}\n'.repeat(120), 'a'.repeat(500)]) {
      const ref = reference(text);
      const lines = new Set(ref.map((_, i) => i + 1));
      expect(ref.map((_, i) => lineHashes(text, lines).get(i + 1))).toEqual(ref);
      expect(ref.map((_, i) => lineHashes(text, lines, 2).get(i + 1))).toEqual(ref);
    }
  });

  it('equals a BigInt reference on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '{', '"', 'é', '\uffff', 'z') }), (text) => {
        const ref = reference(text);
        const got = lineHashes(text, new Set(ref.map((_, i) => i + 1)));
        expect(ref.map((_, i) => got.get(i + 1))).toEqual(ref);
        // a table of two slots to begin with: grown, and probed past other hashes, it counts the same
        const clashing = lineHashes(text, new Set(ref.map((_, i) => i + 1)), 2);
        expect(ref.map((_, i) => clashing.get(i + 1))).toEqual(ref);
        // the table a thread sends back gives every line the same hash, and nothing past the end
        const table = lineHashTable(text);
        expect(ref.map((_, i) => hashFromTable(table, i + 1))).toEqual(ref);
        expect(hashFromTable(table, ref.length + 1)).toBeUndefined();
        expect(hashFromTable(table, 0)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('report order', () => {
  const sign = (n: number) => Math.sign(n);
  const id = fc.tuple(fc.constantFrom('TFXA', 'TFX', 'A', 'Z', 'tfxa'), fc.stringMatching(/^\d{1,4}$/)).map(([l, d]) => l + d);
  const text = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'B', 'z', 'A', '0', '9', '_', '-', '.', ' ', 'é', 'É', 'ß', '[', '"') });

  it('compareText orders as localeCompare: rule ids, other text, equal strings', () => {
    fc.assert(
      fc.property(fc.oneof(id, text), fc.oneof(id, text), (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
        expect(compareText(a, a)).toBe(0);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('compareText orders the rule ids as localeCompare in locales that tailor letters', () => {
    const ids = ['TFXA001', 'TFXA002', 'TFXA010', 'TFXA099', 'TFXA101', 'TFXA301', 'TFXA110', 'TFXA011'];
    for (const locale of ['da', 'lt', 'et', 'sv', 'tr', 'de', 'ja']) {
      const collator = new Intl.Collator(locale);
      for (const a of ids) for (const b of ids) expect(sign(compareText(a, b))).toBe(sign(collator.compare(a, b)));
    }
  });
});

describe('PairMap', () => {
  it('holds what a map keyed by the pair holds, and tells pairs apart whatever their characters', () => {
    const text = fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', '\u0000', '/') });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, fc.integer()), { maxLength: 30 }), fc.array(fc.tuple(text, text), { maxLength: 30 }), (sets, gets) => {
        const pairs = new PairMap<number>();
        const model = new Map<string, number>();
        for (const [a, b, v] of sets) {
          pairs.set(a, b, v);
          model.set(JSON.stringify([a, b]), v);
        }
        for (const [a, b] of [...gets, ...sets.map(([a, b]) => [a, b] as const)]) {
          expect(pairs.get(a, b)).toBe(model.get(JSON.stringify([a, b])));
          expect(pairs.has(a, b)).toBe(model.has(JSON.stringify([a, b])));
        }
      }),
    );
  });
});
