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
import { cli, noStackTrace } from './support/cli';
import { tempTree } from './support/tmp';

const PUBLIC_TRUST = 'resource "aws_iam_role" "sentinel" {\n  name = "sentinel"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })\n}\n';

const hasSentinel = (out: string) => JSON.parse(out).findings.some((f: { address: string; ruleId: string }) => f.address === 'aws_iam_role.sentinel' && f.ruleId === 'TFXA003');

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
