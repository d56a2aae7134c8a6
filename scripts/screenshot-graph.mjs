// Takes the README's screenshot of the html trust graph: scans testdata/projects/trust-graph with
// the built CLI, opens the html in headless Chromium (playwright-core with the system browser),
// selects the data bucket and writes docs/trust-graph.png.
// Usage: npm run screenshot [-- --out FILE]   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(root, 'docs', 'trust-graph.png'));
const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(browserPath)) {
  console.error(`no Chromium at ${browserPath}: install the Debian package "chromium" or set CHROMIUM_PATH`);
  process.exit(2);
}

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tfxacct-shot-')), 'graph.html');
execFileSync(process.execPath, [path.join(root, 'bin', 'tfxacct.js'), 'graph', 'testdata/projects/trust-graph', '-f', 'html', '-o', html], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 760 }, deviceScaleFactor: 1 });
const problems = [];
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
page.on('pageerror', (e) => problems.push(e.message));
await page.goto(pathToFileURL(html).href);
await page.waitForFunction(() => window.tfxacct?.ready === true);
await page.evaluate(() => window.tfxacct.select(window.tfxacct.cy.nodes('[kind = "bucket"]').id()));
fs.mkdirSync(path.dirname(out), { recursive: true });
await page.screenshot({ path: out });
await browser.close();
if (problems.length > 0) {
  console.error(`the page reported problems:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`wrote ${path.relative(process.cwd(), out)}`);
