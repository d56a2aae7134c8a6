/**
 * Start-up: a plain scan (text report) does not load the code or data only other commands and
 * reports need — the html graph's layout library, the rule docs, the SARIF and diff reports, the
 * configuration reader's YAML and JSON-schema libraries, the regular expression engine — nor the
 * AWS managed policy documents when it meets no AWS managed policy. Each is
 * replaced by a stand-in that records its loading; the same runs with the report or command that
 * needs it show that the stand-ins do see a load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

// the module object itself (a namespace import's properties cannot be replaced)
const fsModule = require('node:fs') as typeof fs;

// (the simulator, src/graph/access, is part of every scan: findings' witnesses are built from its request context)
const WATCHED = ['../src/report/rule-docs', '../src/report/graph-html', '../src/report/sarif', '../src/report/markdown', '../src/diff/run', 'yaml', 'ajv', 're2js', '@cdktf/hcl2json'];

interface Loads {
  modules: string[];
  /** Files read that are the layout library, a rule's documentation or the AWS managed policies. */
  files: string[];
  code: number;
  stdout: string;
}

async function loadsOf(args: (dir: string) => string[], dir: string): Promise<Loads> {
  const modules: string[] = [];
  const files: string[] = [];
  let out: Loads | undefined;
  jest.resetModules();
  for (const m of WATCHED) {
    jest.doMock(m, () => {
      modules.push(m);
      return jest.requireActual(m);
    });
  }
  const realRead = fsModule.readFileSync;
  const spy = jest.spyOn(fsModule, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
    const name = String(file);
    if (/cytoscape/.test(name) || /[\\/]rules[\\/]TFXA\d+[^\\/]*[\\/][^\\/]+\.md$/.test(name) || name.endsWith('aws-managed-policies.json.gz')) files.push(name);
    return (realRead as (f: fs.PathOrFileDescriptor, o?: unknown) => string | Buffer)(file, options);
  }) as typeof fs.readFileSync);
  try {
    await jest.isolateModulesAsync(async () => {
      const { cli } = require('./support/cli') as typeof import('./support/cli');
      const r = await cli(args(dir), dir);
      out = { modules: [...modules], files: [...files], code: r.code, stdout: r.stdout };
    });
  } finally {
    spy.mockRestore();
    for (const m of WATCHED) jest.dontMock(m);
  }
  return out!;
}

const fixture = tempTree({ 'main.tf': fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf')) });
const withManaged = tempTree({
  'main.tf': `${fs.readFileSync(path.join(TESTDATA, 'rules', 'TFXA001', 'positive.tf'), 'utf8')}
resource "aws_iam_role_policy_attachment" "read_only" {
  role       = aws_iam_role.jsonencode_root_arn.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
});

describe('start-up', () => {
  test('a plain scan loads none of the code and data other commands and reports need', async () => {
    const r = await loadsOf((d) => ['scan', d], fixture);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TFXA001');
    expect(r.modules).toEqual([]);
    expect(r.files).toEqual([]);
  });

  test('the stand-ins see the loads: SARIF reads the rule docs, the html graph the layout library, explain the docs', async () => {
    const sarif = await loadsOf((d) => ['scan', d, '-f', 'sarif'], fixture);
    expect(sarif.modules).toEqual(expect.arrayContaining(['../src/report/sarif', '../src/report/rule-docs']));
    expect(sarif.files.some((f) => f.endsWith('.md'))).toBe(true);
    const html = await loadsOf((d) => ['graph', d, '-f', 'html'], fixture);
    expect(html.modules).toContain('../src/report/graph-html');
    expect(html.files.some((f) => /cytoscape/.test(f))).toBe(true);
    const explain = await loadsOf(() => ['explain', 'TFXA001'], fixture);
    expect(explain.modules).toContain('../src/report/rule-docs');
  });

  test('the AWS managed policy documents are read once a scan meets an AWS managed policy, once', async () => {
    const r = await loadsOf((d) => ['scan', d], withManaged);
    expect(r.code).toBe(1);
    expect(r.files.map((f) => path.basename(f))).toEqual(['aws-managed-policies.json.gz']);
  });
});
