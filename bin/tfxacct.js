#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps the compiled code of the modules it loads in a cache on disk, so later runs do
// not compile them again (most of a small scan's time is start-up); older versions lack it
const nodeModule = require('node:module');
if (typeof nodeModule.enableCompileCache === 'function') {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // a cache that cannot be made only costs time
  }
}
const path = require('node:path');
const fs = require('node:fs');

// the command line bundled into one file by the build (scripts/build-cli.mjs): one file to read and
// compile instead of the hundreds of modules of lib/src, which the library entry keeps
const entry = path.join(__dirname, '..', 'lib', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('tfxacct: the package is not built; run "npm run build" in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
const cli = require(entry);
cli
  .run(process.argv.slice(2), cli.processIo())
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    // a bug, not a user mistake: the stack says where (exit 3 is check-access's "unknown")
    process.stderr.write('tfxacct: internal error: ' + (e && e.stack ? e.stack : String(e)) + '\n');
    process.exitCode = 2;
  });
