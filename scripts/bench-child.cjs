// One measured process for the benchmark: `parse DIR` reads and parses every Terraform file
// with the HCL reader and nothing else; `scan ARGS...` runs the CLI. At exit it writes its peak
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
} else {
  const { run } = require(path.join(lib, 'cli', 'main.js'));
  run([mode, ...args], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code === 1 ? 0 : code;
  });
}
