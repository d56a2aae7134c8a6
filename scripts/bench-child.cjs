// One measured process for the benchmark. At exit it writes its peak resident set size (KiB) and
// its CPU time (user + system, µs) to stderr as "maxrss=N cpu=N".
//   bare DIR     tree-sitter's own parse of every Terraform file, one thread, nothing else: each
//                file read and given to web-tree-sitter's `parse`, the tree freed (the floor)
//   convert DIR  the HCL reader: parse and conversion to tfxacct's syntax tree, nothing else
//   scan ARGS... the CLI, as `tfxacct` runs it (the bundled lib/cli.js that bin/tfxacct.js loads)
// Preloaded (`node -r bench-child.cjs bin/tfxacct.js ...`) it only reports the figures.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nmaxrss=${u.maxRSS} cpu=${u.userCPUTime + u.systemCPUTime}\n`);
});
const lib = path.join(__dirname, '..', 'lib', 'src');
const [mode, ...args] = require.main === module ? process.argv.slice(2) : ['preloaded'];

function terraformFiles(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.tf') || e.name.endsWith('.tf.json')) files.push(p);
    }
  };
  walk(dir);
  return files;
}

if (mode === 'bare' || mode === 'convert') {
  const { terraformParser } = require(path.join(lib, 'hcl', 'tree-sitter.js'));
  const { parseHcl } = require(path.join(lib, 'hcl', 'parse-hcl.js'));
  const { parseTfJson } = require(path.join(lib, 'hcl', 'parse-json.js'));
  const files = terraformFiles(args[0]);
  terraformParser().then((parser) => {
    let bytes = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      bytes += Buffer.byteLength(text);
      if (mode === 'bare') {
        if (f.endsWith('.json')) JSON.parse(text);
        else parser.parse(text).delete();
      } else (f.endsWith('.json') ? parseTfJson : parseHcl)(parser, text, f);
    }
    process.stdout.write(JSON.stringify({ files: files.length, bytes }) + '\n');
  });
} else if (mode === 'scan') {
  const { run } = require(path.join(__dirname, '..', 'lib', 'cli.js'));
  run(args, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code === 1 ? 0 : code;
  });
} else if (mode !== 'preloaded') {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}
