import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../order-loop/helpers.ts';
import { chromiumAvailable, launchChromium, PHONE, startCanteen, type Canteen } from './helpers.ts';
import { SECOND } from './student-steps.ts';

/**
 * A new version of the student app, offered through workbox-window: the canteen serves a copy
 * of the built app, the test deploys a change into that copy (a new index.html, and the service
 * worker's precache revision for it, as a build would write them), and the open app offers
 * "A new version is ready"; Reload hands over to the new worker and shows the new version.
 */
type Globals = { navigator: { serviceWorker: { controller: unknown } }; document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } };
const workerInControl = () => (globalThis as unknown as Globals).navigator.serviceWorker.controller !== null;
const VERSION = `document.querySelector('meta[name="canteen-build"]')?.getAttribute('content') ?? null`;
const CHECK_FOR_UPDATE = `navigator.serviceWorker.getRegistration().then((registration) => registration.update()).then(() => true)`;

describe.skipIf(!chromiumAvailable('the update prompt in Chromium'))('a new version of the student app', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dist: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/ensure-web-apps.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dist = mkdtempSync(path.join(tmpdir(), 'canteen-pwa-dist-'));
    cpSync(path.join(ROOT, 'pwa/dist'), dist, { recursive: true });
    [canteen, browser] = await Promise.all([startCanteen({ PWA_DIST_DIR: dist }), launchChromium()]);
    context = await browser.newContext(PHONE);
    page = await context.newPage();
  }, 240 * SECOND);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  /** What a new build changes: index.html (marked v2 here) and its revision in the worker's precache list. */
  function deployNewVersion(): void {
    const indexPath = path.join(dist, 'index.html');
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('<head>', '<head>\n    <meta name="canteen-build" content="v2">'));
    const swPath = path.join(dist, 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    const revised = sw.replace(/\{"revision":"[0-9a-f]+","url":"index\.html"\}/, '{"revision":"v2-of-the-test","url":"index.html"}');
    expect(revised).not.toBe(sw);
    writeFileSync(swPath, revised);
  }

  it('when a new version is deployed while the app is open, then a banner offers it, and Reload opens the new version under the new worker', async () => {
    await page.goto(`${canteen.url}/`);
    await page.waitForFunction(workerInControl, undefined, { timeout: 20 * SECOND });
    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    expect(await page.evaluate(VERSION)).toBeNull();
    expect(await page.getByText('A new version is ready').count()).toBe(0);

    deployNewVersion();
    // The browser checks on its own at the next navigation or within a day; the test asks now.
    await page.evaluate(CHECK_FOR_UPDATE);

    const banner = page.getByRole('status').filter({ hasText: 'A new version is ready' });
    await banner.waitFor({ timeout: 30 * SECOND });
    // Nothing changes under the student until they say so: still the old page, old worker.
    expect(await page.evaluate(VERSION)).toBeNull();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    await Promise.all([page.waitForEvent('load', { timeout: 30 * SECOND }), banner.getByRole('button', { name: 'Reload' }).click()]);

    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    await expect.poll(() => page.evaluate(VERSION), { timeout: 10 * SECOND }).toBe('v2');
    expect(await page.getByText('A new version is ready').count()).toBe(0);
    // The new worker serves the new shell offline too.
    await context.setOffline(true);
    await page.reload();
    expect(await page.evaluate(VERSION)).toBe('v2');
    await context.setOffline(false);
  });
});
