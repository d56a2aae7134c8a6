#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps the compiled code of the modules it loads in a cache on disk, so later runs do
// not compile them again (most of a small scan's time is start-up); older versions lack it
const nodeModule = require('node:module');
let compileCache = false;
if (typeof nodeModule.enableCompileCache === 'function') {
  try {
    nodeModule.enableCompileCache();
    compileCache = true;
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
const cli = loadCli();
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

/**
 * The bundle, with V8's cache of its compiled code when Node has no compile cache of its own: the
 * build runs a scan and keeps what it compiled (lib/cli.js.cache). V8 rejects a cache made by
 * another Node or V8, but neither checks its content nor tells two sources of one length apart, so
 * the file starts with the SHA-256 of the bundle it was made from and of the rest: a cache that
 * does not match both is not used, and the bundle is compiled from its source as without one.
 * TFXACCT_MAKE_CODE_CACHE=FILE (the build's) writes the cache of this run to FILE at exit.
 */
function loadCli() {
  const make = process.env.TFXACCT_MAKE_CODE_CACHE;
  const cacheFile = path.join(__dirname, '..', 'lib', 'cli.js.cache');
  if (!make && (compileCache || !fs.existsSync(cacheFile))) return require(entry);
  const crypto = require('node:crypto');
  const sha256 = (b) => crypto.createHash('sha256').update(b).digest();
  const source = fs.readFileSync(entry);
  const sourceHash = sha256(source);
  let cachedData;
  if (!make) {
    let file;
    try {
      file = fs.readFileSync(cacheFile);
    } catch {
      return require(entry);
    }
    const payload = file.subarray(64);
    if (file.length <= 64 || !file.subarray(0, 32).equals(sourceHash) || !file.subarray(32, 64).equals(sha256(payload))) return require(entry);
    cachedData = payload;
  }
  const vm = require('node:vm');
  const script = new vm.Script(nodeModule.wrap(source.toString('utf8')), { filename: entry, cachedData });
  const m = new nodeModule(entry, module);
  m.filename = entry;
  require.cache[entry] = m;
  script.runInThisContext().call(m.exports, m.exports, nodeModule.createRequire(entry), m, entry, path.dirname(entry));
  m.loaded = true;
  if (make) {
    process.on('exit', () => {
      const payload = script.createCachedData();
      fs.writeFileSync(make, Buffer.concat([sourceHash, sha256(payload), payload]));
    });
  }
  return m.exports;
}
