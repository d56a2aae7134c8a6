/**
 * A hostile pull request: reads that leave the tree, files Terraform accepts but a scanner might
 * not, budgets, linear work and output that cannot be hijacked. Each case asserts the exit code,
 * a time bound and, where a hostile file sits beside an intact one, that the intact file's
 * finding is still reported.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scan } from '../src/scan';
import { defaultInstanceBudget } from '../src/terraform/scope';
import { cli, noStackTrace } from './support/cli';
import { tempTree } from './support/tmp';

const PUBLIC_TRUST = 'resource "aws_iam_role" "sentinel" {\n  name = "sentinel"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n';

async function scanned(files: Record<string, string>) {
  const dir = tempTree(files);
  const t0 = Date.now();
  const result = await scan({ paths: [dir], root: dir, cwd: dir });
  const ms = Date.now() - t0;
  const found = result.findings.filter((f) => !f.suppressed).map((f) => `${f.address} ${f.ruleId} ${f.file}:${f.startLine}`);
  return { result, ms, found, sentinel: found.some((f) => f.startsWith('aws_iam_role.sentinel TFXA003')) };
}

describe('reads: the configuration file is read under the same rules as every other file', () => {
  it.each([
    ['a symlink to a file outside the tree', (dir: string) => fs.symlinkSync('/etc/passwd', path.join(dir, '.tfxacct.yml')), /leads outside the repository/],
    ['a symlink to a device', (dir: string) => fs.symlinkSync('/dev/zero', path.join(dir, '.tfxacct.yml')), /leads outside the repository/],
    ['a FIFO', (dir: string) => execFileSync('mkfifo', [path.join(dir, '.tfxacct.yml')]), /not a regular file/],
    ['a file over the size cap', (dir: string) => fs.writeFileSync(path.join(dir, '.tfxacct.yml'), '# x\n'.repeat(400_000)), /larger than 1 MiB/],
    ['YAML aliases that expand exponentially', (dir: string) => fs.writeFileSync(path.join(dir, '.tfxacct.yml'), 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n') + '\n'), /alias|config/i],
  ])('%s is a config error (exit 2), in bounded time', async (_name, make, message) => {
    const dir = tempTree({ 'main.tf': PUBLIC_TRUST });
    make(dir);
    const t0 = Date.now();
    const r = await cli(['scan', '.'], dir);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/root:x:0:0/);
    noStackTrace(r);
  });

  it('a key repeated in the configuration is a config error with its line', async () => {
    const dir = tempTree({ 'main.tf': PUBLIC_TRUST, '.tfxacct.yml': 'rules:\n  TFXA001: off\n  TFXA001: on\n' });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.tfxacct\.yml:3: .*unique.*TFXA001/);
  });

  it('names that start with ".." are inside the tree', async () => {
    const dir = tempTree({
      '..iam/main.tf': PUBLIC_TRUST,
      'policy/main.tf': 'resource "aws_iam_role" "from_file" {\n  name = "f"\n  assume_role_policy = file("${path.module}/..policy.json")\n}\n',
      'policy/..policy.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}\n',
    });
    const r = await cli(['scan', '.', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).findings.map((f: { address: string; ruleId: string }) => `${f.address} ${f.ruleId}`);
    expect(found).toEqual(expect.arrayContaining(['aws_iam_role.sentinel TFXA003', 'aws_iam_role.from_file TFXA003']));
  });

  it('no path outside the read boundary is opened, and no program is run, during a scan full of escape attempts', async () => {
    const outside = tempTree({ 'secret.tf': 'resource "aws_iam_role" "outside" {\n  name = "o"\n  assume_role_policy = "{}"\n}\n', 'secret.json': '{}' });
    const dir = tempTree({
      'main.tf': [
        PUBLIC_TRUST,
        `resource "aws_iam_role" "f" {\n  name = "f"\n  assume_role_policy = file("../${path.basename(outside)}/secret.json")\n}`,
        `resource "aws_iam_role" "g" {\n  name = "g"\n  assume_role_policy = file("${outside}/secret.json")\n}`,
        `module "m" {\n  source = "../${path.basename(outside)}"\n}`,
        `locals {\n  x = fileset("${outside}", "*")\n  y = fileexists("/etc/passwd")\n  z = templatefile("link/secret.json", {})\n}`,
      ].join('\n'),
    });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    fs.symlinkSync(path.join(outside, 'secret.tf'), path.join(dir, 'linked.tf'));
    fs.symlinkSync('/etc/passwd', path.join(dir, '.tfxacct.yml.bak'));
    const opened: string[] = [];
    // the module objects themselves: the compiled sources read their members at call time
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('node:fs') as typeof fs;
    const realOpen = nodeFs.openSync;
    const realRead = nodeFs.readFileSync;
    const realReaddir = nodeFs.readdirSync;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const childProcess = require('node:child_process');
    const spawned: string[] = [];
    const spies = [
      jest.spyOn(nodeFs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
        opened.push(String(p));
        return (realOpen as (...a: unknown[]) => number)(p, ...rest);
      }) as typeof fs.openSync),
      jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
        if (typeof p !== 'number') opened.push(String(p));
        return (realRead as (...a: unknown[]) => unknown)(p, ...rest);
      }) as typeof fs.readFileSync),
      jest.spyOn(nodeFs, 'readdirSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
        opened.push(String(p));
        return (realReaddir as (...a: unknown[]) => unknown)(p, ...rest);
      }) as typeof fs.readdirSync),
      ...['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'].map((m) =>
        jest.spyOn(childProcess, m).mockImplementation((...a: unknown[]) => {
          spawned.push(String(a[0]));
          throw new Error('no program may be run');
        }),
      ),
    ];
    try {
      const result = await scan({ paths: [dir], root: dir, cwd: dir });
      expect(result.findings.some((f) => f.address === 'aws_iam_role.sentinel')).toBe(true);
      expect(result.findings.some((f) => f.address === 'aws_iam_role.outside')).toBe(false);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    // the spies saw the scan's own reads
    expect(opened).toContain(path.join(dir, 'main.tf'));
    const repo = path.resolve(__dirname, '..');
    const inside = (p: string) => p === dir || p.startsWith(dir + path.sep) || p.startsWith(repo + path.sep);
    const outsideReads = opened.filter((p) => !inside(p));
    expect(outsideReads).toEqual([]);
    // symlinks inside the tree that lead out are not followed for reading
    expect(opened.filter((p) => p.startsWith(path.join(dir, 'link')) || p === path.join(dir, 'linked.tf'))).toEqual([]);
    expect(spawned).toEqual([]);
  });
});

describe('evasion: every file Terraform accepts is read as Terraform reads it', () => {
  it('numbers with an exponent and no fraction parse (1e3, 36e2), and "1e3" in a string stays text', async () => {
    const { found, sentinel, result, ms } = await scanned({
      'main.tf': 'resource "terraform_data" "t" {\n  n = 1e3\n  text = "1e3 and 36E+2"\n}\nresource "aws_iam_role" "hidden" {\n  name = "h"\n  max_session_duration = 36e2\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n',
      'ok.tf': PUBLIC_TRUST,
    });
    expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
    expect(found).toContain('aws_iam_role.hidden TFXA003 main.tf:8');
    expect(sentinel).toBe(true);
    expect(ms).toBeLessThan(10_000);
    const hidden = result.graph.resources.find((r) => r.address === 'aws_iam_role.hidden')!;
    expect(hidden.attrs.m.get('max_session_duration')).toMatchObject({ t: 'n', v: 3600 });
    const t = result.graph.resources.find((r) => r.address === 'terraform_data.t')!;
    expect(t.attrs.m.get('text')).toMatchObject({ t: 's', v: '1e3 and 36E+2' });
    expect(t.attrs.m.get('n')).toMatchObject({ t: 'n', v: 1000 });
  });

  it('an override file that swaps in Principal "*" is what gets analysed', async () => {
    const { found, sentinel } = await scanned({
      'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  max_session_duration = 3600\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n',
      'z_override.tf': 'resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n',
      'ok.tf': PUBLIC_TRUST,
    });
    expect(found).toContain('aws_iam_role.r TFXA003 z_override.tf:2');
    expect(sentinel).toBe(true);
  });

  it('override files merge per attribute and per block type, in name order, and locals one by one', async () => {
    const { result } = await scanned({
      'main.tf': 'locals {\n  a = "base"\n  b = "keep"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "base"\n  tags = { x = "1" }\n  lifecycle {\n    prevent_destroy = true\n  }\n}\nresource "terraform_data" "t" {\n  a = local.a\n  b = local.b\n}\n',
      'override.tf': 'locals {\n  a = "first"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "first"\n}\n',
      'x_override.tf': 'locals {\n  a = "last"\n}\nresource "aws_s3_bucket" "b" {\n  lifecycle {\n    ignore_changes = [tags]\n  }\n}\n',
    });
    const b = result.graph.resources.find((r) => r.address === 'aws_s3_bucket.b')!;
    const t = result.graph.resources.find((r) => r.address === 'terraform_data.t')!;
    expect(b.attrs.m.get('bucket')).toMatchObject({ v: 'first' });
    expect(t.attrs.m.get('a')).toMatchObject({ v: 'last' });
    expect(t.attrs.m.get('b')).toMatchObject({ v: 'keep' });
    const lifecycle = b.site!.blocksOf('lifecycle');
    expect(lifecycle).toHaveLength(1);
    expect(lifecycle[0].site.attributeRange('ignore_changes')).toBeDefined();
    expect(lifecycle[0].site.attributeRange('prevent_destroy')).toBeDefined();
  });

  it('duplicate keys in a JSON policy are TFXA301, and a grant under either reading is reported', async () => {
    const { found, result } = await scanned({
      'main.tf': 'resource "aws_iam_role" "dup" {\n  name = "d"\n  assume_role_policy = <<EOT\n{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}\nEOT\n}\n',
    });
    expect(found.filter((f) => f.startsWith('aws_iam_role.dup')).map((f) => f.split(' ')[1]).sort()).toEqual(['TFXA003', 'TFXA301']);
    expect(result.findings.find((f) => f.ruleId === 'TFXA301')!.message).toMatch(/duplicate key "Effect"/);
  });

  it('Effect is case-sensitive: "allow" is TFXA301 and grants nothing', async () => {
    const { found } = await scanned({
      'main.tf': 'resource "aws_iam_role" "lower" {\n  name = "l"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n',
    });
    expect(found.map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(['aws_iam_role.lower TFXA301']);
  });
});

describe('output that cannot be hijacked', () => {
  const hostileSource = 'x\\n::error::pwned\\u001b]0;title\\u0007\\u202egnp.exe\\u001b[31m';

  it('text output and notifications strip escape sequences, bidi overrides and line breaks from scanned strings', async () => {
    const dir = tempTree({ 'main.tf': `module "m" {\n  source = "${hostileSource}"\n}\n${PUBLIC_TRUST}` });
    const r = await cli(['scan', '.'], dir);
    expect(r.code).toBe(1);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(out).not.toMatch(/^::error/m);
    }
    expect(r.stderr).toContain('\\u{1b}]0;title');
  });

  it('markdown escapes HTML, mentions and code spans', async () => {
    const dir = tempTree({
      'main.tf': 'resource "aws_iam_policy" "p" {\n  name = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "<img src=x onerror=alert(1)> @octo/team `x` | y" }] })\n}\n',
    });
    const r = await cli(['scan', '.', '-f', 'markdown'], dir);
    expect(r.stdout).toContain('TFXA301');
    expect(r.stdout).not.toMatch(/<img/);
    expect(r.stdout).not.toMatch(/@octo/);
    expect(r.stdout).toContain('&lt;img');
    expect(r.stdout).toContain('&#64;octo');
    // every table row keeps its five cells
    for (const row of r.stdout.split('\n').filter((l) => l.startsWith('| warning'))) expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });

  it('mermaid and dot labels carry no control characters', async () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r\\u001b[2J\\u202e"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n' });
    for (const format of ['mermaid', 'dot']) {
      const r = await cli(['graph', '.', '-f', format], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    }
  });

  it('an output path whose parent cannot be created is one clear error, in bounded time', async () => {
    const dir = tempTree({ 'main.tf': PUBLIC_TRUST, 'afile': 'x' });
    for (const out of ['afile/out.sarif', '/proc/self/nonexistent/deeper/out.sarif']) {
      const t0 = Date.now();
      const r = await cli(['scan', '.', '-f', 'sarif', '-o', out], dir);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/tfxacct: cannot write /);
      expect(r.stderr.trim().split('\n').filter((l) => /cannot write/.test(l))).toHaveLength(1);
      noStackTrace(r);
    }
  });
});

describe('a file the grammar cannot read', () => {
  it('is read by the second reader (HashiCorp\'s HCL parser), so a "*" trust in it is still reported', async () => {
    const nested = '"${'.repeat(500) + '1' + '}"'.repeat(500);
    const { found, result, ms } = await scanned({
      'main.tf': `locals {\n  a = ${nested}\n}\n\nresource "aws_iam_role" "hidden" {\n  name = "h"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n`,
      'ok.tf': PUBLIC_TRUST,
    });
    expect(ms).toBeLessThan(20_000);
    expect(found).toContain('aws_iam_role.hidden TFXA003 main.tf:5');
    expect(found.some((f) => f.startsWith('aws_iam_role.sentinel TFXA003'))).toBe(true);
    expect(result.notifications.some((n) => n.kind === 'second-reader' && n.file === 'main.tf')).toBe(true);
    expect(result.notifications.filter((n) => n.level === 'error')).toEqual([]);
  });

  it('a file neither reader can read is an error, and the rest of the scan reads as if it were absent', async () => {
    const { found, result } = await scanned({ 'broken.tf': 'resource "aws_iam_role" "x" {\n  name = \n', 'ok.tf': PUBLIC_TRUST });
    expect(found.some((f) => f.startsWith('aws_iam_role.sentinel TFXA003'))).toBe(true);
    expect(result.notifications.some((n) => n.level === 'error' && n.file === 'broken.tf')).toBe(true);
  });
});

describe('budgets that hold', () => {
  const doubling = (name: string, first: string, step: (prev: string) => string, n = 40) =>
    Array.from({ length: n + 1 }, (_, i) => `  ${name}${i} = ${i === 0 ? first : step(`local.${name}${i - 1}`)}`).join('\n');

  it.each([
    ['strings doubled through locals', `locals {\n${doubling('s', '"xx"', (p) => `"\${${p}}\${${p}}"`)}\n}\nresource "terraform_data" "t" {\n  input = local.s40\n}\n`],
    ['lists doubled with concat()', `locals {\n${doubling('l', '["x"]', (p) => `concat(${p}, ${p})`)}\n}\nresource "terraform_data" "t" {\n  input = local.l40\n}\n`],
    ['objects doubled, then jsonencode()', `locals {\n${doubling('o', '{ a = "x" }', (p) => `{ a = ${p}, b = ${p} }`)}\n}\nresource "terraform_data" "t" {\n  input = jsonencode(local.o40)\n}\n`],
    ['jsonencode() of a value nested 230 deep', `resource "aws_iam_role" "deep" {\n  name = "d"\n  assume_role_policy = jsonencode(${'['.repeat(230)}1${']'.repeat(230)})\n}\n`],
    ['setproduct() of large sets', `locals {\n  a = range(1000)\n}\nresource "terraform_data" "t" {\n  input = length(setproduct(local.a, local.a, local.a))\n}\n`],
  ])('%s: the value is unknown with a warning, and the scan goes on', async (_name, text) => {
    const heap0 = process.memoryUsage().rss;
    const { sentinel, ms, result } = await scanned({ 'main.tf': text, 'ok.tf': PUBLIC_TRUST });
    expect(ms).toBeLessThan(20_000);
    expect(process.memoryUsage().rss - heap0).toBeLessThan(1024 * 1024 * 1024);
    expect(sentinel).toBe(true);
    expect(result.notifications.some((n) => n.level === 'warning' && /limit|longer than|more than|nested deeper/.test(n.message))).toBe(true);
  });

  it('module instances across nesting share one budget (four nested count = 100)', async () => {
    const level = (next: string | undefined) => `variable "x" {\n  default = 1\n}\n${next ? `module "m" {\n  source = "./${next}"\n  count  = 100\n}\n` : ''}resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n`;
    const heap0 = process.memoryUsage().rss;
    const { sentinel, ms, result } = await scanned({
      'main.tf': `module "m" {\n  source = "./a"\n  count  = 100\n}\n${PUBLIC_TRUST}`,
      'a/main.tf': level('b'),
      'a/b/main.tf': level('c'),
      'a/b/c/main.tf': level(undefined),
    });
    expect(ms).toBeLessThan(60_000);
    expect(process.memoryUsage().rss - heap0).toBeLessThan(2 * 1024 * 1024 * 1024);
    expect(sentinel).toBe(true);
    expect(result.notifications.some((n) => /budget of 200000 resource and module instances is spent/.test(n.message))).toBe(true);
    // the blocks left out are named up to 20 times, then counted in one warning, never one note each
    const limits = result.notifications.filter((n) => /instance budget|instances is spent/.test(n.message));
    expect(limits.length).toBeLessThanOrEqual(21);
    expect(result.notifications.length).toBeLessThan(100);
  }, 90_000);
});

describe('the instance budget, spent by many blocks', () => {
  it('names the first 20 blocks left out and counts the rest in one warning', async () => {
    const dir = tempTree({ 'main.tf': Array.from({ length: 60 }, (_, i) => `resource "aws_sqs_queue" "q${i}" {\n  name = "q${i}"\n}\n`).join('') });
    const result = await scan({ paths: [dir], root: dir, cwd: dir, limits: { maxCollection: 100_000, maxSteps: 50_000_000, maxString: 1 << 24, maxInstances: 10 } });
    const budget = result.notifications.filter((n) => /budget/.test(n.message)).map((n) => n.message);
    expect(budget).toHaveLength(21);
    expect(budget.filter((m) => /^aws_sqs_queue\.q\d+: the scan's budget of 10 /.test(m))).toHaveLength(20);
    expect(budget).toContain("the scan's budget of 10 resource and module instances is spent: 50 blocks are not scanned in full, 50 instances left out (the first 20 blocks are named above)");
    expect(result.notifications.filter((n) => /cannot be listed/.test(n.message))).toEqual([]);
  });
});

describe('the default instance budget', () => {
  it('is 200,000, or 16 per resource, data and module block read when that is more', () => {
    expect(defaultInstanceBudget(0)).toBe(200_000);
    expect(defaultInstanceBudget(12_500)).toBe(200_000);
    expect(defaultInstanceBudget(100_000)).toBe(1_600_000);
  });

  it('a small configuration that expands past it is stopped at 200,000 instances', async () => {
    const dir = tempTree({ 'main.tf': 'module "a" {\n  source = "./m"\n  count  = 1000\n}\n', 'm/main.tf': 'resource "terraform_data" "t" {\n  count = 1000\n}\n' });
    const result = await scan({ paths: [dir], root: dir, cwd: dir });
    expect(result.notifications.some((n) => n.message.includes("the scan's budget of 200000 resource and module instances is spent"))).toBe(true);
    expect(result.graph.resources.length).toBeLessThanOrEqual(200_000);
  }, 60_000);
});

describe('the memory budget of a scan', () => {
  it('past it, later values are unknown and a warning says so (the process never dies of memory)', async () => {
    const dir = tempTree({ 'main.tf': `locals {\n${Array.from({ length: 200 }, (_, i) => `  l${i} = [for x in range(100) : "\${x}-${i}"]`).join('\n')}\n}\nresource "terraform_data" "t" {\n  input = [${Array.from({ length: 200 }, (_, i) => `local.l${i}`).join(', ')}]\n}\n` });
    const result = await scan({ paths: [dir], root: dir, cwd: dir, limits: { maxCollection: 100_000, maxSteps: 50_000_000, maxHeapBytes: 1 } });
    expect(result.notifications.some((n) => /memory budget/.test(n.message))).toBe(true);
    const t = result.graph.resources.find((r) => r.address === 'terraform_data.t');
    expect(JSON.stringify(t?.attrs.m.get('input'))).toMatch(/memory budget/);
  });

  it('a collection is tried before the budget is declared spent, at most four times a scan', async () => {
    const dir = tempTree({ 'main.tf': `locals {\n${Array.from({ length: 400 }, (_, i) => `  l${i} = [for x in range(100) : "\${x}-${i}"]`).join('\n')}\n}\nresource "terraform_data" "t" {\n  input = [${Array.from({ length: 400 }, (_, i) => `local.l${i}`).join(', ')}]\n}\n` });
    let collections = 0;
    const spent = await scan({ paths: [dir], root: dir, cwd: dir, limits: { maxCollection: 100_000, maxSteps: 50_000_000, maxHeapBytes: 1 }, collectGarbage: () => collections++ });
    // a heap of one byte is over the budget whatever is collected: tried, then spent
    expect(collections).toBeGreaterThanOrEqual(1);
    expect(collections).toBeLessThanOrEqual(4);
    expect(spent.notifications.some((n) => /memory budget/.test(n.message))).toBe(true);
    // a budget the live heap stays under is not spent, and nothing is collected
    collections = 0;
    const ample = await scan({ paths: [dir], root: dir, cwd: dir, limits: { maxCollection: 100_000, maxSteps: 50_000_000, maxHeapBytes: 2 ** 40 }, collectGarbage: () => collections++ });
    expect(collections).toBe(0);
    expect(ample.notifications.some((n) => /memory budget/.test(n.message))).toBe(false);
  });
});
