import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { run } from '../src/cli/main';
import { PlanError, parsePlanText, readPlanFile } from '../src/plan/read-plan';
import { buildSarif } from '../src/report/sarif';
import { toJson } from '../src/report/json';
import { scan, type ScanResult } from '../src/scan';
import { TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const REAL = path.join(TESTDATA, 'plans', 'real');

let sarifValidator: ReturnType<Ajv['compile']> | undefined;
function validateSarif(log: unknown): unknown[] {
  if (!sarifValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    sarifValidator = ajv.compile(JSON.parse(fs.readFileSync(path.join(TESTDATA, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
  }
  return sarifValidator(log) ? [] : sarifValidator.errors ?? ['invalid'];
}
const SCENARIOS = path.join(TESTDATA, 'plans', 'scenarios');

describe('real plan files', () => {
  const files = fs.readdirSync(REAL).filter((f) => f.endsWith('.json'));

  it('are all here', () => expect(files.length).toBeGreaterThanOrEqual(10));

  for (const f of files) {
    it(`${f} loads without error`, () => {
      const plan = readPlanFile(path.join(REAL, f), f);
      expect(['plan', 'state']).toContain(plan.kind);
      for (const r of plan.resources) {
        expect(r.address).toMatch(/^(module\.[^.]+\.)*(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\[.*\])?$/);
        expect(r.values.t).toBe('o');
        expect(r.range.start.line).toBeGreaterThan(0);
      }
    });
  }

  it('decodes UTF-16 with a byte-order mark', () => {
    const plan = readPlanFile(path.join(REAL, 'plan_encodings__tfplan_win_utf16.json'), 'utf16.json');
    expect(plan.resources.length).toBeGreaterThan(0);
  });

  it('reads the output of a state (top-level values)', () => {
    const plan = readPlanFile(path.join(REAL, 'state__show-json-of-state.json'), 'state.json');
    expect(plan.kind).toBe('state');
    expect(plan.resources.map((r) => r.address).length).toBeGreaterThan(0);
  });

  it('keeps nested child modules with their addresses', () => {
    const plan = readPlanFile(path.join(REAL, 'plan_nested_child_modules_with_connections__tfplan.json'), 'p.json');
    const nested = plan.resources.find((r) => r.address.startsWith('module.s3_module.module.s3_submodule.'));
    expect(nested).toMatchObject({ moduleAddress: 'module.s3_module.module.s3_submodule', moduleConfigPath: ['s3_module', 's3_submodule'] });
  });

  it('turns after_unknown into Unknown values with the reference they wait for', () => {
    const plan = readPlanFile(path.join(SCENARIOS, 'bucket-kms', 'plan.json'), 'p.json');
    const sse = plan.resources.find((r) => r.type === 'aws_s3_bucket_server_side_encryption_configuration')!;
    const rule = sse.values.m.get('rule')!;
    expect(rule.t).toBe('l');
    const def = (rule as { items: { m: Map<string, { items: { m: Map<string, unknown> }[] }> }[] }).items[0].m.get('apply_server_side_encryption_by_default')!.items[0];
    expect(def.m.get('kms_master_key_id')).toMatchObject({ t: 'u', why: 'known only after apply', ref: { address: 'aws_kms_key.data', attr: 'arn' } });
    expect(sse.values.m.get('bucket')).toMatchObject({ t: 'u', ref: { address: 'aws_s3_bucket.data', attr: 'id' } });
  });
});

describe('bad plan input', () => {
  const real = fs.readFileSync(path.join(REAL, 'plan_with_iam_policies__tfplan.json'));
  const err = (buf: Buffer | string) => {
    try {
      parsePlanText(Buffer.isBuffer(buf) ? buf : Buffer.from(buf), 'plan.json');
    } catch (e) {
      expect(e).toBeInstanceOf(PlanError);
      return (e as Error).message;
    }
    throw new Error('expected a PlanError');
  };

  it('truncated JSON', () => expect(err(real.subarray(0, 700))).toMatch(/^plan\.json:\d+:\d+: not valid JSON \(.+\); the file looks truncated$/));
  it('foreign JSON', () => expect(err('{"name": "my-app", "version": "1.0.0"}')).toBe('plan.json: not the output of "terraform show -json" (no format_version)'));
  it('JSON that is neither a plan nor a state', () => expect(err('{"format_version": "1.0", "provider_schemas": {}}')).toMatch(/neither planned_values nor values/));
  it('a binary plan file', () => expect(err(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]))).toMatch(/binary plan file.*terraform show -json plan\.json > plan\.json/));
  it('an unsupported major version', () => expect(err('{"format_version": "2.0", "planned_values": {}}')).toMatch(/unsupported format_version "2.0"/));
  it('an empty file', () => expect(err('   \n')).toMatch(/empty/));

  it('skips resources that are only deleted', () => {
    const plan = parsePlanText(
      Buffer.from(
        JSON.stringify({
          format_version: '1.2',
          resource_changes: [
            { address: 'aws_iam_role.gone', mode: 'managed', type: 'aws_iam_role', name: 'gone', change: { actions: ['delete'], before: { name: 'gone' }, after: null } },
            { address: 'aws_iam_role.kept', mode: 'managed', type: 'aws_iam_role', name: 'kept', change: { actions: ['no-op'], before: { name: 'kept' }, after: { name: 'kept' } } },
          ],
        }),
      ),
      'p.json',
    );
    expect(plan.resources.map((r) => r.address)).toEqual(['aws_iam_role.kept']);
  });

  async function cli(args: string[], cwd: string) {
    let stdout = '';
    let stderr = '';
    const code = await run(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env: {} });
    return { code, stdout, stderr };
  }

  it('a named plan that cannot be read stops the scan: exit 2, one line, even beside a good plan', async () => {
    const dir = tempTree({ 'bad.json': '{"format_version": "1.2", "planned_values": {', 'foreign.json': '[1, 2, 3]', 'plan.out': Buffer.from('PK\u0003\u0004rest'), 'main.tf': 'locals {\n  a = 1\n}\n' });
    fs.writeFileSync(path.join(dir, 'good.json'), fs.readFileSync(path.join(SCENARIOS, 'trust', 'plan.json')));
    for (const [plan, message] of [
      ['bad.json', /^tfxacct: --plan bad\.json:1:\d+: not valid JSON \(\w+\); the file looks truncated\n$/],
      ['foreign.json', /^tfxacct: --plan foreign\.json: not the output of "terraform show -json" \(a JSON object is expected\)\n$/],
      ['plan.out', /^tfxacct: --plan plan\.out is a binary plan file .*terraform show -json plan\.out > plan\.json.*\n$/],
      ['missing.json', /^tfxacct: --plan missing\.json: no such file or directory\n$/],
    ] as const) {
      // the .tf files are clean: a gate must not pass because the plan was not read
      const r = await cli(['scan', '.', '--plan', 'good.json', '--plan', plan], dir);
      expect({ plan, code: r.code, stdout: r.stdout }).toEqual({ plan, code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const good = await cli(['scan', '--plan', 'good.json'], dir);
    expect(good.code).toBe(1);
    expect(good.stdout).toContain('TFXA003');
  });
});

describe('the same scenario as HCL and as plan', () => {
  const scenarios = fs.readdirSync(SCENARIOS).filter((d) => fs.existsSync(path.join(SCENARIOS, d, 'plan.json')));

  const key = (r: ScanResult) => r.findings.map((f) => `${f.ruleId} ${f.address} ${f.fingerprint}`).sort();

  for (const name of scenarios) {
    it(`${name}: same rules, addresses and fingerprints; locations in source when it is known`, async () => {
      const dir = tempTree({});
      fs.cpSync(path.join(SCENARIOS, name), path.join(dir, name), { recursive: true });
      fs.mkdirSync(path.join(dir, 'empty'));
      const opts = { root: dir, cwd: dir };
      const hcl = await scan({ paths: [name], ...opts });
      const planOnly = await scan({ paths: ['empty'], plans: [`${name}/plan.json`], ...opts });
      const both = await scan({ paths: [name], plans: [`${name}/plan.json`], ...opts });
      expect(key(hcl).length).toBeGreaterThan(0);
      expect(key(planOnly)).toEqual(key(hcl));
      expect(key(both)).toEqual(key(hcl));
      for (const f of planOnly.findings) expect(f.file).toBe(`${name}/plan.json`);
      expect(both.findings.map((f) => [f.file, f.startLine, f.startColumn])).toEqual(hcl.findings.map((f) => [f.file, f.startLine, f.startColumn]));
      for (const r of [planOnly, both]) {
        expect(r.notifications.filter((n) => n.level === 'error')).toEqual([]);
        const sarif = JSON.parse(JSON.stringify(buildSarif(r)));
        expect(validateSarif(sarif)).toEqual([]);
        expect(sarif.runs[0].results.length).toBe(r.findings.length);
        const json = JSON.parse(toJson(r));
        expect(Object.keys(json.findings[0])).toEqual(Object.keys(JSON.parse(toJson(hcl)).findings[0]));
      }
      // the SARIF fingerprints are the same across the three
      const fp = (r: ScanResult) => buildSarif(r).runs[0].results!.map((x) => x.partialFingerprints!['tfxacct/v1']).sort();
      expect(fp(planOnly)).toEqual(fp(hcl));
    });
  }

  it('the plan supplies values the configuration leaves unknown', async () => {
    const dir = tempTree({});
    fs.cpSync(path.join(SCENARIOS, 'trust'), path.join(dir, 'trust'), { recursive: true });
    fs.rmSync(path.join(dir, 'trust', 'terraform.tfvars'));
    const hcl = await scan({ paths: ['trust'], root: dir, cwd: dir, only: ['TFXA001'] });
    expect(hcl.findings[0].accounts.principal).toBeUndefined();
    expect(hcl.findings[0].message).toMatch(/account whose id is unknown/);
    const both = await scan({ paths: ['trust'], plans: ['trust/plan.json'], root: dir, cwd: dir, only: ['TFXA001'] });
    expect(both.findings[0].accounts.principal).toBe('222222222222');
    expect(both.findings[0].file).toBe('trust/main.tf');
  });

  it('the configuration supplies what the plan leaves unknown', async () => {
    const dir = tempTree({});
    fs.cpSync(path.join(SCENARIOS, 'bucket-kms'), path.join(dir, 's'), { recursive: true });
    const plan = JSON.parse(fs.readFileSync(path.join(dir, 's', 'plan.json'), 'utf8'));
    // the bucket policy is known only after apply in this plan
    const bp = plan.resource_changes.find((r: { address: string }) => r.address === 'aws_s3_bucket_policy.data');
    delete bp.change.after.policy;
    bp.change.after_unknown.policy = true;
    fs.writeFileSync(path.join(dir, 's', 'plan.json'), JSON.stringify(plan));
    fs.mkdirSync(path.join(dir, 'empty'));
    const planOnly = await scan({ paths: ['empty'], plans: ['s/plan.json'], root: dir, cwd: dir, only: ['TFXA101'] });
    expect(planOnly.findings).toEqual([]);
    const both = await scan({ paths: ['s'], plans: ['s/plan.json'], root: dir, cwd: dir, only: ['TFXA101'] });
    expect(both.findings.map((f) => f.address)).toEqual(['aws_s3_bucket_policy.data']);
  });

  it('never prints sensitive values', async () => {
    const dir = tempTree({});
    const plan = JSON.parse(fs.readFileSync(path.join(SCENARIOS, 'trust', 'plan.json'), 'utf8'));
    for (const rc of plan.resource_changes) if (rc.address === 'aws_iam_role.vendor') rc.change.after_sensitive = { assume_role_policy: true };
    for (const r of plan.planned_values.root_module.resources) if (r.address === 'aws_iam_role.vendor') r.sensitive_values = { assume_role_policy: true };
    fs.mkdirSync(path.join(dir, 'p'));
    fs.writeFileSync(path.join(dir, 'p', 'plan.json'), JSON.stringify(plan, null, 2));
    const r = await scan({ paths: [dir], plans: ['p/plan.json'], root: dir, cwd: dir });
    const vendor = r.findings.filter((f) => f.address === 'aws_iam_role.vendor');
    expect(vendor.map((f) => f.ruleId).sort()).toEqual(['TFXA001', 'TFXA002']);
    // (the rule documentation in SARIF uses the same example account id, so look at results only)
    const out = toJson(r) + JSON.stringify(buildSarif(r).runs[0].results) + JSON.stringify(buildSarif(r).runs[0].invocations);
    expect(out).not.toContain('222222222222');
    expect(vendor[0].message).toContain('sensitive value');
  });
});

