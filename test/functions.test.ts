/**
 * Every built-in function of Terraform 1.x and what tfxacct does with it: the pure ones evaluate
 * (to the value Terraform's documentation gives for the call), the ones that depend on the moment,
 * randomness or a secret are unknown and say why, and provider functions are unknown.
 */

import { Diagnostics } from '../src/diagnostics';
import { terraformParser } from '../src/hcl/tree-sitter';
import { SUPPORTED_FUNCTIONS, UNKNOWABLE } from '../src/terraform/functions';
import { Loader } from '../src/terraform/loader';
import { toPlain, type VUnknown, type Val } from '../src/terraform/value';
import { tempTree } from './support/tmp';

async function evalAll(exprs: Record<string, string>, files: Record<string, string> = {}, prelude = '') {
  const body = Object.entries(exprs)
    .map(([k, v]) => `  ${k} = ${v}`)
    .join('\n');
  const dir = tempTree({ 'main.tf': `${prelude}\nresource "terraform_data" "t" {\n${body}\n}\n`, ...files });
  const diags = new Diagnostics();
  const loader = new Loader({ paths: [dir], boundary: dir }, diags, await terraformParser());
  const r = loader.load().resources.find((x) => x.address === 'terraform_data.t')!;
  const out: Record<string, Val> = {};
  for (const k of Object.keys(exprs)) out[k] = r.attrs.m.get(k)!;
  return { out, diags, dir };
}

/** Terraform 1.x built-ins (the documentation's function list), each with a call and its documented result. */
const PURE: [string, string, unknown][] = [
  ['abs', 'abs(-12.4)', 12.4],
  ['ceil', 'ceil(4.1)', 5],
  ['floor', 'floor(4.9)', 4],
  ['log', 'log(16, 2)', 4],
  ['max', 'max(12, 54, 3)', 54],
  ['min', 'min(12, 54, 3)', 3],
  ['parseint', 'parseint("FF", 16)', 255],
  ['pow', 'pow(3, 2)', 9],
  ['signum', 'signum(-13)', -1],
  ['sum', 'sum([10, 13, 6, 4.5])', 33.5],
  ['chomp', 'chomp("hello\\n")', 'hello'],
  ['endswith', 'endswith("hello world", "world")', true],
  ['format', 'format("Hello, %s!", "Ander")', 'Hello, Ander!'],
  ['formatlist', 'formatlist("Hello, %s!", ["Valentina", "Ander"])', ['Hello, Valentina!', 'Hello, Ander!']],
  ['indent', 'indent(2, "a\\nb")', 'a\n  b'],
  ['join', 'join(", ", ["foo", "bar"])', 'foo, bar'],
  ['lower', 'lower("HELLO")', 'hello'],
  ['regex', 'regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
  ['regexall', 'regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
  ['replace', 'replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
  ['split', 'split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
  ['startswith', 'startswith("hello world", "hello")', true],
  ['strcontains', 'strcontains("hello world", "wor")', true],
  ['strrev', 'strrev("hello")', 'olleh'],
  ['substr', 'substr("hello world", 1, 4)', 'ello'],
  ['templatestring', 'templatestring("Hello, $${name}!", { name = "Ander" })', 'Hello, Ander!'],
  ['title', 'title("hello world")', 'Hello World'],
  ['trim', 'trim("?!hello?!", "!?")', 'hello'],
  ['trimprefix', 'trimprefix("helloworld", "hello")', 'world'],
  ['trimsuffix', 'trimsuffix("helloworld", "world")', 'hello'],
  ['trimspace', 'trimspace("  hello\\n\\n")', 'hello'],
  ['upper', 'upper("hello")', 'HELLO'],
  ['alltrue', 'alltrue(["true", true])', true],
  ['anytrue', 'anytrue([false, true])', true],
  ['chunklist', 'chunklist(["a", "b", "c"], 2)', [['a', 'b'], ['c']]],
  ['coalesce', 'coalesce("", "b")', 'b'],
  ['coalescelist', 'coalescelist([], ["c"])', ['c']],
  ['compact', 'compact(["a", "", "b", null])', ['a', 'b']],
  ['concat', 'concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
  ['contains', 'contains(["a", "b"], "b")', true],
  ['distinct', 'distinct(["a", "b", "a"])', ['a', 'b']],
  ['element', 'element(["a", "b", "c"], 3)', 'a'],
  ['flatten', 'flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']],
  ['index', 'index(["a", "b", "c"], "b")', 1],
  ['keys', 'keys({ a = 1, c = 2, d = 3 })', ['a', 'c', 'd']],
  ['length', 'length("hello")', 5],
  ['lookup', 'lookup({ a = "ay" }, "c", "what?")', 'what?'],
  ['matchkeys', 'matchkeys(["i-1", "i-2"], ["a", "b"], ["b"])', ['i-2']],
  ['merge', 'merge({ a = "b" }, { e = "f" })', { a: 'b', e: 'f' }],
  ['one', 'one(["hello"])', 'hello'],
  ['range', 'range(1, 4)', [1, 2, 3]],
  ['reverse', 'reverse([1, 2, 3])', [3, 2, 1]],
  ['setintersection', 'setintersection(["a", "b"], ["b", "c"])', ['b']],
  ['setproduct', 'setproduct(["a"], ["x", "y"])', [['a', 'x'], ['a', 'y']]],
  ['setsubtract', 'setsubtract(["a", "b", "c"], ["a", "c"])', ['b']],
  ['setunion', 'setunion(["a", "b"], ["b", "c"])', ['a', 'b', 'c']],
  ['slice', 'slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
  ['sort', 'sort(["e", "d", "a"])', ['a', 'd', 'e']],
  ['transpose', 'transpose({ a = ["1", "2"], b = ["2"] })', { '1': ['a'], '2': ['a', 'b'] }],
  ['values', 'values({ a = 3, c = 2 })', [3, 2]],
  ['zipmap', 'zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['base64decode', 'base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
  ['base64encode', 'base64encode("Hello World")', 'SGVsbG8gV29ybGQ='],
  ['csvdecode', 'csvdecode("a,b\\n1,2\\n")', [{ a: '1', b: '2' }]],
  ['jsondecode', 'jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }],
  ['jsonencode', 'jsonencode({ hello = "world" })', '{"hello":"world"}'],
  ['textdecodebase64', 'textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', 'Hello World'],
  ['textencodebase64', 'textencodebase64("Hello World", "UTF-16LE")', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
  ['urlencode', 'urlencode("Hello World!")', 'Hello%20World!'],
  ['yamldecode', 'yamldecode("hello: world")', { hello: 'world' }],
  ['yamlencode', 'yamlencode({ a = "b" })', 'a: b\n'],
  ['abspath', 'abspath("x")', 'x'],
  ['dirname', 'dirname("foo/bar/baz.txt")', 'foo/bar'],
  ['pathexpand', 'pathexpand("x/y")', 'x/y'],
  ['basename', 'basename("foo/bar/baz.txt")', 'baz.txt'],
  ['file', 'file("${path.module}/hello.txt")', 'Hello World'],
  ['fileexists', 'fileexists("${path.module}/hello.txt")', true],
  ['fileset', 'fileset(path.module, "files/*.txt")', ['files/a.txt', 'files/b.txt']],
  ['filebase64', 'filebase64("${path.module}/hello.txt")', 'SGVsbG8gV29ybGQ='],
  ['templatefile', 'templatefile("${path.module}/hello.tpl", { name = "Ander" })', 'Hello, Ander!'],
  ['formatdate', 'formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '02 Jan 2018 23:12 UTC'],
  ['timeadd', 'timeadd("2017-11-22T00:00:00Z", "10m")', '2017-11-22T00:10:00Z'],
  // Go's duration units for microseconds: the micro sign (U+00B5) and the Greek letter mu (U+03BC)
  ['timeadd', 'timeadd("2017-11-22T00:00:00Z", "60000000\u00b5s")', '2017-11-22T00:01:00Z'],
  ['timeadd', 'timeadd("2017-11-22T00:00:00Z", "1m60000000\u03bcs")', '2017-11-22T00:02:00Z'],
  ['timecmp', 'timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")', 0],
  ['base64sha256', 'base64sha256("hello world")', 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
  ['base64sha512', 'base64sha512("hello world")', 'MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=='],
  ['filebase64sha256', 'filebase64sha256("${path.module}/hello.txt")', 'pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4='],
  ['filebase64sha512', 'filebase64sha512("${path.module}/hello.txt")', 'LHT9F+2v2A6ER7DUZ0HuJDt+t03SFJoKsbkkb7MDgvJ+hT2FhXGeDmfL2g2qj1FnEGRhXWRa4nrLFb+xRH9Fmw=='],
  ['filemd5', 'filemd5("${path.module}/hello.txt")', 'b10a8db164e0754105b7a99be72e3fe5'],
  ['filesha1', 'filesha1("${path.module}/hello.txt")', '0a4d55a8d778e5022fab701977c5d840bbc486d0'],
  ['filesha256', 'filesha256("${path.module}/hello.txt")', 'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e'],
  ['filesha512', 'filesha512("${path.module}/hello.txt")', '2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b'],
  ['md5', 'md5("hello world")', '5eb63bbbe01eeed093cb22bb8f5acdc3'],
  ['sha1', 'sha1("hello world")', '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
  ['sha256', 'sha256("hello world")', 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
  ['sha512', 'sha512("hello world")', '309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f'],
  ['uuidv5', 'uuidv5("dns", "www.terraform.io")', 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
  ['cidrhost', 'cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
  ['cidrnetmask', 'cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
  ['cidrsubnet', 'cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnets', 'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  ['ephemeralasnull', 'ephemeralasnull("x")', 'x'],
  ['issensitive', 'issensitive(sensitive("x"))', true],
  ['nonsensitive', 'nonsensitive(sensitive("x"))', 'x'],
  ['sensitive', 'sensitive("x")', 'x'],
  ['tobool', 'tobool("true")', true],
  ['tolist', 'tolist(["a", "b"])', ['a', 'b']],
  ['tomap', 'tomap({ a = 1 })', { a: 1 }],
  ['tonumber', 'tonumber("1")', 1],
  ['toset', 'toset(["a", "b", "a"])', ['a', 'b']],
  ['tostring', 'tostring(1)', '1'],
  ['try', 'try(local.missing, "fallback")', 'fallback'],
  ['can', 'can(regex("^[a-z]+$", "abc"))', true],
  ['type', 'type("x")', 'string'],
];

/** Built-ins that stay unknown, and why; the README lists them. */
const STAY_UNKNOWN: [string, string, RegExp][] = [
  ['timestamp', 'timestamp()', /time of the apply/],
  ['plantimestamp', 'plantimestamp()', /time of the plan/],
  ['uuid', 'uuid()', /random/],
  ['bcrypt', 'bcrypt("x")', /random salt/],
  ['rsadecrypt', 'rsadecrypt("x", "y")', /private key/],
  ['base64gzip', 'base64gzip("x")', /compressor/],
  ['provider::terraform::encode_expr', 'provider::terraform::encode_expr("x")', /provider function/],
];

const FILES = { 'hello.txt': 'Hello World', 'hello.tpl': 'Hello, ${name}!', 'files/a.txt': 'a', 'files/b.txt': 'b', 'files/c.md': 'c' };

describe('every Terraform built-in function', () => {
  it('pure functions evaluate to the documented result', async () => {
    const exprs = Object.fromEntries(PURE.map(([, call], i) => [`f${i}`, call]));
    const { out } = await evalAll(exprs, FILES, 'locals {}');
    const got = PURE.map(([name], i) => [name, out[`f${i}`].t === 'u' ? `unknown: ${(out[`f${i}`] as VUnknown).why}` : toPlain(out[`f${i}`])]);
    expect(got).toEqual(PURE.map(([name, , want]) => [name, want]));
  });

  it('functions that depend on the moment, randomness or a secret are unknown and say why', async () => {
    const exprs = Object.fromEntries(STAY_UNKNOWN.map(([, call], i) => [`f${i}`, call]));
    const { out, diags } = await evalAll(exprs);
    for (const [name, , why] of STAY_UNKNOWN) {
      const v = out[`f${STAY_UNKNOWN.findIndex((x) => x[0] === name)}`];
      expect({ name, t: v.t }).toEqual({ name, t: 'u' });
      expect((v as VUnknown).why).toMatch(why);
      expect((v as VUnknown).err).toBeFalsy();
    }
    // none of them is reported as an unsupported function
    expect(diags.list().filter((n) => /not supported/.test(n.message))).toEqual([]);
  });

  it('the table covers every function tfxacct knows', () => {
    const listed = new Set([...PURE.map(([n]) => n), ...STAY_UNKNOWN.map(([n]) => n)]);
    const known = [...SUPPORTED_FUNCTIONS, ...Object.keys(UNKNOWABLE)].filter((n) => !n.startsWith('provider::aws::'));
    expect(known.filter((n) => !listed.has(n))).toEqual([]);
  });

  it('names that are not functions are unsupported, even names of JavaScript object members', async () => {
    const { out } = await evalAll({ a: 'constructor("x")', b: 'toString()', c: 'hasOwnProperty("x")' });
    for (const k of ['a', 'b', 'c']) expect((out[k] as VUnknown).why).toMatch(/is not supported/);
  });
});

describe('functions keep partial knowledge', () => {
  const prelude = 'variable "x" {}\nvariable "l" {}\nvariable "m" {}';

  it('replace() with an unknown subject part or replacement keeps the known rest', async () => {
    const { out } = await evalAll(
      {
        a: 'replace("arn:aws:iam::${var.x}:role/a-b", "-", "_")',
        b: 'replace("a-b-c", "-", var.x)',
        c: 'replace("ab${var.x}cd", "bc", "X")',
      },
      {},
      prelude,
    );
    expect((out.a as VUnknown).parts).toEqual(['arn:aws:iam::', null, ':role/a_b']);
    expect((out.b as VUnknown).parts).toEqual(['a', null, 'b', null, 'c']);
    // a match could span the hole: the characters next to it are unknown
    expect((out.c as VUnknown).parts).toEqual(['a', null, 'd']);
  });

  it('replace() over a policy document known only in part replaces inside its strings, never leaking the placeholder', async () => {
    const { out } = await evalAll(
      {
        a: 'replace(data.aws_iam_policy_document.d.json, "_BUCKET_ARN_", var.x)',
        b: 'replace(data.aws_iam_policy_document.d.json, "_ACCOUNT_", "111111111111")',
      },
      {},
      `${prelude}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:GetObject"]
    resources = ["_BUCKET_ARN_", var.x]
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::_ACCOUNT_:root"]
    }
  }
}`,
    );
    const stmt = (v: Val) => ((v as VUnknown).json as { m: Map<string, Val> }).m.get('Statement') as { items: { m: Map<string, Val> }[] };
    const a = stmt(out.a).items[0].m;
    const resources = (a.get('Resource') as { items: Val[] }).items;
    expect(resources.every((x) => x.t === 'u')).toBe(true);
    const b = stmt(out.b).items[0].m;
    expect(toPlain((b.get('Principal') as { m: Map<string, Val> }).m.get('AWS')!)).toBe('arn:aws:iam::111111111111:root');
  });

  it('format() and formatlist() with a format string not known statically are unknown, not an error; formatlist keeps the count', async () => {
    const { out, diags } = await evalAll(
      {
        a: 'format("arn:aws:s3:::${var.x}/%s", "k")',
        b: 'formatlist("arn:aws:s3:::${var.x}/AWSLogs/%s/*", ["111111111111", "222222222222"])',
        c: 'length(formatlist("${var.x}-%s", ["a", "b", "c"]))',
        d: 'formatlist("${var.x}-%s", var.l)',
      },
      {},
      prelude,
    );
    expect(out.a.t).toBe('u');
    expect(out.b.t).toBe('l');
    expect((out.b as { items: Val[] }).items.map((v) => v.t)).toEqual(['u', 'u']);
    expect(toPlain(out.c)).toBe(3);
    expect(out.d.t).toBe('u');
    for (const k of ['a', 'b', 'd']) expect((out[k] as VUnknown).err ?? ((out[k] as { items?: VUnknown[] }).items ?? [])[0]?.err).toBeFalsy();
    expect(diags.list().filter((n) => n.level === 'warning')).toEqual([]);
  });

  it('concat() with an unknown list keeps the known elements for the policy reader; length of known lists with unknown elements is known', async () => {
    const { out } = await evalAll({ a: 'concat(["x"], var.l)', b: 'length(["a", var.x])', c: 'length(flatten([["a"], [var.x]]))', d: 'contains(["a", var.x], "a")' }, {}, prelude);
    expect(out.a.t).toBe('u');
    expect(toPlain((out.a as VUnknown).json!)).toEqual(['x', undefined]);
    expect(toPlain(out.b)).toBe(2);
    expect(toPlain(out.c)).toBe(2);
    expect(toPlain(out.d)).toBe(true);
  });

  it('merge() with an unknown object: keys it may replace are unknown, later keys are known', async () => {
    const { out } = await evalAll({ a: 'merge({ Effect = "Allow", Sid = "s" }, var.m, { Action = "s3:GetObject" })' }, {}, prelude);
    const json = (out.a as VUnknown).json!;
    expect(json.t).toBe('o');
    const m = (json as { m: Map<string, Val> }).m;
    expect(m.get('Effect')?.t).toBe('u');
    expect(toPlain(m.get('Action')!)).toBe('s3:GetObject');
    expect((json as { partial?: string }).partial).toMatch(/merge/);
  });

  it('templatefile() with an unknown variables object renders what it can', async () => {
    const { out } = await evalAll({ a: 'templatefile("${path.module}/t.tpl", var.m)' }, { 't.tpl': '{"Effect":"Allow","Resource":"${arn}"}' }, prelude);
    expect((out.a as VUnknown).parts).toEqual(['{"Effect":"Allow","Resource":"', null, '"}']);
  });

  it('pathexpand() and fileset() never leave the tree', async () => {
    const { out, diags } = await evalAll({ a: 'fileset("..", "*")', b: 'fileset(path.module, "**/*.txt")' }, FILES);
    expect(out.a.t).toBe('u');
    expect(diags.list().some((n) => /outside the scanned tree/.test(n.message))).toBe(true);
    expect(toPlain(out.b)).toEqual(['files/a.txt', 'files/b.txt', 'hello.txt']);
  });
});

describe('bad function input is a value, not a crash', () => {
  it('wrong types, bad CIDRs and bad dates become unknown values with the reason', async () => {
    const t0 = Date.now();
    const { out } = await evalAll({
      a: 'cidrsubnet("10.0.0.0/33", 1, 1)',
      b: 'cidrhost("10.0.0.0/30", 10)',
      c: 'formatdate("YYYY", "yesterday")',
      d: 'timeadd("2017-11-22T00:00:00Z", "ten minutes")',
      e: 'csvdecode("a,b\\n1")',
      f: 'cidrsubnets("10.0.0.0/30", 1, 1, 1)',
      g: 'textdecodebase64("!!", "UTF-8")',
      h: 'fileset(path.module, "[")',
      i: 'length(1)',
      j: 'templatefile("${path.module}/missing.tpl", {})',
    });
    for (const k of Object.keys(out)) expect({ k, t: out[k].t, err: (out[k] as VUnknown).err }).toEqual({ k, t: 'u', err: true });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a glob built for backtracking stays linear', async () => {
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`d/${'a'.repeat(60)}${i}.txt`, 'x']));
    const t0 = Date.now();
    const { out } = await evalAll({ a: `fileset(path.module, "${'*a'.repeat(40)}b")` }, files);
    expect(toPlain(out.a)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});



describe('JSON text made when read', () => {
  it('gives jsonencode and policy documents the same text, through references and string functions', async () => {
    const prelude = `locals {
  doc = jsonencode({ b = ["x\\"y", 2, true, null], a = { z = "\\u00e9" } })
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`;
    const { out } = await evalAll(
      {
        direct: 'local.doc',
        length: 'length(local.doc)',
        upper: 'upper(local.doc)',
        same: 'local.doc == "{\\"a\\":{\\"z\\":\\"\\u00e9\\"},\\"b\\":[\\"x\\\\\\"y\\",2,true,null]}"',
        decoded: 'jsondecode(local.doc).b[0]',
        policy: 'data.aws_iam_policy_document.p.json',
        minified: 'data.aws_iam_policy_document.p.minified_json',
      },
      {},
      prelude,
    );
    const text = '{"a":{"z":"é"},"b":["x\\"y",2,true,null]}';
    expect(toPlain(out.direct)).toBe(text);
    expect(toPlain(out.length)).toBe(text.length);
    expect(toPlain(out.upper)).toBe(text.toUpperCase());
    expect(toPlain(out.same)).toBe(true);
    expect(toPlain(out.decoded)).toBe('x"y');
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    expect(JSON.parse(toPlain(out.policy) as string)).toEqual(policy);
    expect(toPlain(out.policy)).toBe(JSON.stringify(JSON.parse(toPlain(out.policy) as string), null, 2));
    expect(toPlain(out.minified)).toBe(JSON.stringify(JSON.parse(toPlain(out.policy) as string)));
    // a reference keeps the structure, and a spread copy has the text as a plain property
    expect(out.direct.t === 's' && out.direct.json?.t).toBe('o');
    expect({ ...out.direct }).toMatchObject({ t: 's', v: text });
  });

  it('still stops a text past the limit', async () => {
    // three million control characters, each written \u0001 in JSON: 18 million characters
    const { out } = await evalAll({ big: 'jsonencode(file("${path.module}/big.txt"))' }, { 'big.txt': '\u0001'.repeat(3_000_000) });
    expect((out.big as VUnknown).why).toMatch(/JSON text would be longer than 16777216 characters/);
  });
});

describe("a number's text", () => {
  // go-cty writes numbers positionally (big.Float Text('f', -1)): never with an exponent
  it.each([
    ['"n=${1e21}"', 'n=1000000000000000000000'],
    ['"n=${-1.5e22}"', 'n=-15000000000000000000000'],
    ['"n=${0.00000015}"', 'n=0.00000015'],
    ['"n=${1e-7}"', 'n=0.0000001'],
    ['"n=${0.000001}"', 'n=0.000001'],
    ['"n=${1e3}"', 'n=1000'],
    ['jsonencode([1e-7, 2.5e21, 0.5])', '[0.0000001,2500000000000000000000,0.5]'],
  ])('%s is %s', async (expr, want) => {
    const { out } = await evalAll({ v: expr });
    expect(toPlain(out.v)).toBe(want);
  });
});

describe('format verbs with flags, width and precision', () => {
  // each result as Terraform gives it (go-cty's format: Go's rules for numbers, grapheme clusters for strings)
  const CASES: [string, string, string][] = [
    ['zero-padded account id', 'format("%012d", 12345678901)', '012345678901'],
    ['zero-padded integer', 'format("%03d", 7)', '007'],
    ['signs', 'format("%+d % d %d", 5, 5, -5)', '+5  5 -5'],
    ['width and left-justified', 'format("[%5s][%-5s]", "ab", "ab")', '[   ab][ab   ]'],
    ['zero padding of a string', 'format("%05s", "ab")', '000ab'],
    ['string precision truncates', 'format("%.3s", "abcdef")', 'abc'],
    ['width in grapheme clusters', 'format("%3s|", "e\\u0301")', '  e\u0301|'],
    ['precision in grapheme clusters', 'format("%.1s", "e\\u0301x")', 'e\u0301'],
    ['bases', 'format("%x %X %#x %o %#o %b %#b", 255, 255, 255, 8, 8, 5, 5)', 'ff FF 0xff 10 010 101 0b101'],
    ['integer precision', 'format("%.4d|%.0d|%8.3d", 7, 0, -7)', '0007||    -007'],
    ['fixed point', 'format("%8.3f|%-7.1f|%07.2f|%f", 3.25, -2.5, -1.5, 0.5)', '   3.250|-2.5   |-001.50|0.500000'],
    ['scientific', 'format("%e %E %.1e", 1234.5, 0.000125, 0)', '1.234500e+03 1.250000E-04 0.0e+00'],
    ['general', 'format("%g %g %g %g %.3g %G", 123456, 1234567, 0.0001, 0.00001, 1200, 0.00001)', '123456 1.234567e+06 0.0001 1e-05 1.2e+03 1E-05'],
    ['default of a number', 'format("%v %v %v", 1234567, 42, -0.5)', '1.234567e+06 42 -0.5'],
    ['quoted and JSON', 'format("%q %#v %#v %v", "a\\"b", "x", [1], true)', '"a\\"b" "x" [1] true'],
    ['argument index', 'format("%[2]s %[1]s %s", "a", "b")', 'b a b'],
    ['argument index after the flags', 'format("%-[2]4s|%[1]s", "a", "b")', 'b   |a'],
    ['percent signs', 'format("100%% of %s%%", "it")', '100% of it%'],
    ['an unused first argument below the highest used', 'format("%[2]s", "a", "b")', 'b'],
  ];
  it.each(CASES)('%s: %s', async (_name, expr, want) => {
    const { out } = await evalAll({ v: expr });
    expect(toPlain(out.v)).toBe(want);
  });

  it.each([
    ['a fraction that needs rounding', 'format("%.2f", 1.005)', /rounding 1.005/],
    ['a fraction rounded to fewer digits', 'format("%.1f", 0.25)', /rounding 0.25/],
    ['a huge width', 'format("%99999999s", "")', /width 99999999/],
    ['a period with no precision', 'format("%.d", 1)', /followed by a precision/],
    ['a fraction for an integer verb', 'format("%d", 1.5)', /needs an integer/],
    // Terraform rejects these format strings (go-cty's scanner and its argument count)
    ['a percent sign that begins no verb', 'format("100%! of %s", "it")', /"%" that begins no verb at offset 3 \("%! of %s"\)/],
    ['a percent sign at the end', 'format("%s%", "a")', /"%" that begins no verb at offset 2/],
    ['a verb letter missing', 'format("%05", 1)', /begins no verb at offset 0/],
    ['arguments left over', 'format("%s", "a", "b")', /too many arguments; only 1 used by format string/],
    ['arguments and no verb', 'format("arn:aws:iam::123456789012:root", "x")', /too many arguments; no verbs in format string/],
    ['an index of 0', 'format("%[0]s", "a")', /not enough arguments/],
    ['a width from an argument', 'format("%*d", 5, 1)', /given by an argument/],
  ])('%s is unknown, with the reason', async (_name, expr, why) => {
    const { out } = await evalAll({ v: expr });
    expect(out.v.t).toBe('u');
    expect((out.v as VUnknown).why).toMatch(why);
  });
});
