/**
 * The admin dashboard at 1440×900 with the demo history, from a canteen already running with
 * demo data (npm start):  BASE=http://127.0.0.1:8080 npx tsx scripts/analytics-screenshot.ts
 * Writes docs/screenshots/admin-dashboard.png and admin-live.png.
 */
import path from 'node:path';
import { launchChromium } from '../e2e/pwa/helpers.ts';

const base = process.env.BASE ?? 'http://127.0.0.1:8080';
const out = path.resolve(import.meta.dirname, '../docs/screenshots');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill('admin@canteen.local');
  await page.getByLabel('Password').fill('canteen-admin');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('heading', { name: 'Top dishes' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, 'admin-dashboard.png') });
  await page.getByRole('link', { name: 'Live' }).click();
  await page.getByRole('heading', { name: 'Load per station' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(out, 'admin-live.png') });
} finally {
  await browser.close();
}
