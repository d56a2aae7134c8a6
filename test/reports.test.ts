import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { toJson } from '../src/report/json';
import { toMarkdown } from '../src/report/markdown';
import { FINGERPRINT_KEY, buildSarif, sarifChunks, toSarif } from '../src/report/sarif';
import { toText } from '../src/report/text';
import { normalisePolicy } from '../src/iam/policy';
import { scan, type ScanResult } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';

const SCENARIO = path.join(TESTDATA, 'projects', 'multi-account');
let result: ScanResult;

beforeAll(async () => {
  result = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO });
});

describe('SARIF', () => {
  it('is the same text written in chunks (the CLI) as whole (the Action), with findings and without', async () => {
    const chunks = [...sarifChunks(result, { category: 'x' })];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(toSarif(result, { category: 'x' }));
    const none = { ...result, findings: [] };
    expect([...sarifChunks(none)].join('')).toBe(toSarif(none));
  });

  it('leaves the line hashes out only when asked (the CLI asks when no SARIF is written)', async () => {
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => /^[0-9a-f]+:\d+$/.test(f.lineHash ?? ''))).toBe(true);
    const without = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO, lineHashes: false });
    expect(without.findings.map((f) => f.fingerprint)).toEqual(result.findings.map((f) => f.fingerprint));
    expect(without.findings.filter((f) => f.lineHash !== undefined)).toEqual([]);
  });

  it('validates against the official SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(TESTDATA, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(JSON.stringify(buildSarif(result)));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('carries rule metadata, locations, fingerprints and suppressions', () => {
    const log = buildSarif(result);
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.automationDetails?.id).toBe('tfxacct/testdata/projects/multi-account/');
    expect(run.originalUriBaseIds?.SRCROOT.uri).toMatch(/^file:\/\/\/.*\/$/);
    const rules = run.tool.driver.rules!;
    const r1 = rules.find((r) => r.id === 'TFXA001')!;
    expect(r1.name).toBe('root-trust-without-conditions');
    expect(r1.properties!['security-severity']).toBe('8.0');
    expect(r1.properties!.tags).toContain('security');
    expect(r1.help!.markdown).toContain('## Bad example');
    expect(r1.defaultConfiguration!.level).toBe('error');
    const r101 = rules.find((r) => r.id === 'TFXA101')!;
    expect(r101.properties!['security-severity']).toBeUndefined();
    expect(r101.properties!.tags).toContain('correctness');
    const results = run.results!;
    expect(results.length).toBe(result.findings.length);
    for (const res of results) {
      const loc = res.locations![0];
      expect(loc.physicalLocation!.artifactLocation!.uriBaseId).toBe('SRCROOT');
      expect(loc.physicalLocation!.artifactLocation!.uri).not.toMatch(/^\//);
      expect(loc.physicalLocation!.region!.startColumn).toBeGreaterThan(0);
      expect(loc.logicalLocations![0].fullyQualifiedName).toBeTruthy();
      expect(res.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
      expect(res.partialFingerprints!.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
      expect(rules[res.ruleIndex!].id).toBe(res.ruleId);
    }
    const suppressed = results.filter((r) => r.suppressions && r.suppressions.length > 0);
    expect(suppressed.map((r) => r.suppressions![0].kind).sort()).toEqual(['external', 'inSource']);
    // every access finding says which request proves it
    for (const res of results.filter((r) => r.ruleId === 'TFXA001')) expect((res.properties!.witness as { summary: string }).summary).toMatch(/^e\.g\. arn:aws:iam::\d{12}:role\/any can sts:AssumeRole on /);
    const inSource = suppressed.find((r) => r.suppressions![0].kind === 'inSource')!;
    expect(inSource.suppressions![0].justification).toContain('SEC-142');
  });

  it('reports tool notifications, not results, for problems with the input', () => {
    const notes = buildSarif(result).runs[0].invocations![0].toolExecutionNotifications!;
    expect(notes.some((n) => n.message.text!.includes('not_installed'))).toBe(true);
  });
});

describe('JSON', () => {
  it('follows the contract exactly', () => {
    const out = JSON.parse(toJson(result));
    expect(Object.keys(out)).toEqual(['version', 'tool', 'findings', 'notifications', 'stats']);
    expect(out.version).toBe('1');
    expect(out.tool.name).toBe('tfxacct');
    expect(Object.keys(out.stats)).toEqual(['files', 'resources', 'policies', 'durationMs', 'coverage']);
    expect(Object.keys(out.stats.coverage)).toEqual(['policies', 'unmodelledResources', 'modulesNotInstalled']);
    expect(Object.keys(out.stats.coverage.policies)).toEqual(['whole', 'partial', 'unknown']);
    const c = out.stats.coverage.policies;
    expect(c.whole + c.partial + c.unknown).toBe(out.stats.policies);
    for (const f of out.findings) {
      // suppressions (with their reasons) only on suppressed findings
      expect(Object.keys(f)).toEqual([
        'ruleId', 'slug', 'level', 'securitySeverity', 'message', 'address', 'file',
        'startLine', 'startColumn', 'endLine', 'endColumn', 'accounts', 'fingerprint', 'suppressed',
        ...(f.suppressed ? ['suppressions'] : []), 'roots',
        ...(f.witness ? ['witness'] : f.witnessOmitted ? ['witnessOmitted'] : []),
      ]);
      if (f.witness) expect(Object.keys(f.witness)).toEqual(expect.arrayContaining(['expect', 'principal', 'principalType', 'action', 'resource', 'context', 'absent', 'summary']));
      expect(f.roots[0]).toEqual({ rootModule: expect.any(String), address: f.address });
      expect(Object.keys(f.accounts)).toEqual(['resource', 'principal']);
    }
    const beta = out.findings.find((f: { address: string; ruleId: string }) => f.address === 'module.vendor_roles["beta"].aws_iam_role.this' && f.ruleId === 'TFXA001');
    expect(beta).toMatchObject({
      level: 'error',
      securitySeverity: 8,
      file: 'testdata/projects/multi-account/modules/trust-role/main.tf',
      startLine: 20,
      accounts: { resource: '222222222222', principal: '888888888888' },
      suppressed: false,
      witness: { expect: 'allowed', principal: 'arn:aws:iam::888888888888:role/any', principalType: 'AWS', action: 'sts:AssumeRole', context: {}, absent: [] },
    });
    expect(beta.witness.summary).toMatch(/^e\.g\. arn:aws:iam::888888888888:role\/any can sts:AssumeRole on arn:aws:iam::222222222222:role\//);
  });

  it('is sorted by file, line, column and rule', () => {
    const out = JSON.parse(toJson(result));
    const keys = out.findings.map((f: { file: string; startLine: number; startColumn: number; ruleId: string }) => [f.file, f.startLine, f.startColumn, f.ruleId]);
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[2] - b[2] || a[3].localeCompare(b[3]));
    expect(keys).toEqual(sorted);
  });

  it('is deterministic between runs', async () => {
    const again = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO });
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '');
    expect(strip(toJson(again))).toEqual(strip(toJson(result)));
  });
});

describe('text and markdown', () => {
  it('groups text by file, has a summary and no colours when asked', () => {
    const text = toText(result, { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('testdata/projects/multi-account/modules/trust-role/main.tf\n');
    expect(text).toMatch(/\d+ findings \(\d+ error, \d+ warning, \d+ note\); 2 suppressed/);
    expect(toText(result, { color: true })).toMatch(/\u001b\[31m/);
    // the witness is one line under the message
    expect(text).toMatch(/\(tfxacct explain TFXA001\)\n {11}e\.g\. arn:aws:iam::888888888888:role\/any can sts:AssumeRole on arn:aws:iam::222222222222:role\/[^\n]+\n/);
  });

  it('renders a markdown table with links', () => {
    const md = toMarkdown(result, { linkBase: 'https://github.com/o/r/blob/abc/' });
    expect(md).toContain('| Level | Rule | Resource | Location | Message |');
    expect(md).toContain('(https://github.com/o/r/blob/abc/testdata/projects/multi-account/modules/trust-role/main.tf#L20)');
    expect(md).toContain('module.vendor_roles[\\"beta\\"]'.replace(/\\"/g, '"'));
    expect(md).toMatch(/<br>e\.g\. arn:aws:iam::888888888888:role\/any can sts:AssumeRole on arn:aws:iam::222222222222:role\/[^|]+\|/);
  });
});

describe('policies read when asked', () => {
  it('gives each policy document once, as an eager reading would, and counts the coverage when it is read', async () => {
    const lazy = await scan({ paths: [SCENARIO], root: REPO, cwd: REPO, withoutRules: true });
    // the order of the stats' keys is the report's: coverage.policies first
    expect(Object.keys(lazy.stats.coverage)).toEqual(['policies', 'unmodelledResources', 'modulesNotInstalled']);
    expect(lazy.stats.coverage.policies).toBe(lazy.stats.coverage.policies);
    const { whole, partial, unknown } = lazy.stats.coverage.policies;
    expect(whole + partial + unknown).toBe(lazy.graph.policies.length);
    expect(lazy.stats.coverage).toEqual(result.stats.coverage);
    for (const p of lazy.graph.policies) {
      expect(p.doc).toBe(p.doc);
      if (p.value && !p.awsManaged) expect(p.doc).toEqual(normalisePolicy(p.value, { moduleDir: p.holder.moduleDir, fallback: p.attributeRange }));
    }
  });
});
