// One measured process for the benchmark: `parse DIR` reads and parses every Terraform file
// with the HCL reader and nothing else; `who-can DIR RESOURCE` times the scan behind who-can and
// the query on one resource apart; `scan ARGS...` runs the CLI. At exit it writes its peak
// resident set size (KiB) to stderr as "maxrss=N".
'use strict';
const fs = require('node:fs');
const path = require('node:path');

process.on('exit', () => process.stderr.write(`\nmaxrss=${process.resourceUsage().maxRSS}\n`));
const lib = path.join(__dirname, '..', 'lib', 'src');
const [mode, ...args] = process.argv.slice(2);

if (mode === 'parse') {
  const { terraformParser } = require(path.join(lib, 'hcl', 'tree-sitter.js'));
  const { parseHcl } = require(path.join(lib, 'hcl', 'parse-hcl.js'));
  const { parseTfJson } = require(path.join(lib, 'hcl', 'parse-json.js'));
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.tf') || e.name.endsWith('.tf.json')) files.push(p);
    }
  };
  walk(args[0]);
  terraformParser().then((parser) => {
    let bytes = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      bytes += Buffer.byteLength(text);
      (f.endsWith('.json') ? parseTfJson : parseHcl)(parser, text, f);
    }
    process.stdout.write(JSON.stringify({ files: files.length, bytes }) + '\n');
  });
} else if (mode === 'who-can') {
  // who-can DIR RESOURCE: the scan behind it, then the query alone, each timed
  const { scan } = require(path.join(lib, 'scan.js'));
  const { whoCan } = require(path.join(lib, 'graph', 'who-can.js'));
  const { resourceAt } = require(path.join(lib, 'graph', 'targets.js'));
  const [dir, resource] = args;
  const t0 = process.hrtime.bigint();
  scan({ paths: [dir], root: dir, cwd: dir, withoutRules: true }).then((result) => {
    const t1 = process.hrtime.bigint();
    const target = resourceAt(result.graph, resource);
    if (!target) throw new Error(`no resource ${resource}`);
    const answer = whoCan(result.graph, target);
    const t2 = process.hrtime.bigint();
    process.stdout.write(JSON.stringify({ scanMs: Number(t1 - t0) / 1e6, queryMs: Number(t2 - t1) / 1e6, entries: answer.entries.length, blocked: answer.blocked.length }) + '\n');
  });
} else {
  const { run } = require(path.join(lib, 'cli', 'main.js'));
  run([mode, ...args], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code === 1 ? 0 : code;
  });
}
