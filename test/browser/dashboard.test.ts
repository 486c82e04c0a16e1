import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRuntime, type Runtime } from '../../src/compose';
import { addOfficers, PASSWORDS } from '../helpers/dashboard';
import { realContent, ROOT, silentLogger, testConfig } from '../helpers/env';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  process.stdout.write(`\nbrowser test SKIPPED: ${CHROMIUM} is not installed (run .ci/setup-browser, which installs Debian's chromium)\n`);
}
const maybe = haveChromium ? describe : describe.skip;

maybe('the dashboard in Debian Chromium', () => {
  let rt: Runtime;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    rt = await buildRuntime(testConfig(), silentLogger(), { content: realContent() });
    await addOfficers(rt);
    const events = Array.from({ length: 40 }, (_, i) => ({
      kind: 'knowledge' as const,
      person: rt.pseudonyms.pseudonym('browser-test', `p${i}`),
      topic: ['ge-family', 'dv-basics', 'dv-help', 'trafficking'][i % 4]!,
      channel: i % 3 ? 'zalo' : 'messenger',
      day: `2026-${String(10 + (i % 3)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      ...(i % 2 ? { residentialGroup: 'tdp-01', gender: 'female' as const } : {}),
    }));
    await rt.stores.reach.record(events);
    server = await new Promise<Server>((resolve) => {
      const s = rt.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await rt?.close();
  });

  async function journey(page: Page, name: string): Promise<void> {
    await page.goto(`${base}/dashboard`);
    expect(page.url()).toContain('/dashboard/login');
    await page.fill('#username', 'viewer');
    await page.fill('#password', PASSWORDS.viewer);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('button[type=submit]')]);

    // The reach rate, big, and the chart drawn by the locally served Chart.js.
    await expect(page.locator('[data-figure="reach-rate"]').textContent()).resolves.toMatch(/%$/);
    // Run in the page (a string, so this Node-side file needs no DOM types).
    await page.waitForFunction(`(() => { const c = document.querySelector('canvas[data-chart]'); return !!c && !!window.Chart && !!window.Chart.getChart(c); })()`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-overview-vi.png`), fullPage: true });

    // Switch to English.
    await Promise.all([page.waitForLoadState('load'), page.click('a[data-lang="en"]')]);
    await expect(page.locator('#reach-rate-title').textContent()).resolves.toMatch(/^Reach rate 20\d\d$/);

    // Download a CSV of a table.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#reach-by-topic a[download]')]);
    const file = path.join(ARTIFACTS, `${name}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toBe('Topic,People,Deliveries');
    expect(csv.length).toBeGreaterThan(2);

    // Open the quarterly report.
    await Promise.all([page.waitForLoadState('load'), page.click('nav a[href="/dashboard/report"]')]);
    await expect(page.locator('#definitions').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-report-en.png`), fullPage: true });
  }

  it('an officer logs in, sees the reach rate and the chart, switches to English, downloads a CSV, opens the quarterly report', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await journey(await ctx.newPage(), 'desktop');
    await ctx.close();
  }, 60_000);

  it('the same on a phone-sized screen', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
    const page = await ctx.newPage();
    await journey(page, 'phone');
    // Nothing wider than the screen: no sideways scrolling on a phone.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await ctx.close();
  }, 60_000);
});
