/**
 * The html graph in a real browser (headless Chromium through playwright-core): it renders with
 * no console error, makes no network request, shows a node's policies and findings on click, and
 * treats names from the scanned code as text. Skipped, with the reason in its title, where
 * Chromium is not installed; CI installs it and sets TFXACCT_REQUIRE_CHROMIUM=1 so that it runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTrustMap } from '../src/graph/trust-map';
import { toGraphHtml } from '../src/report/graph-html';
import { showGraph, withWhoCan } from '../src/report/trust-graph';
import { whoCanOfNodes } from '../src/graph/who-can';
import { scan } from '../src/scan';
import { REPO, TESTDATA } from './support/fixtures';
import { tempTree } from './support/tmp';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
if (!present && process.env.TFXACCT_REQUIRE_CHROMIUM === '1') throw new Error(`Chromium is required (TFXACCT_REQUIRE_CHROMIUM=1) but not found at ${CHROMIUM}`);
const suite = present ? describe : describe.skip;
if (!present) process.stderr.write(`graph-html.test.ts skipped: no Chromium at ${CHROMIUM} (install the Debian package "chromium", or set CHROMIUM_PATH)\n`);
const title = present ? 'html graph in headless Chromium' : `html graph in headless Chromium (skipped: no Chromium at ${CHROMIUM}; install the Debian package "chromium" or set CHROMIUM_PATH)`;

async function htmlOf(dir: string, root: string): Promise<string> {
  const result = await scan({ paths: [dir], root, cwd: root });
  return toGraphHtml(showGraph(buildTrustMap(result.graph), result.findings));
}

interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
  url: string;
}

suite(title, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string): Promise<Opened> {
    const file = path.join(tempTree({ 'graph.html': html }), 'graph.html');
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { tfxacct?: { ready: boolean } }).tfxacct?.ready === true, undefined, { timeout: 20_000 });
    return { page, problems, requests, url };
  }

  it('renders the trust-graph scenario with no console error and no network request; a click shows the node', async () => {
    const html = await htmlOf(path.join(TESTDATA, 'projects', 'trust-graph'), REPO);
    const { page, problems, requests, url } = await open(html);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    const counts = await page.evaluate(() => {
      const t = (window as unknown as { tfxacct: { cy: { nodes(): { length: number }; edges(): { length: number } }; nodes: number; edges: number } }).tfxacct;
      return { rendered: t.cy.nodes().length, edges: t.cy.edges().length, nodes: t.nodes, edgesData: t.edges };
    });
    // every node, plus one box per account
    expect(counts.nodes).toBe(16);
    expect(counts.rendered).toBe(16 + 5);
    expect(counts.edges).toBe(counts.edgesData);
    // click where the bucket is drawn
    const at = await page.evaluate(() => {
      const cy = (window as unknown as { tfxacct: { cy: { nodes(sel: string): { renderedPosition(): { x: number; y: number } } } } }).tfxacct.cy;
      return cy.nodes('[kind = "bucket"]').renderedPosition();
    });
    const box = (await page.locator('#cy').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const panel = await page.locator('#details').innerText();
    expect(panel).toContain('bucket example-data-333333333333');
    expect(panel).toContain('TFXA101 error');
    expect(panel).toContain('[Deployer] Allow s3:GetObject, s3:DeleteObject to AWS arn:aws:iam::222222222222:role/deployer');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a click on a resource shows who can reach it, as who-can does', async () => {
    const result = await scan({ paths: [path.join(TESTDATA, 'projects', 'who-can')], root: REPO, cwd: REPO });
    const shown = showGraph(buildTrustMap(result.graph), result.findings);
    const { page, problems } = await open(toGraphHtml(withWhoCan(shown, whoCanOfNodes(result.graph, shown.nodes))));
    await page.evaluate(() => (window as unknown as { tfxacct: { select(id: string): void } }).tfxacct.select('testdata/projects/who-can/accounts/data:aws_s3_bucket.exports'));
    const panel = await page.locator('#details').innerText();
    expect(panel).toContain('WHO CAN REACH IT (3)');
    expect(panel).toContain('Other accounts');
    expect(panel).toContain('arn:aws:iam::999999999999:root s3:GetObject if sts:ExternalId StringEquals vendor-5d1e (aws_iam_role.gateway)');
    expect(panel).toContain('via aws_iam_role.gateway \u2192 aws_iam_role.exporter');
    expect(panel).toContain('trust aws_iam_role.gateway assume_role_policy/Statement[0] testdata/projects/who-can/accounts/prod/main.tf:11');
    await page.evaluate(() => (window as unknown as { tfxacct: { select(id: string): void } }).tfxacct.select('testdata/projects/who-can/accounts/data:aws_kms_key.analytics'));
    const key = await page.locator('#details').innerText();
    expect(key).toContain('Blocked by a key or guardrail');
    expect(key).toContain('blocked: content/Statement[0] of aws_organizations_policy.no_decrypt (SCP) denies kms:Decrypt');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('names from the scanned code stay text: no markup, no script, no request', async () => {
    const evil = '</script><script>window.pwned = 1</script><img src=http://198.51.100.1/x onerror=window.pwned=2>';
    const dir = tempTree({
      'main.tf': `provider "aws" {\n  allowed_account_ids = ["111111111111"]\n}\nresource "aws_iam_role" "evil" {\n  name = ${JSON.stringify(evil)}\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::222222222222:role/${'x'.repeat(10)}" } }] })\n}\n`,
    });
    const { page, problems, requests, url } = await open(await htmlOf(dir, dir));
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.evaluate(() => {
      const t = (window as unknown as { tfxacct: { select(id: string): void; cy: { nodes(sel: string): { id(): string } } } }).tfxacct;
      t.select(t.cy.nodes('[kind = "role"][external = "no"]').id());
    });
    expect(await page.locator('#details h2').innerText()).toBe(`role ${evil}`);
    expect(await page.locator('#details img').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  }, 60_000);
});
