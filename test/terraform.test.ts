import * as path from 'node:path';
import { Diagnostics } from '../src/diagnostics';
import { collectIfLarge } from '../src/full-gc';
import type { Body, Range } from '../src/hcl/ast';
import { parseHcl } from '../src/hcl/parse-hcl';
import { BodySite } from '../src/terraform/body-site';
import { terraformParser } from '../src/hcl/tree-sitter';
import { normalisePolicy } from '../src/iam/policy';
import { scan } from '../src/scan';
import type { ResourceInstance } from '../src/terraform/instance';
import { Loader, type LoadOptions } from '../src/terraform/loader';
import { toPlain, type Val } from '../src/terraform/value';
import { tempTree } from './support/tmp';

async function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}, scanDir = '.') {
  const dir = tempTree(files);
  const diags = new Diagnostics();
  const loader = new Loader({ paths: [path.join(dir, scanDir)], boundary: dir, ...opts }, diags, await terraformParser());
  const project = loader.load();
  const byAddress = (a: string) => project.resources.find((r) => r.address === a);
  return { dir, diags, project, byAddress };
}

/** Evaluates one expression per attribute of a resource and returns the plain values. */
async function evalAttrs(attrs: Record<string, string>, prelude = '', extraFiles: Record<string, string> = {}) {
  const body = Object.entries(attrs)
    .map(([k, v]) => `  ${k} = ${v}`)
    .join('\n');
  const { byAddress, diags } = await load({ 'main.tf': `${prelude}\nresource "terraform_data" "t" {\n${body}\n}\n`, ...extraFiles });
  const r = byAddress('terraform_data.t')!;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attrs)) {
    const v = r.attrs.m.get(k) as Val;
    out[k] = v.t === 'u' ? { unknown: v.why } : toPlain(v);
  }
  return { out, diags };
}

describe('expressions and functions', () => {
  it('evaluates the functions policies use', async () => {
    const { out } = await evalAttrs({
      a: 'jsonencode({ b = [1, "x"], a = true })',
      b: 'jsondecode("{\\"k\\": [1, 2]}")',
      c: 'format("arn:aws:iam::%s:%s", "123456789012", "root")',
      d: 'join(",", split("-", "a-b-c"))',
      e: 'concat([1], [2, 3])',
      f: 'merge({ a = 1 }, { b = 2 }, { a = 3 })',
      g: 'flatten([[1, [2]], 3])',
      h: 'distinct(["a", "b", "a"])',
      i: 'compact(["a", "", null, "b"])',
      j: 'lookup({ a = 1 }, "b", "default")',
      k: 'element(["a", "b"], 3)',
      l: 'length({ a = 1, b = 2 })',
      m: 'keys({ b = 1, a = 2 })',
      n: 'values({ b = 1, a = 2 })',
      o: 'contains(["a", "b"], "b")',
      p: 'coalesce("", "x")',
      q: 'try(local.missing.attr, "fallback")',
      r: 'can(tonumber("nope"))',
      s: 'tolist(toset(["b", "a", "b"]))',
      t: 'tostring(12)',
      u: 'tonumber("4.5")',
      v: 'replace("a.b.c", ".", "/")',
      w: 'lower("ABC")',
      x: 'upper("abc")',
      y: 'trimspace("  x ")',
      z: 'zipmap(["a", "b"], [1, 2])',
      aa: 'replace("role-123", "/[0-9]+/", "N")',
      ab: 'formatlist("arn:aws:iam::%s:root", ["111111111111", "222222222222"])',
      ac: 'provider::aws::arn_parse("arn:aws:iam::123456789012:role/x").account_id',
      ad: 'timestamp()',
      ae: 'no_such_function(1)',
    });
    expect(out).toEqual({
      a: '{"a":true,"b":[1,"x"]}',
      b: { k: [1, 2] },
      c: 'arn:aws:iam::123456789012:root',
      d: 'a,b,c',
      e: [1, 2, 3],
      f: { a: 3, b: 2 },
      g: [1, 2, 3],
      h: ['a', 'b'],
      i: ['a', 'b'],
      j: 'default',
      k: 'b',
      l: 2,
      m: ['a', 'b'],
      n: [2, 1],
      o: true,
      p: 'x',
      q: 'fallback',
      r: false,
      s: ['b', 'a'],
      t: '12',
      u: 4.5,
      v: 'a/b/c',
      w: 'abc',
      x: 'ABC',
      y: 'x',
      z: { a: 1, b: 2 },
      aa: 'role-N',
      ab: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'],
      ac: '123456789012',
      ad: { unknown: 'timestamp() depends on the time of the apply' },
      ae: { unknown: 'function no_such_function() is not supported' },
    });
  });

  it('evaluates templates, heredocs, for expressions, splats and conditionals', async () => {
    const { out } = await evalAttrs(
      {
        a: '"${local.n + 1}-${local.list[1]}"',
        b: '"%{for x in local.list}${x};%{endfor}"',
        c: '"a ${~ " b " ~} c"',
        d: '<<-EOT\n    one\n      two\n    EOT',
        e: '[for k, v in local.map : "${k}=${v}" if v != 2]',
        f: '{ for v in local.list : v => upper(v)... }',
        g: 'local.objs[*].name',
        h: 'local.n > 1 ? "big" : "small"',
        i: '!(local.n == 1) || false',
        j: '"$${literal}"',
        k: 'local.map["b"]',
      },
      'locals {\n  n = 1\n  list = ["x", "y"]\n  map = { a = 1, b = 2 }\n  objs = [{ name = "p" }, { name = "q" }]\n}\n',
    );
    expect(out).toEqual({
      a: '2-y',
      b: 'x;y;',
      c: 'a b c',
      d: 'one\n  two\n',
      e: ['a=1'],
      f: { x: ['X'], y: ['Y'] },
      g: ['p', 'q'],
      h: 'small',
      i: false,
      j: '${literal}',
      k: 2,
    });
  });

  it('gives unknown, not a crash, for cycles and errors', async () => {
    const { out } = await evalAttrs({ a: 'local.a', b: 'local.missing', c: '1 / 0', d: 'local.list[5]' }, 'locals {\n  a = local.b\n  b = local.a\n  list = []\n}\n');
    expect(out.a).toEqual({ unknown: expect.stringMatching(/cycle/) });
    expect(out.b).toEqual({ unknown: 'local value "missing" is not declared' });
    expect(out.c).toEqual({ unknown: 'division by zero' });
    expect(out.d).toEqual({ unknown: 'index 5 out of range (length 0)' });
  });

  it('applies variable types, optional() defaults and tfvars precedence', async () => {
    const { byAddress } = await load(
      {
        'main.tf': `variable "v" {\n  type = map(object({ a = string, b = optional(string, "dflt"), c = optional(number) }))\n}\nvariable "order" {\n  type = string\n}\nvariable "n" {\n  type = number\n  default = "3"\n}\nresource "terraform_data" "t" {\n  input = [var.v, var.order, var.n]\n}\n`,
        'terraform.tfvars': 'v = { x = { a = "1" } }\norder = "tfvars"\n',
        'a.auto.tfvars': 'order = "auto"\n',
        'z.auto.tfvars.json': '{"order": "auto-json"}',
        'extra.tfvars': 'order = "var-file"\n',
      },
    );
    expect(toPlain(byAddress('terraform_data.t')!.attrs.m.get('input')!)).toEqual([{ x: { a: '1', b: 'dflt', c: null } }, 'auto-json', 3]);
    const withCli = await load(
      { 'main.tf': 'variable "order" {\n  type = string\n}\nvariable "list" {\n  type = list(string)\n}\nresource "terraform_data" "t" {\n  input = [var.order, var.list]\n}\n', 'terraform.tfvars': 'order = "tfvars"\n' },
      { vars: [['order', 'cli'], ['list', '["a", "b"]']] },
    );
    expect(toPlain(withCli.byAddress('terraform_data.t')!.attrs.m.get('input')!)).toEqual(['cli', ['a', 'b']]);
  });
});

describe('resources, modules and accounts', () => {
  const files = {
    'providers.tf': `provider "aws" {\n  region = "eu-west-1"\n  assume_role {\n    role_arn = "arn:aws:iam::222222222222:role/tf"\n  }\n}\nprovider "aws" {\n  alias = "tooling"\n  region = "us-east-1"\n  allowed_account_ids = ["111111111111"]\n}\n`,
    'main.tf': `
resource "aws_iam_role" "counted" {
  count = 2
  name  = "r-\${count.index}"
  assume_role_policy = "{}"
}
resource "aws_iam_role" "each" {
  for_each = toset(["b", "a"])
  name     = "e-\${each.key}"
  assume_role_policy = "{}"
}
resource "aws_s3_bucket" "b" {
  provider = aws.tooling
  bucket   = "bkt"
}
data "aws_caller_identity" "me" {}
module "m" {
  source    = "./mod"
  for_each  = { x = 1 }
  providers = { aws = aws.tooling }
  name      = "m-\${each.key}"
}
module "nested" {
  source = "./mod"
  name   = "n"
}
resource "terraform_data" "refs" {
  input = [aws_iam_role.counted[1].arn, aws_iam_role.each["a"].name, aws_s3_bucket.b.arn, data.aws_caller_identity.me.account_id, module.m["x"].arn, module.nested.arn, aws_iam_role.counted[*].name]
}
`,
    'mod/main.tf': `variable "name" {}\nresource "aws_iam_role" "this" {\n  name = var.name\n  path = "/svc/"\n  assume_role_policy = "{}"\n}\noutput "arn" {\n  value = aws_iam_role.this.arn\n}\n`,
  };

  it('expands count and for_each into plan addresses and synthesizes known attributes', async () => {
    const { project, byAddress, diags } = await load(files);
    expect(diags.list().filter((n) => n.level !== 'note')).toEqual([]);
    expect(project.resources.map((r) => r.address).sort()).toEqual(
      [
        'aws_iam_role.counted[0]',
        'aws_iam_role.counted[1]',
        'aws_iam_role.each["a"]',
        'aws_iam_role.each["b"]',
        'aws_s3_bucket.b',
        'data.aws_caller_identity.me',
        'module.m["x"].aws_iam_role.this',
        'module.nested.aws_iam_role.this',
        'terraform_data.refs',
      ].sort(),
    );
    expect(toPlain(byAddress('terraform_data.refs')!.attrs.m.get('input')!)).toEqual([
      'arn:aws:iam::222222222222:role/r-1',
      'e-a',
      'arn:aws:s3:::bkt',
      '222222222222',
      'arn:aws:iam::111111111111:role/svc/m-x',
      'arn:aws:iam::222222222222:role/svc/n',
      ['r-0', 'r-1'],
    ]);
  });

  it('finds the owning account through provider aliases and module provider maps', async () => {
    const { byAddress } = await load(files);
    const acct = (a: string) => (byAddress(a) as ResourceInstance).account;
    expect(acct('aws_iam_role.counted[0]')).toBe('222222222222');
    expect(acct('aws_s3_bucket.b')).toBe('111111111111');
    expect(acct('module.m["x"].aws_iam_role.this')).toBe('111111111111');
    expect(acct('module.nested.aws_iam_role.this')).toBe('222222222222');
    expect(byAddress('aws_s3_bucket.b')!.region).toBe('us-east-1');
  });

  it('uses the inventory when no provider names the account, and says unknown otherwise', async () => {
    const inv = await load({ 'env/prod/main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n' }, { accounts: { 'env/prod': '333333333333' } });
    expect(inv.byAddress('aws_iam_role.r')!.account).toBe('333333333333');
    const none = await load({ 'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n' });
    expect(none.byAddress('aws_iam_role.r')!.account).toBeUndefined();
    const arn = none.byAddress('aws_iam_role.r')!.attrs.m.get('arn')!;
    expect(arn).toMatchObject({ t: 'u', parts: ['arn:aws:iam::', null, ':role/r'] });
  });

  it('reads file() and templatefile() inside the tree and refuses paths outside it', async () => {
    const { byAddress, diags } = await load({
      'main.tf': 'resource "terraform_data" "t" {\n  input = [file("${path.module}/p.json"), templatefile("t.tpl", { who = "x" }), fileexists("nope")]\n}\nresource "terraform_data" "bad" {\n  input = file("../../../etc/hostname")\n}\n',
      'p.json': '{"a": 1}\n',
      't.tpl': 'hello ${who}%{ if true } !%{ endif }',
    });
    expect(toPlain(byAddress('terraform_data.t')!.attrs.m.get('input')!)).toEqual(['{"a": 1}\n', 'hello x !', false]);
    expect(byAddress('terraform_data.bad')!.attrs.m.get('input')).toMatchObject({ t: 'u', why: expect.stringMatching(/outside the scanned tree/) });
    expect(diags.list().some((n) => /outside the scanned tree; refused/.test(n.message))).toBe(true);
  });

  it('an attribute in lifecycle.ignore_changes is unknown to references, while the resource itself keeps its configured value', async () => {
    const { byAddress } = await load({
      'main.tf': [
        'resource "aws_ssm_parameter" "p" {\n  name = "x"\n  value = "Placeholder"\n  lifecycle {\n    ignore_changes = [value, tags["a"]]\n  }\n}',
        'resource "aws_ssm_parameter" "all" {\n  name = "y"\n  value = "Placeholder"\n  lifecycle {\n    ignore_changes = all\n  }\n}',
        'resource "terraform_data" "t" {\n  input = aws_ssm_parameter.p.value\n  name = aws_ssm_parameter.p.name\n  other = aws_ssm_parameter.all.value\n}',
      ].join('\n'),
    });
    const t = byAddress('terraform_data.t')!;
    expect(t.attrs.m.get('input')).toMatchObject({ t: 'u', why: expect.stringMatching(/ignore_changes/) });
    expect(toPlain(t.attrs.m.get('name')!)).toBe('x');
    expect(t.attrs.m.get('other')).toMatchObject({ t: 'u', why: expect.stringMatching(/ignore_changes/) });
    expect(toPlain(byAddress('aws_ssm_parameter.p')!.attrs.m.get('value')!)).toBe('Placeholder');
  });

  it('data source attributes are read during plan, and provider-derived ids are synthesized', async () => {
    const { byAddress } = await load({
      'main.tf': [
        'provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["111111111111"]\n}',
        'data "aws_vpc" "v" {}',
        'resource "aws_s3_bucket_policy" "p" {\n  bucket = "my-bucket"\n  policy = "{}"\n}',
        'resource "aws_sqs_queue" "q" {\n  name = "q"\n}',
        'resource "terraform_data" "t" {\n  vpc = data.aws_vpc.v.id\n  bucket = aws_s3_bucket_policy.p.id\n  url = aws_sqs_queue.q.id\n}',
      ].join('\n'),
    });
    const t = byAddress('terraform_data.t')!;
    expect(t.attrs.m.get('vpc')).toMatchObject({ t: 'u', why: expect.stringMatching(/read from AWS during plan/) });
    expect(toPlain(t.attrs.m.get('bucket')!)).toBe('my-bucket');
    expect(toPlain(t.attrs.m.get('url')!)).toBe('https://sqs.eu-west-1.amazonaws.com/111111111111/q');
  });

  it('reads an unknown for_each as one possible instance of unknown key, and says so', async () => {
    const { project, diags } = await load({ 'main.tf': 'variable "names" {\n  type = set(string)\n}\nresource "aws_iam_role" "r" {\n  for_each = var.names\n  name = each.key\n  assume_role_policy = "{}"\n}\n' });
    expect(project.resources.map((r) => r.address)).toEqual(['aws_iam_role.r[?]']);
    const [r] = project.resources;
    expect(r.possible).toMatch(/for_each of aws_iam_role\.r is unknown/);
    expect(r.attrs.m.get('name')).toMatchObject({ t: 'u', why: expect.stringMatching(/each of a possible instance/) });
    expect(diags.list().some((n) => /aws_iam_role\.r\[\?\]: for_each of aws_iam_role\.r is unknown.*one possible instance/.test(n.message))).toBe(true);
  });

  it('reads an unknown count as one possible instance, through [0] and splats, and inside modules', async () => {
    const { project } = await load({
      'main.tf': [
        'variable "enabled" {\n  type = bool\n}',
        'resource "aws_iam_role" "r" {\n  count = var.enabled ? 1 : 0\n  name = "r"\n  assume_role_policy = "{}"\n}',
        'resource "aws_iam_role_policy" "p" {\n  count = length(aws_iam_role.r)\n  role = aws_iam_role.r[0].name\n  policy = "{}"\n  other = join(",", aws_iam_role.r[*].name)\n}',
        'module "m" {\n  source = "./m"\n  count = var.enabled ? 1 : 0\n}',
      ].join('\n'),
      'm/main.tf': 'resource "aws_iam_role" "inner" {\n  name = "inner"\n  assume_role_policy = "{}"\n}\n',
    });
    const byAddr = new Map(project.resources.map((r) => [r.address, r]));
    expect([...byAddr.keys()].sort()).toEqual(['aws_iam_role.r[?]', 'aws_iam_role_policy.p[?]', 'module.m[?].aws_iam_role.inner']);
    const p = byAddr.get('aws_iam_role_policy.p[?]')!;
    expect(toPlain(p.attrs.m.get('role')!)).toBe('r');
    expect(toPlain(p.attrs.m.get('other')!)).toBe('r');
    expect(byAddr.get('module.m[?].aws_iam_role.inner')!.possible).toMatch(/count of module\.m is unknown/);
  });
});

describe('aws_iam_policy_document', () => {
  it('renders statements as the provider does, merging source and override documents by Sid', async () => {
    const { byAddress } = await load({
      'main.tf': `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Keep"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Replace"
    actions   = ["s3:DeleteObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "over" {
  statement {
    sid       = "Replace"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "doc" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json]
  statement {
    sid     = "Own"
    actions = ["sts:TagSession", "sts:AssumeRole", "sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abcdefghij"]
    }
  }
}
`,
    });
    const json = byAddress('data.aws_iam_policy_document.doc')!.attrs.m.get('json')!;
    expect(json.t).toBe('s');
    expect(JSON.parse((json as { v: string }).v)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Keep', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'Replace', Effect: 'Deny', Action: 's3:*', Resource: '*' },
        {
          Sid: 'Own',
          Effect: 'Allow',
          Action: ['sts:TagSession', 'sts:AssumeRole'],
          Principal: { AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:root'] },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
        },
      ],
    });
  });
});

describe('aws_iam_policy_document with empty source and override documents', () => {
  it('skips a "" or null document as the provider does, so the policy stays known', async () => {
    const { byAddress } = await load({
      'main.tf': `
variable "custom_policy" {
  type    = string
  default = ""
}
data "aws_iam_policy_document" "doc" {
  source_policy_documents   = [var.custom_policy, null]
  override_policy_documents = [""]
  source_json               = ""
  override_json             = var.custom_policy
  statement {
    sid       = "Share"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::shared/*"]
  }
}
`,
    });
    const json = byAddress('data.aws_iam_policy_document.doc')!.attrs.m.get('json')!;
    expect(json.t).toBe('s');
    expect(JSON.parse((json as { v: string }).v)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Share', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }],
    });
  });

  it('a document that is not JSON still makes the policy unknown where it lands', async () => {
    const { byAddress } = await load({
      'main.tf': `
data "aws_iam_policy_document" "doc" {
  source_policy_documents = ["not json"]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`,
    });
    const json = byAddress('data.aws_iam_policy_document.doc')!.attrs.m.get('json')!;
    expect(json.t).toBe('u');
  });
});

describe('policy locations', () => {
  it('points at the principal inside jsonencode, heredoc JSON and policy documents', async () => {
    const hcl = `provider "aws" {
  allowed_account_ids = ["111111111111"]
}
resource "aws_iam_role" "a" {
  name = "a"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
      Principal = { AWS = "arn:aws:iam::222222222222:root" } }]
  })
}
resource "aws_iam_role" "b" {
  name = "b"
  assume_role_policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
   "Principal": {"AWS": ["x", "arn:aws:iam::\${local.acct}:root"]}}]}
EOF
}
locals {
  acct = "333333333333"
}
`;
    const dir = tempTree({ 'main.tf': hcl });
    const result = await scan({ paths: [dir], root: dir, cwd: dir, only: ['TFXA001'] });
    const at = Object.fromEntries(result.findings.map((f) => [f.address, [f.startLine, f.startColumn, f.endLine, f.endColumn]]));
    const line8 = hcl.split('\n')[7];
    const line15 = hcl.split('\n')[14];
    expect(at['aws_iam_role.a']).toEqual([8, line8.indexOf('"arn') + 1, 8, line8.indexOf(':root"') + 7]);
    expect(at['aws_iam_role.b']).toEqual([15, line15.indexOf('"arn') + 1, 15, line15.indexOf(':root"') + 7]);
  });

  it('maps JSON parsed from a file() policy into that file', async () => {
    const { project } = await load({
      'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = file("trust.json")\n}\n',
      'trust.json': '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::222222222222:root" }\n    }\n  ]\n}\n',
    });
    const r = project.resources[0];
    const doc = normalisePolicy(r.attrs.m.get('assume_role_policy')!, { moduleDir: '.', fallback: r.range });
    expect(doc.statements[0].principal!.entries[0].range).toEqual({ file: 'trust.json', start: { line: 5, column: 29 }, end: { line: 5, column: 61 } });
  });
});

describe('body sites (what resources keep of their block once the syntax tree is released)', () => {
  /** The lookups as the block body answers them, walked (the reference). */
  function keyRangeOf(body: Body, resourceTop: boolean, key: string): Range | undefined {
    let found: Range | undefined;
    for (const a of body.attributes) if (a.name === key && !(resourceTop && ['count', 'for_each', 'provider', 'depends_on'].includes(a.name))) found = a.nameRange;
    if (found) return found;
    for (const b of body.blocks) {
      if (resourceTop && ['lifecycle', 'provisioner', 'connection'].includes(b.type)) continue;
      if ((b.type === 'dynamic' ? b.labels[0] : b.type) === key) return b.typeRange;
    }
    return undefined;
  }

  it.each([
    ['few keys', 3],
    ['more keys than a list walks', 40],
  ])('answers key and attribute ranges as the body does: %s', async (_, n) => {
    const attrs = Array.from({ length: n }, (_, i) => `  a${i} = ${i}`).join('\n');
    const text = `resource "aws_s3_bucket" "b" {\n  count = 2\n${attrs}\n  tags = { x = 1 }\n  grant { id = "x" }\n  grant { id = "y" }\n  tags { }\n  dynamic "rule" {\n    for_each = []\n    content {}\n  }\n  lifecycle { ignore_changes = [tags] }\n}\n`;
    const body = parseHcl(await terraformParser(), text, 'main.tf').body.blocks[0].body;
    const site = new BodySite(body, true);
    const keys = ['count', 'tags', 'grant', 'rule', 'dynamic', 'lifecycle', 'missing', ...Array.from({ length: n }, (_, i) => `a${i}`)];
    for (const k of keys) expect([k, site.get(k)]).toEqual([k, keyRangeOf(body, true, k)]);
    for (const k of keys) expect([k, site.attributeRange(k)]).toEqual([k, body.attributes.find((a) => a.name === k)?.range]);
    // an attribute and a block of the same name: the attribute is the key
    expect(site.get('tags')).toBe(body.attributes.find((a) => a.name === 'tags')!.nameRange);
    expect(site.attributeRange('count')).toBe(body.attributes[0].range);
    expect(site.blocksOf('grant').map((b) => b.site.attributeRange('id')?.start.line)).toEqual([n + 4, n + 5]);
    expect(site.blocksOf('lifecycle')[0].site.get('ignore_changes')).toBeDefined();
    // a nested body is not a resource's: its meta-argument names are keys like any other
    const nested = parseHcl(await terraformParser(), 'x {\n  count = 1\n  lifecycle {}\n}\n', 'n.tf').body.blocks[0].body;
    expect(new BodySite(nested, false).get('count')).toBe(keyRangeOf(nested, false, 'count'));
    expect(new BodySite(nested, false).get('lifecycle')).toBe(nested.blocks[0].typeRange);
  });

  it('a scan calls afterLoading once, and its resources keep where their attributes are written', async () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })\n}\n' });
    const calls: number[] = [];
    const result = await scan({ paths: [dir], root: dir, jobs: 1, afterLoading: () => calls.push(Date.now()) });
    expect(calls).toHaveLength(1);
    expect(result.findings.map((f) => f.ruleId)).toContain('TFXA003');
    expect(result.graph.resources[0].site?.attributeRange('assume_role_policy')?.start.line).toBe(3);
    expect(result.findings.find((f) => f.ruleId === 'TFXA003')!.startLine).toBe(3);
  });

  it('the full collection runs only above its heap size, and can run', () => {
    expect(collectIfLarge(Number.POSITIVE_INFINITY)).toBe(false);
    expect(collectIfLarge(0)).toBe(true);
  });
});

describe('root modules released once evaluated', () => {
  it('lets go of the syntax trees of an evaluated root module, still counts its files, and reads it again if asked', async () => {
    const dir = tempTree({
      'a/main.tf': 'resource "aws_iam_role" "r" {\n  name = "a"\n  assume_role_policy = "{}"\n}\n',
      'b/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    });
    const loader = new Loader({ paths: [dir], boundary: dir }, new Diagnostics(), await terraformParser());
    const roots = loader.discoverRoots();
    expect(roots.map((r) => r.dir)).toEqual(['a', 'b']);
    const body = new WeakRef(roots[0].cfg.files[0].body);
    const kept: string[] = [];
    const resources = loader.evaluateRoot(roots[0]).resources;
    loader.releaseRoot(roots[0], (files) => kept.push(...files.map((f) => f.path)));
    // released once: a second call gives nothing more
    loader.releaseRoot(roots[0], (files) => kept.push(...files.map((f) => f.path)));
    expect(kept).toEqual(['a/main.tf']);
    expect(loader.allConfigs().map((c) => c.dir)).toEqual(['b']);
    expect(loader.fileCount()).toBe(2);
    roots.length = 0;
    // a weak reference keeps its target until the job that made it ends
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectIfLarge(0);
    expect(body.deref()).toBeUndefined();
    // what the resources kept of it still answers where their attributes are
    expect(resources[0].site?.attributeRange('assume_role_policy')?.start.line).toBe(3);
    // asked for again (a module call from outside the scanned paths), it is read again
    expect(loader.moduleConfig(path.join(dir, 'a'))?.resources.has('aws_iam_role.r')).toBe(true);
    expect(loader.allConfigs().map((c) => c.dir)).toEqual(['b']);
  });
});

describe('which attribute an unknown value reads', () => {
  it('is kept through a conversion and dropped by functions that make new text, and by a conditional', async () => {
    const { byAddress } = await load({
      'main.tf': `data "aws_caller_identity" "me" {}
variable "v" {}
resource "terraform_data" "t" {
  same      = data.aws_caller_identity.me.account_id
  converted = tostring(data.aws_caller_identity.me.account_id)
  replaced  = replace(data.aws_caller_identity.me.account_id, "/.*/", "999999999999")
  lowered   = lower(data.aws_caller_identity.me.account_id)
  chosen    = data.aws_caller_identity.me.account_id == "1" ? "a" : "b"
  first     = coalesce(data.aws_caller_identity.me.account_id, "999999999999")
  last      = coalesce("", data.aws_caller_identity.me.account_id)
  either    = coalesce(var.v, data.aws_caller_identity.me.account_id)
}
resource "aws_s3_access_point" "ap" {
  name       = "ap"
  bucket     = "b"
  account_id = var.v
}
resource "aws_s3_access_point" "own" {
  name   = "own"
  bucket = "b"
}
`,
    });
    const t = byAddress('terraform_data.t')!;
    const ref = (k: string) => {
      const v = t.attrs.m.get(k) as Val;
      return v.t === 'u' ? v.ref?.attr : 'known';
    };
    expect(["same", "converted", "replaced", "lowered", "chosen", "first", "last", "either"].map(ref)).toEqual(["account_id", "account_id", undefined, undefined, undefined, undefined, "account_id", undefined]);
    // an access point's account attribute set to an unknown value is not the provider's account
    const arn = (a: string) => byAddress(a)!.attrs.m.get('arn') as Val;
    const ap = arn('aws_s3_access_point.ap');
    const own = arn('aws_s3_access_point.own');
    expect(ap.t === 'u' && ap.parts).toEqual(['arn:aws:s3:', null, ':', null, ':accesspoint/ap']);
    expect(ap.t === 'u' && ap.holes?.[1].ref).toBeUndefined();
    expect(own.t === 'u' && own.holes?.[1].ref).toEqual({ address: 'aws_s3_access_point.own', attr: 'account_id' });
  });
});
