#!/usr/bin/env node
// npm run bench: whole processes, measured in one run and interleaved (run i of every measure
// before run i+1 of any), so that a machine that slows down or speeds up weighs on all alike:
//   bare      tree-sitter's own parse of the corpus, one thread, no conversion (the floor)
//   convert   the HCL reader: parse and conversion to our syntax tree
//   full      `tfxacct scan -f sarif` (and `--jobs N` too when the CLI has threads)
//   start-up  `tfxacct scan` of one small file against `node -e 0`: bin/tfxacct.js as shipped (it
//             loads the bundled lib/cli.js that the build makes)
// For each: median, min and max wall time, median CPU time, peak RSS (the child's own maxRSS),
// and the ratios to the bare parse. Corpora: 20 and 200 accounts (default), 2,000 with --huge.
// Options: --runs N (default 5), --only 20|200|2000|startup (comma-separated), --huge,
//          --generator PATH (default ../shared/bench/gen-corpus.mjs, else testdata/bench's copy)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
};
const runs = Number(arg('runs', '5'));
const shared = path.resolve(root, '../shared/bench/gen-corpus.mjs');
const generator = path.resolve(root, arg('generator', fs.existsSync(shared) ? shared : 'testdata/bench/gen-corpus.mjs'));
const huge = process.argv.includes('--huge');
const only = arg('only', huge ? '20,200,2000,startup' : '20,200,startup').split(',');
if (!fs.existsSync(generator)) {
  console.error(`corpus generator not found: ${generator} (pass --generator PATH)`);
  process.exit(2);
}

console.log('building lib/ ...');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

if (!fs.existsSync(path.join(root, 'lib', 'cli.js'))) throw new Error('the build made no lib/cli.js, the bundle bin/tfxacct.js runs');
const child = path.join(root, 'scripts', 'bench-child.cjs');
const bin = path.join(root, 'bin', 'tfxacct.js');
const work = path.join(root, '.bench');
fs.mkdirSync(work, { recursive: true });
const help = spawnSync(process.execPath, [bin, 'scan', '--help'], { encoding: 'utf8' }).stdout;
const threads = /--jobs\b/.test(help) ? Math.min(os.availableParallelism?.() ?? os.cpus().length, 8) : 0;

/** One child process: wall ms, CPU ms, peak RSS MiB. */
function measure(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /maxrss=(\d+)/.exec(r.stderr);
  const cpu = /cpu=(\d+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? Number(cpu[1]) / 1000 : NaN, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) => `${Math.round(median(xs))} [${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}]`;

/** Runs every measure `runs` times, interleaved; returns the samples of each. */
function interleaved(measures) {
  const samples = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, argv] of Object.entries(measures)) samples[k].push(measure(argv));
  return samples;
}

function summary(name, samples, base) {
  const rows = [];
  for (const [k, xs] of Object.entries(samples)) {
    const ms = xs.map((x) => x.ms);
    rows.push({
      corpus: name,
      measure: k,
      'wall ms median [min-max]': fmt(ms),
      'cpu ms median': Math.round(median(xs.map((x) => x.cpuMs))),
      'peak RSS MiB median [min-max]': fmt(xs.map((x) => x.rssMiB)),
      // each run over the baseline run of the same round: less sensitive to drifts in machine speed
      [`/${base} (paired median [min-max])`]: k === base ? '1' : (() => {
        const r = xs.map((x, i) => x.ms / samples[base][i].ms);
        return `${median(r).toFixed(2)} [${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)}]`;
      })(),
    });
  }
  return rows;
}

const results = {};
function corpus(accounts, genArgs) {
  const name = `accounts-${accounts}`;
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [generator, '--out', dir, '--accounts', String(accounts), ...genArgs], { stdio: 'ignore' });
  const out = path.join(work, `${name}.sarif`);
  const size = JSON.parse(measure([child, 'bare', dir]).stdout.trim().split('\n').pop());
  const stats = (measure([child, 'scan', 'scan', dir, '-q', '-f', 'json', '-o', path.join(work, `${name}.json`)]), JSON.parse(fs.readFileSync(path.join(work, `${name}.json`), 'utf8')).stats);
  console.log(`\n${name}: ${size.files} files, ${(size.bytes / 2 ** 20).toFixed(2)} MiB, ${stats.resources} resources, ${stats.policies} policies; ${runs} interleaved runs`);
  const measures = {
    bare: [child, 'bare', dir],
    convert: [child, 'convert', dir],
    'full 1 thread': [child, 'scan', 'scan', dir, '-q', '-f', 'sarif', '-o', out, ...(threads ? ['--jobs', '1'] : [])],
  };
  if (threads > 1) measures[`full ${threads} threads`] = [child, 'scan', 'scan', dir, '-q', '-f', 'sarif', '-o', out, '--jobs', String(threads)];
  // who-can on one bucket of the first account (the answer needs the whole estate's trust and policies)
  const firstAccount = fs.readdirSync(path.join(dir, 'accounts')).sort()[0];
  const bucket = /bucket\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(dir, 'accounts', firstAccount, 'data.tf'), 'utf8'))?.[1];
  if (bucket) measures['who-can (1 bucket)'] = [child, 'scan', 'who-can', dir, '-q', '--resource', `arn:aws:s3:::${bucket}`, '-f', 'json', '-o', path.join(work, `${name}.who-can.json`)];
  const samples = interleaved(measures);
  const rows = summary(name, samples, 'bare');
  console.table(rows);
  results[accounts] = { samples, size };
}

if (only.includes('20')) corpus(20, []);
if (only.includes('200')) corpus(200, ['--roles', '40', '--buckets', '20']);
if (only.includes('2000')) corpus(2000, ['--roles', '40', '--buckets', '20']);

if (only.includes('startup')) {
  const one = path.join(work, 'one-file');
  fs.rmSync(one, { recursive: true, force: true });
  fs.mkdirSync(one, { recursive: true });
  fs.copyFileSync(path.join(root, 'testdata', 'rules', 'TFXA001', 'positive.tf'), path.join(one, 'main.tf'));
  // the first run fills any compile cache; it is not counted
  measure([bin, 'scan', '-q', one]);
  const samples = interleaved({ 'node -e 0': ['-r', child, '-e', '0'], 'tfxacct scan (1 file)': ['-r', child, bin, 'scan', '-q', one] });
  console.log(`\nstart-up: one small file, ${runs} interleaved runs (target: tfxacct under 200 ms)`);
  console.table(summary('one file', samples, 'node -e 0'));
}

const full1 = (a) => median(results[a].samples['full 1 thread'].map((x) => x.ms));
if (results[200]) {
  const s = results[200].samples;
  const paired = s['full 1 thread'].map((x, i) => x.ms / s.bare[i].ms);
  console.log(`\n200 accounts: full/bare ${median(paired).toFixed(2)} (paired; target at most 1.5 single-thread, 1.0 on all cores), peak RSS ${Math.round(median(s['full 1 thread'].map((x) => x.rssMiB)))} MiB (target under 400)`);
}
if (results[200]) {
  const s = results[200].samples;
  for (const k of Object.keys(s).filter((k) => /threads$/.test(k))) {
    const paired = s[k].map((x, i) => x.ms / s.bare[i].ms);
    console.log(`200 accounts: ${k}/bare ${median(paired).toFixed(2)} (paired; target at most 1.0), peak RSS ${Math.round(median(s[k].map((x) => x.rssMiB)))} MiB`);
  }
  if (s['who-can (1 bucket)']) console.log(`200 accounts: who-can on one bucket ${(median(s['who-can (1 bucket)'].map((x) => x.ms)) / 1000).toFixed(2)} s (target under 3 s)`);
}
if (results[20] && results[200]) console.log(`scaling 200/20 accounts: full ${(full1(200) / full1(20)).toFixed(2)}x for ${(results[200].size.bytes / results[20].size.bytes).toFixed(1)}x the bytes`);
if (results[200] && results[2000]) console.log(`scaling 2000/200 accounts: full ${(full1(2000) / full1(200)).toFixed(2)}x for ${(results[2000].size.bytes / results[200].size.bytes).toFixed(1)}x the bytes (target: within 11x), peak RSS ${Math.round(Math.max(...results[2000].samples['full 1 thread'].map((x) => x.rssMiB)))} MiB (target under 4096)`);
