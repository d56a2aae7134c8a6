#!/usr/bin/env node
// npm run bench: times, in the same run, (a) parse only — reading every file of a generated
// corpus with the HCL reader — and (b) the full `tfxacct scan` to SARIF, as whole processes,
// several runs each, and prints medians, throughput, peak RSS and the full/parse ratio, for a
// 20-account corpus and a 200-account one (--accounts 200 --roles 40 --buckets 20).
// Options: --runs N (default 5), --only small|large, --generator PATH (default ../shared/bench/gen-corpus.mjs),
// --baseline DIR (a built checkout of another commit: its full scan of the 200-account corpus is run
// interleaved with this one's, and the medians compared — what a change such as witnesses costs).
// On the 200-account corpus it also times who-can on one bucket: the scan behind it and the query.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
};
const runs = Number(arg('runs', '5'));
const generator = path.resolve(root, arg('generator', '../shared/bench/gen-corpus.mjs'));
const only = arg('only', '');
if (!fs.existsSync(generator)) {
  console.error(`corpus generator not found: ${generator} (pass --generator PATH)`);
  process.exit(2);
}

console.log('building lib/ ...');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const child = path.join(root, 'scripts', 'bench-child.cjs');
const work = path.join(root, '.bench');
fs.mkdirSync(work, { recursive: true });

const baseline = arg('baseline', '');

function measure(args, script = child) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, rssMiB: rss / 1024, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function bench(name, genArgs) {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [generator, '--out', dir, ...genArgs], { stdio: 'ignore' });
  const out = path.join(work, `${name}.sarif`);
  // warm-up and the corpus figures
  const stats = JSON.parse(measure(['scan', dir, '-f', 'json', '-o', path.join(work, `${name}.json`)]) && fs.readFileSync(path.join(work, `${name}.json`), 'utf8')).stats;
  const parse = [];
  const full = [];
  let size;
  for (let i = 0; i < runs; i++) {
    const p = measure(['parse', dir]);
    size = JSON.parse(p.stdout.trim().split('\n').pop());
    parse.push(p);
    full.push(measure(['scan', dir, '-f', 'sarif', '-o', out]));
  }
  const pm = median(parse.map((x) => x.ms));
  const fm = median(full.map((x) => x.ms));
  const mb = size.bytes / (1024 * 1024);
  const row = {
    corpus: name,
    files: size.files,
    MB: +mb.toFixed(2),
    resources: stats.resources,
    policies: stats.policies,
    'parse ms (median)': Math.round(pm),
    'full ms (median)': Math.round(fm),
    'full/parse': +(fm / pm).toFixed(2),
    // each full run over the parse-only run just before it: less sensitive to drifts in machine speed
    'full/parse (paired)': +median(full.map((f, i) => f.ms / parse[i].ms)).toFixed(2),
    'parse MB/s': +(mb / (pm / 1000)).toFixed(2),
    'full MB/s': +(mb / (fm / 1000)).toFixed(2),
    'peak RSS MiB (full)': Math.round(Math.max(...full.map((x) => x.rssMiB))),
    'peak RSS MiB (parse)': Math.round(Math.max(...parse.map((x) => x.rssMiB))),
  };
  console.log(JSON.stringify(row));
  return row;
}

/** who-can on one bucket of a corpus: the scan behind it (no rules) and the query, medians of the runs. */
function whoCanBench(name) {
  const dir = path.join(work, name);
  const resource = 'accounts/audit-1:module.bucket_0.aws_s3_bucket.this';
  const runsOut = [];
  for (let i = 0; i < runs; i++) runsOut.push({ ...JSON.parse(measure(['who-can', dir, resource]).stdout.trim().split('\n').pop()) });
  const row = { corpus: name, resource, 'who-can scan ms (median)': Math.round(median(runsOut.map((r) => r.scanMs))), 'who-can query ms (median)': Math.round(median(runsOut.map((r) => r.queryMs))), entries: runsOut[0].entries };
  console.log(JSON.stringify(row));
  return row;
}

/** This build's full scan against a baseline build's, interleaved run by run, medians compared. */
function compareBaseline(name) {
  const dir = path.join(work, name);
  const baseChild = path.join(path.resolve(baseline), 'scripts', 'bench-child.cjs');
  if (!fs.existsSync(baseChild)) throw new Error(`--baseline ${baseline}: no scripts/bench-child.cjs there (build that checkout first)`);
  const out = path.join(work, `${name}.cmp.sarif`);
  const base = [];
  const head = [];
  measure(['scan', dir, '-f', 'sarif', '-o', out], baseChild);
  for (let i = 0; i < runs; i++) {
    base.push(measure(['scan', dir, '-f', 'sarif', '-o', out], baseChild).ms);
    head.push(measure(['scan', dir, '-f', 'sarif', '-o', out]).ms);
  }
  const b = median(base);
  const h = median(head);
  const row = { corpus: name, 'baseline ms (median)': Math.round(b), 'this build ms (median)': Math.round(h), 'added (median)': `${(((h - b) / b) * 100).toFixed(1)}%`, 'added (paired median)': `${((median(head.map((x, i) => x / base[i])) - 1) * 100).toFixed(1)}%`, runs, baselineRuns: base.map(Math.round), thisRuns: head.map(Math.round) };
  console.log(JSON.stringify(row));
  return row;
}

const rows = [];
if (only !== 'large') rows.push(bench('accounts-20', ['--accounts', '20']));
if (only !== 'small') rows.push(bench('accounts-200', ['--accounts', '200', '--roles', '40', '--buckets', '20']));
if (only !== 'small') console.table([whoCanBench('accounts-200')]);
if (only !== 'small' && baseline) console.table([compareBaseline('accounts-200')]);
console.table(rows);
if (rows.length === 2) {
  const [s, l] = rows;
  console.log(`scaling 200/20 accounts: full ${(l['full ms (median)'] / s['full ms (median)']).toFixed(2)}x, parse ${(l['parse ms (median)'] / s['parse ms (median)']).toFixed(2)}x (target: at most 12x)`);
  console.log(`200 accounts: full/parse ${l['full/parse']} (paired runs: ${l['full/parse (paired)']}; target: at most 2.0), peak RSS ${l['peak RSS MiB (full)']} MiB (target: under 1024)`);
}
