/**
 * Reading on threads: the same results whatever the thread count, a thread that fails or takes
 * too long costs only its file (reported), every thread stops, and Ctrl-C stops them all.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HashThread } from '../src/engine/hash-thread';
import { hashFromTable, lineHashes } from '../src/engine/line-hash';
import { readFiles, workerScript } from '../src/hcl/read-pool';
import { toJson } from '../src/report/json';
import { toSarif } from '../src/report/sarif';
import { scan } from '../src/scan';
import { tempTree } from './support/tmp';

const repo = path.join(__dirname, '..');
const testdata = path.join(repo, 'testdata');

/** JSON and SARIF of a scan, without the duration. */
async function reports(dir: string, jobs: number): Promise<string> {
  const result = await scan({ paths: [dir], root: repo, cwd: repo, jobs, threadMinBytes: 0 });
  result.stats.durationMs = 0;
  return toJson(result) + toSarif(result);
}

function workers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker').length;
}

describe('reading on threads', () => {
  it('finds the reading thread script', () => {
    expect(workerScript()).toBeDefined();
  });

  it.each(['projects/multi-account', 'projects/trust-graph', 'projects/guardrails', 'rules'])(
    '%s: byte-identical JSON and SARIF with 1, 2 and 8 threads',
    async (dir) => {
      const one = await reports(path.join(testdata, dir), 1);
      expect(one).toContain('"ruleId"');
      expect(await reports(path.join(testdata, dir), 2)).toBe(one);
      expect(await reports(path.join(testdata, dir), 8)).toBe(one);
    },
    120_000,
  );

  it('variable files read on threads (terraform.tfvars, *.auto.tfvars) give the same values and the same errors', async () => {
    const dir = tempTree({
      'variables.tf': 'variable "trusted" {}\nvariable "name" {}\nvariable "other" {\n  default = "unset"\n}\n',
      'main.tf': 'provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\nresource "aws_iam_role" "r" {\n  name = var.name\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${var.trusted}:root" } }] })\n}\n',
      'terraform.tfvars': 'trusted = "222222222222"\n',
      'b.auto.tfvars': 'name = "from-auto"\n',
      'c.auto.tfvars': 'other = [\n',
      'prod.tfvars': 'trusted = "333333333333"\n',
    });
    const one = await scan({ paths: [dir], root: dir, cwd: dir, jobs: 1 });
    const two = await scan({ paths: [dir], root: dir, cwd: dir, jobs: 2, threadMinBytes: 0 });
    for (const r of [one, two]) r.stats.durationMs = 0;
    expect(toJson(two) + toSarif(two)).toBe(toJson(one) + toSarif(one));
    expect(one.findings.find((f) => f.ruleId === 'TFXA001')?.message).toContain('222222222222');
    expect(one.graph.resources.find((r) => r.type === 'aws_iam_role')?.attrs.m.get('name')).toMatchObject({ v: 'from-auto' });
    expect(one.notifications.some((n) => n.kind === 'parse-error' && n.file === 'c.auto.tfvars')).toBe(true);
  });

  it('line hashes computed on a thread equal those of this thread; a file it cannot read has none', async () => {
    const files = { 'a.tf': 'locals {\n  x = 1\n}\n'.repeat(40), 'b.tf': 'x\r\ny\n\n  z', 'c.tf': '' };
    const dir = tempTree(files);
    const abs = [...Object.keys(files), 'missing.tf'].map((f) => path.join(dir, f));
    const thread = new HashThread(abs, 1 << 20);
    const tables = await thread.tables(60_000);
    expect([...tables.keys()].sort()).toEqual(abs.slice(0, 3).sort());
    for (const [name, text] of Object.entries(files)) {
      const n = text.split(/\r\n|\r|\n/).length;
      const lines = new Set(Array.from({ length: n }, (_, i) => i + 1));
      const here = lineHashes(text, lines);
      expect([...lines].map((l) => hashFromTable(tables.get(path.join(dir, name))!, l))).toEqual([...lines].map((l) => here.get(l)));
    }
  });

  it('a line-hash thread ends by itself once it has sent every table, and none is lost', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.tf`, `locals {\n  x${i} = ${i}\n}\n`.repeat(200)]));
    const dir = tempTree(files);
    const abs = Object.keys(files).map((f) => path.join(dir, f));
    const thread = new HashThread(abs, 1 << 20);
    // (the thread is private: a scan never needs to see it)
    const worker = (thread as unknown as { worker: import('node:worker_threads').Worker }).worker;
    // nothing asks it to stop: it ends when its work is done
    const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
    expect(code).toBe(0);
    const tables = await thread.tables(0);
    expect([...tables.keys()].sort()).toEqual([...abs].sort());
    for (const f of abs) expect(tables.get(f)!.length).toBe(3 * 601);
  });

  it('a scan on threads stops its line-hash thread, and its SARIF has the hashes of one thread', async () => {
    const before = workers();
    const dir = path.join(testdata, 'projects/multi-account');
    const one = await scan({ paths: [dir], root: repo, cwd: repo, jobs: 1 });
    const two = await scan({ paths: [dir], root: repo, cwd: repo, jobs: 2, threadMinBytes: 0 });
    expect(two.findings.every((f) => f.lineHash)).toBe(true);
    expect(two.findings.map((f) => f.lineHash)).toEqual(one.findings.map((f) => f.lineHash));
    for (let i = 0; i < 50 && workers() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(workers()).toBe(before);
  });

  it('stops every thread when reading is done', async () => {
    const before = workers();
    const files = ['a.tf', 'b.tf', 'c.tf'];
    const dir = tempTree(Object.fromEntries(files.map((f) => [f, 'locals {\n  x = 1\n}\n'])));
    const seen: string[] = [];
    await readFiles(
      files.map((f) => path.join(dir, f)),
      { jobs: 2, maxBytes: 1 << 20, timeoutMs: 60_000 },
      (file, outcome) => {
        expect(outcome.ok).toBe(true);
        seen.push(path.basename(file));
      },
    );
    expect(seen.sort()).toEqual(files);
    expect(workers()).toBe(before);
  });

  it('a thread that runs out of memory costs its file, reported, and the rest is read', async () => {
    const dir = tempTree({ 'a.tf': 'locals {\n  x = 1\n}\n', 'b.tf': 'locals {\n  y = 2\n}\n' });
    const outcomes: string[] = [];
    const t0 = Date.now();
    await readFiles([path.join(dir, 'a.tf'), path.join(dir, 'b.tf')], { jobs: 2, maxBytes: 1 << 20, timeoutMs: 60_000, maxHeapMb: 1 }, (file, o) =>
      outcomes.push(`${path.basename(file)}: ${o.ok ? 'read' : o.reason}`),
    );
    expect(outcomes.sort()).toEqual(['a.tf: the reading thread failed (out of memory)', 'b.tf: the reading thread failed (out of memory)']);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('a file that takes longer than the budget is reported unreadable and the scan goes on', async () => {
    const dir = tempTree({
      'main.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n',
      'other.tf': 'locals {\n  x = 1\n}\n',
    });
    const t0 = Date.now();
    const result = await scan({ paths: [dir], root: dir, cwd: dir, jobs: 2, threadMinBytes: 0, readTimeoutMs: 1 });
    expect(Date.now() - t0).toBeLessThan(30_000);
    const unreadable = result.notifications.filter((n) => n.kind === 'unreadable-file').map((n) => n.message);
    expect(unreadable.sort()).toEqual(['main.tf: reading took longer than 0.001 s; file skipped', 'other.tf: reading took longer than 0.001 s; file skipped']);
  });

  it('a 50 MB file is refused by the thread that reads it; the other files are scanned', async () => {
    const dir = tempTree({ 'ok.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n' });
    const big = path.join(dir, 'big.tf');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024);
    const result = await scan({ paths: [dir], root: dir, cwd: dir, jobs: 2, threadMinBytes: 0 });
    expect(result.notifications.filter((n) => n.kind === 'unreadable-file').map((n) => n.message)).toEqual(['big.tf: file is larger than 16 MiB; file skipped']);
    expect(result.findings.some((f) => f.ruleId === 'TFXA003')).toBe(true);
  });

  it('Ctrl-C stops the scan and its threads', async () => {
    // a corpus large enough to be read on threads (over THREAD_MIN_BYTES)
    const dir = tempTree({});
    execFileSync(process.execPath, [path.join(testdata, 'bench', 'gen-corpus.mjs'), '--out', dir, '--accounts', '60'], { stdio: 'ignore' });
    // the bundled Action runs the scan as the CLI does, from files a test keeps current
    const child = spawn(process.execPath, [path.join(repo, 'dist', 'index.js')], {
      env: { ...process.env, GITHUB_WORKSPACE: dir, INPUT_PATH: '.', 'INPUT_FAIL-ON': 'none', GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' },
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGINT');
    const how = await exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(how.signal === 'SIGINT' || (how.code !== null && how.code !== 0)).toBe(true);
  }, 60_000);
});
