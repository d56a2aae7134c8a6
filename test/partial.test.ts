/**
 * Partial evaluation of policies: an unknown value makes only the leaf it lands in unknown.
 * The differential tests take every wholly known policy in testdata/, make one leaf unknown, and
 * check that the rest of the normalised policy (values and source ranges) is exactly what the
 * wholly known policy gave.
 */
import * as path from 'node:path';
import { parseTree, type Node as JNode } from 'jsonc-parser';
import { normalisePolicy, type PolicyDocument, type Statement } from '../src/iam/policy';
import type { PolicyRef } from '../src/iam/sources';
import { scan } from '../src/scan';
import { parseJsonValue, isJsonFailure } from '../src/terraform/json-value';
import { unknown, type StrSeg, type VObj, type VStr, type VUnknown, type Val } from '../src/terraform/value';
import { toJson } from '../src/report/json';
import { toMarkdown } from '../src/report/markdown';
import { toSarif } from '../src/report/sarif';
import { summaryLine } from '../src/report/text';
import { REPO, TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const R = { file: 'p.tf', start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

/** Everything of a statement that does not come from its Resource and Sid. */
function projection(doc: PolicyDocument, without: 'Resource' | 'Sid') {
  return doc.statements.map((s: Statement) => ({
    index: s.index,
    path: s.path,
    range: s.range,
    effect: s.effect,
    effectRange: s.effectRange,
    principal: s.principal,
    notPrincipal: s.notPrincipal,
    action: s.action,
    notAction: s.notAction,
    ...(without === 'Resource' ? {} : { resource: s.resource, notResource: s.notResource }),
    conditions: s.conditions,
    conditionsUnknown: s.conditionsUnknown,
    ...(without === 'Sid' ? {} : { sid: s.sid }),
  }));
}

async function knownPolicies(): Promise<PolicyRef[]> {
  const out: PolicyRef[] = [];
  for (const dir of ['rules', 'projects', 'partial']) {
    const result = await scan({ paths: [path.join(TESTDATA, dir)], root: REPO, cwd: REPO });
    for (const p of result.graph.policies) {
      if (!p.value || p.doc.unknown || p.doc.unknowns.length > 0 || p.doc.problems.length > 0 || p.doc.statements.length === 0) continue;
      out.push(p);
    }
  }
  return out;
}

/** String nodes of a JSON text that are the value of `key` (directly, or as list items). */
function stringValuesOf(root: JNode, key: string): JNode[] {
  const out: JNode[] = [];
  const walk = (n: JNode) => {
    if (n.type === 'property' && n.children?.[0]?.value === key) {
      const v = n.children[1];
      if (v?.type === 'string') out.push(v);
      else if (v?.type === 'array') for (const c of v.children ?? []) if (c.type === 'string') out.push(c);
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** The policy text with the content of each given string node replaced by an unknown hole. */
function withHoles(v: VStr, nodes: JNode[]): VUnknown {
  const cuts = [...nodes].sort((a, b) => a.offset - b.offset).map((n) => ({ from: n.offset + 1, to: n.offset + n.length - 1 }));
  const parts: (string | null)[] = [];
  const holes: VUnknown[] = [];
  let last = 0;
  for (const c of cuts) {
    parts.push(v.v.slice(last, c.from), null);
    holes.push(unknown('test hole', R));
    last = c.to;
  }
  parts.push(v.v.slice(last));
  // the source map of the known text: the original map with the hole contents cut out
  const cutBefore = (at: number) => cuts.reduce((n, c) => n + Math.max(0, Math.min(c.to, at) - c.from), 0);
  const segs: StrSeg[] = [];
  for (const sg of v.segs ?? []) {
    const end = sg.offset + sg.length;
    let cursor = sg.offset;
    const emit = (from: number, to: number) => {
      if (to > from) segs.push({ ...sg, offset: from - cutBefore(from), length: to - from, ...(sg.lit ? { litOffset: (sg.litOffset ?? 0) + (from - sg.offset) } : {}) });
    };
    for (const c of cuts) {
      if (c.to <= cursor || c.from >= end) continue;
      emit(cursor, Math.min(c.from, end));
      cursor = Math.min(c.to, end);
    }
    emit(cursor, end);
  }
  return { ...unknown('test hole', v.r, { parts: parts.filter((p) => p !== ''), holes, segs }), ...(v.u ? { u: v.u } : {}) };
}

/** The structure of a jsonencode() value with every Resource (or Sid) replaced by an unknown. */
function withUnknownLeaves(v: Val, key: string): Val {
  if (v.t === 'l') return { ...v, items: v.items.map((i) => withUnknownLeaves(i, key)) };
  if (v.t !== 'o') return v;
  const m = new Map<string, Val>();
  for (const [k, x] of v.m) m.set(k, k === key ? unknown('test hole', x.r) : withUnknownLeaves(x, key));
  return { ...(v as VObj), m };
}

describe('partial evaluation: known parts survive an unknown leaf (differential, over testdata/)', () => {
  let policies: PolicyRef[] = [];
  beforeAll(async () => {
    policies = await knownPolicies();
  }, 60_000);

  it('finds known policies to compare', () => {
    expect(policies.filter((p) => p.value?.t === 's' && !p.value.json).length).toBeGreaterThan(10);
    expect(policies.filter((p) => p.value?.t === 's' && p.value.json).length).toBeGreaterThan(50);
  });

  for (const key of ['Resource', 'Sid'] as const) {
    it(`JSON text with an unknown ${key}: everything else is the same`, () => {
      let compared = 0;
      for (const p of policies) {
        const v = p.value as VStr;
        if (v.t !== 's' || v.json) continue;
        const root = parseTree(v.v);
        if (!root) continue;
        const nodes = stringValuesOf(root, key);
        if (nodes.length === 0) continue;
        const ctx = { moduleDir: p.holder.moduleDir, fallback: p.attributeRange };
        const partial = normalisePolicy(withHoles(v, nodes), ctx);
        expect({ at: `${p.holder.address}.${p.attribute}`, statements: projection(partial, key) }).toEqual({ at: `${p.holder.address}.${p.attribute}`, statements: projection(p.doc, key) });
        if (key === 'Resource') expect(partial.unknowns.length).toBeGreaterThan(0);
        compared++;
      }
      expect(compared).toBeGreaterThan(key === 'Resource' ? 5 : 0);
    });

    it(`jsonencode() with an unknown ${key}: everything else is the same`, () => {
      let compared = 0;
      for (const p of policies) {
        const v = p.value as VStr;
        if (v.t !== 's' || !v.json) continue;
        const json = withUnknownLeaves(v.json, key);
        const ctx = { moduleDir: p.holder.moduleDir, fallback: p.attributeRange };
        const partial = normalisePolicy({ ...unknown('test hole', v.r, { json }), ...(v.u ? { u: v.u } : {}) }, ctx);
        expect({ at: `${p.holder.address}.${p.attribute}`, statements: projection(partial, key) }).toEqual({ at: `${p.holder.address}.${p.attribute}`, statements: projection(p.doc, key) });
        compared++;
      }
      expect(compared).toBeGreaterThan(50);
    });
  }
});

describe('partial evaluation: JSON text with holes', () => {
  const holed = (parts: (string | null)[], holes: VUnknown[]): VUnknown => unknown(holes[0].why, R, { parts, holes });

  it('an interpolation inside a string keeps the known prefix and suffix, with its own reason', () => {
    const v = parseJsonValue(holed(['{"a":"arn:aws:sqs:', null, ':111111111111:q","b":"', null, '"}'], [unknown('region unknown', R), unknown('name unknown', R)]));
    expect(isJsonFailure(v)).toBe(false);
    const o = v as VObj;
    const a = o.m.get('a') as VUnknown;
    expect(a.parts).toEqual(['arn:aws:sqs:', null, ':111111111111:q']);
    expect(a.why).toBe('region unknown');
    expect((o.m.get('b') as VUnknown).why).toBe('name unknown');
  });

  it('an interpolation that stands for structure is that part, with the structure it knows', () => {
    const known = { t: 'o' as const, m: new Map<string, Val>([['Effect', { t: 's' as const, v: 'Allow' }]]) };
    const v = parseJsonValue(holed(['{"Statement":[', null, ',', null, ']}'], [unknown('list unknown', R), unknown('partly known', R, { json: known })])) as VObj;
    const st = v.m.get('Statement');
    expect(st?.t).toBe('l');
    const items = (st as { items: Val[] }).items;
    expect(items[0]).toMatchObject({ t: 'u', why: 'list unknown' });
    expect(items[1]).toBe(known);
  });

  it('a key whose name is unknown marks the object as partial', () => {
    const v = parseJsonValue(holed(['{"', null, '":"x","Effect":"Allow"}'], [unknown('key unknown', R)])) as VObj;
    expect([...v.m.keys()]).toEqual(['Effect']);
    expect(v.partial).toMatch(/key unknown/);
  });

  it('placeholders cannot be forged by the known text', () => {
    // the known text holds private-use characters of its own: they stay text
    const text = '\ue000\ue001\ue002 0';
    const v = parseJsonValue(holed([`{"a":"${text}","b":"`, null, '"}'], [unknown('hole', R)])) as VObj;
    expect(v.m.get('a')).toMatchObject({ t: 's', v: text });
    expect(v.m.get('b')).toMatchObject({ t: 'u', why: 'hole' });
  });

  it('stays linear with many holes', () => {
    const n = 20_000;
    const parts: (string | null)[] = ['['];
    const holes: VUnknown[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(i ? ',"x' : '"x', null, '"');
      holes.push(unknown(`hole ${i}`, R));
    }
    parts.push(']');
    const t0 = Date.now();
    const v = parseJsonValue(holed(parts, holes));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((v as { items: Val[] }).items).toHaveLength(n);
    expect(((v as { items: Val[] }).items[n - 1] as VUnknown).why).toBe(`hole ${n - 1}`);
  });
});

describe('coverage: a scan says how much it saw', () => {
  it('counts policies read whole, partly and not at all, unmodelled resources and modules not installed', async () => {
    const dir = tempTree({
      'main.tf': [
        'variable "acct" {}',
        'variable "doc" {}',
        'resource "aws_iam_role" "whole" {\n  name = "w"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}',
        'resource "aws_iam_role" "partial" {\n  name = "p"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.acct}:root" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "sts:ExternalId" = "x" } } }] })\n}',
        'resource "aws_iam_role" "opaque" {\n  name = "o"\n  assume_role_policy = var.doc\n}',
        'resource "aws_ssoadmin_permissions_boundary_attachment" "b1" {\n  instance_arn = "i"\n  permission_set_arn = "p1"\n}',
        'resource "aws_ssoadmin_permissions_boundary_attachment" "b2" {\n  instance_arn = "i"\n  permission_set_arn = "p2"\n}',
        'resource "aws_secretsmanager_secret" "no_policy" {\n  name = "s"\n}',
        'module "remote" {\n  source = "terraform-aws-modules/iam/aws"\n}',
      ].join('\n'),
    });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(result.stats.coverage).toEqual({ policies: { whole: 1, partial: 1, unknown: 1 }, unmodelledResources: 2, modulesNotInstalled: 1 });
    const notes = result.notifications.map((n) => `${n.level} ${n.kind} ${n.message}`);
    // once per type and root module
    expect(notes.filter((n) => /unmodelled-resource aws_ssoadmin_permissions_boundary_attachment .*not analyse yet: 2 resources/.test(n))).toHaveLength(1);
    expect(notes.some((n) => /secretsmanager/.test(n))).toBe(false);
    expect(notes.some((n) => /^warning module-unavailable module "remote".*terraform init/.test(n))).toBe(true);
    const line = summaryLine(result);
    expect(line).toMatch(/1 read whole, 1 partly known, 1 not analysed/);
    expect(line).toMatch(/2 resources of policy-bearing types not analysed yet/);
    expect(line).toMatch(/1 module not installed \(run terraform init/);
    const md = toMarkdown(result);
    expect(md).toContain('not everything was analysed');
    expect(md).toContain('No cross-account access problems found in what could be analysed');
    const json = JSON.parse(toJson(result));
    expect(json.stats.coverage).toEqual(result.stats.coverage);
  });

  it('a scan that read everything has no coverage line', async () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n' });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(result.stats.coverage).toEqual({ policies: { whole: 1, partial: 0, unknown: 0 }, unmodelledResources: 0, modulesNotInstalled: 0 });
    expect(summaryLine(result)).not.toMatch(/not everything/);
    expect(toMarkdown(result)).toContain('No cross-account access problems found.');
  });
});

describe('possible instances in the reports', () => {
  it('JSON and SARIF carry possibleInstance', async () => {
    const result = await scan({ paths: [path.join(TESTDATA, 'partial', 'possible-instances.tf')], root: REPO, cwd: REPO });
    const f = result.findings.find((x) => x.address === 'aws_iam_role.public[?]');
    expect(f?.possibleInstance).toMatch(/count of aws_iam_role\.public is unknown/);
    expect(f?.message).toMatch(/exists only if its count or for_each yields it/);
    const json = JSON.parse(toJson(result));
    expect(json.findings.find((x: { address: string }) => x.address === 'aws_iam_role.public[?]').possibleInstance).toBe(f?.possibleInstance);
    const sarif = JSON.parse(toSarif(result));
    const r = sarif.runs[0].results.find((x: { properties: { address: string } }) => x.properties.address === 'aws_iam_role.public[?]');
    expect(r.properties.possibleInstance).toBe(f?.possibleInstance);
  });
});

describe('bad input in partly known policies is a notification with file and line, and the scan goes on', () => {
  const sentinel = 'resource "aws_iam_role" "sentinel" {\n  name = "s"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n';

  it.each([
    ['a template with a broken interpolation', { 'bad.tf': 'resource "aws_iam_role" "b" {\n  name = "b"\n  assume_role_policy = templatefile("${path.module}/t.tpl", {})\n}\n', 't.tpl': '{"Statement": [${oops]}\n' }, /bad\.tf:3 .*templatefile\(/],
    ['an unclosed heredoc', { 'bad.tf': 'resource "aws_iam_role" "b" {\n  name = "b"\n  assume_role_policy = <<EOT\n{"Statement": []}\n' }, /bad\.tf:\d+ .*file skipped/],
    ['templatefile() of a missing file', { 'bad.tf': 'resource "aws_iam_role" "b" {\n  name = "b"\n  assume_role_policy = templatefile("${path.module}/missing.tpl", {})\n}\n' }, /bad\.tf:3 .*templatefile\("\.\/missing\.tpl"\)|bad\.tf:3 .*missing\.tpl/],
    ['a function called with wrong types', { 'bad.tf': 'resource "aws_iam_role" "b" {\n  name = "b"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Resource = cidrsubnet("x", [], {}) }] })\n}\n' }, /bad\.tf:3 .*cidrsubnet\(\): .*the value is unknown/],
  ])('%s', async (_name, files, want) => {
    const dir = tempTree({ 'sentinel.tf': sentinel, ...(files as Record<string, string>) });
    const t0 = Date.now();
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(Date.now() - t0).toBeLessThan(10_000);
    const notes = result.notifications.filter((n) => n.level !== 'note').map((n) => `${n.file}:${n.startLine} ${n.message}`);
    expect(notes.some((n) => want.test(n))).toBe(true);
    expect(result.findings.some((f) => f.address === 'aws_iam_role.sentinel' && f.ruleId === 'TFXA003')).toBe(true);
  });

  it('failures inside try() and can() are expected and not reported', async () => {
    const dir = tempTree({ 'main.tf': 'variable "x" {\n  default = "not json"\n}\nresource "terraform_data" "t" {\n  a = try(jsondecode(var.x), var.x)\n  b = can(cidrhost("x", 1))\n}\n' });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(result.notifications.filter((n) => n.kind === 'function-error')).toEqual([]);
  });
});

describe('locations a reviewer can act on', () => {
  it('a principal written in the module call of an installed module points at that line, with the module code as related locations', async () => {
    const result = await scan({ paths: [path.join(TESTDATA, 'projects', 'installed-module')], root: REPO, cwd: REPO });
    const f = result.findings.find((x) => x.ruleId === 'TFXA001')!;
    expect(`${f.file}:${f.startLine}`).toBe('testdata/projects/installed-module/main.tf:13');
    expect(f.related.map((r) => `${r.file}:${r.startLine}`)).toEqual([
      'testdata/projects/installed-module/.terraform/modules/vendor_role/main.tf:14',
      'testdata/projects/installed-module/.terraform/modules/vendor_role/main.tf:21',
    ]);
    const sarif = JSON.parse(toSarif(result));
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'TFXA001');
    expect(r.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('testdata/projects/installed-module/.terraform/modules/vendor_role/main.tf');
    expect(r.relatedLocations[0].message.text).toMatch(/passes through/);
  });
});

describe('two-resource findings carry the other side', () => {
  it.each([
    ['TFXA101', /the policy of .*aws_kms_key/],
    ['TFXA201', /whose identity policies do not allow sts:AssumeRole/],
    ['TFXA202', /the trust policy of .* which does not admit/],
    ['TFXA203', /the Deny statement of .* that blocks|the allow list of .* which leaves .* out/],
  ])('%s', async (id, message) => {
    const result = await scan({ paths: [path.join(TESTDATA, 'rules', id, 'positive.tf')], root: REPO, cwd: REPO });
    const fs = result.findings.filter((f) => f.ruleId === id);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(f.related.some((r) => message.test(r.message) && r.startLine > 0)).toBe(true);
  });
});

describe('unknown condition values decide where the operator makes them literal', () => {
  it('an unknown StringEquals value and an ARN pattern whose account is the caller identity bind; a StringLike variable is not decided', async () => {
    const file = path.join(TESTDATA, 'partial', 'unknown-literals.tf');
    const result = await scan({ paths: [file], root: REPO, cwd: REPO, reportUnknown: true });
    const undecided = result.notifications.filter((n) => n.kind === 'unknown-value' && /^TFXA005:/.test(n.message)).map((n) => `${n.startLine} ${n.message}`);
    expect(undecided).toEqual(['47 TFXA005: aws_sqs_queue_policy.q: whether the grant to events.amazonaws.com is tied to a source account cannot be decided']);
    // a root of an unknown account with aws:PrincipalAccount naming an account: it may restate it
    const trust = result.notifications.filter((n) => n.kind === 'unknown-value' && /^TFXA00[13]:/.test(n.message)).map((n) => `${n.startLine} ${n.message}`);
    expect(trust).toEqual(['105 TFXA001: aws_iam_role.root_and_literal_account: trust to arn:aws:iam::…:root has conditions or actions that are not known statically']);
    expect(result.findings.map((f) => `${f.startLine} ${f.ruleId}`)).toEqual(['57 TFXA005', '80 TFXA001', '105 TFXA002']);
  });
});
