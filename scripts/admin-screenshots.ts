/**
 * Screenshots of the admin panel at 1440×900, taken from the real canteen (the launcher as
 * `npm start` runs it, the built panel) in Debian's Chromium, into docs/screenshots/admin-*.png.
 * An order is placed and moved first, so the orders screen shows a real history.
 *
 *   node_modules/.bin/tsx scripts/admin-screenshots.ts
 *
 * With CANTEEN_URL set it uses a canteen already running there (seeded with the demo data)
 * instead, for a machine too busy to start one within the helper's three minutes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MenuItem, Order } from '../packages/contracts/src/index.ts';
import type { Page } from 'playwright-core';
import { adminPage, apiOf, LAPTOP, openPage, tokenOf } from '../e2e/admin/helpers.ts';
import { launchChromium, startCanteen } from '../e2e/pwa/helpers.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const canteen = process.env.CANTEEN_URL ? { url: process.env.CANTEEN_URL, stop: async () => undefined } : await startCanteen();
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600); // pictures decode, lists settle
  await page.screenshot({ path: path.join(OUT, `admin-${name}.png`) });
  process.stdout.write(`docs/screenshots/admin-${name}.png\n`);
};

try {
  const api = apiOf(canteen.url);
  const student = await tokenOf(api, 'student@canteen.local', 'canteen-student');
  const staff = await tokenOf(api, 'staff@canteen.local', 'canteen-staff');
  const menu = (await api<MenuItem[]>('/api/menu/items?available=true')).body;
  const pick = (name: string) => menu.find((item) => item.name === name)!;
  const placed = await api<Order>('/api/orders/', {
    method: 'POST',
    token: student,
    body: { items: [{ menu_item_id: pick('Masala Dosa').id, quantity: 2 }, { menu_item_id: pick('Filter Coffee').id, quantity: 1 }], payment_method: 'upi' },
  });
  const id = placed.body.id;
  for (let i = 0; i < 50 && (await api<Order>(`/api/orders/${id}`, { token: student })).body.status !== 'confirmed'; i++) await new Promise((r) => setTimeout(r, 200));
  await api(`/api/orders/${id}/status`, { method: 'PUT', token: staff, body: { status: 'preparing' } });
  await api(`/api/orders/${id}/status`, { method: 'PUT', token: staff, body: { status: 'ready' } });

  const signIn = await (await browser.newContext(LAPTOP)).newPage();
  await signIn.goto(`${canteen.url}/admin/`);
  await signIn.getByLabel('Email').fill('staff@canteen.local');
  await signIn.getByLabel('Password').fill('canteen-staff');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByRole('alert').waitFor();
  await shot(signIn, '1-sign-in-refused');

  const page = await adminPage(browser, canteen.url);
  await openPage(page, 'Menu');
  await page.getByRole('button', { name: /^Breakfast/ }).click();
  await page.getByRole('button', { name: 'Edit Aloo Paratha' }).waitFor();
  await shot(page, '2-menu');
  await page.getByRole('button', { name: 'Edit Aloo Paratha' }).click();
  await page.getByRole('dialog', { name: 'Edit Aloo Paratha' }).waitFor();
  await shot(page, '3-dish-editor');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  // A dish with one-choice groups (radios) and an add-ons group (boxes): the last of them and their defaults.
  await page.getByRole('button', { name: /^Chinese/ }).click();
  await page.getByRole('button', { name: 'Edit Veg Hakka Noodles' }).click();
  const noodles = page.getByRole('dialog', { name: 'Edit Veg Hakka Noodles' });
  await noodles.getByRole('group', { name: 'Options (size, extras…)' }).evaluate((options) => options.scrollIntoView({ block: 'end' }));
  await shot(page, '3b-dish-options');
  await noodles.getByRole('button', { name: 'Close' }).click();

  await openPage(page, 'People');
  await page.getByRole('combobox', { name: 'Role of Demo Admin' }).waitFor();
  await shot(page, '4-people');
  await page.getByLabel('Search by name or email').fill('student@canteen.local');
  await page.getByRole('combobox', { name: /^Role of / }).first().selectOption('STAFF');
  await page.getByRole('dialog').waitFor();
  await shot(page, '4b-people-confirm');
  await page.keyboard.press('Escape');

  await openPage(page, 'Orders');
  await page.getByLabel('Number, order id or student').fill(String(id));
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('link', { name: new RegExp(`^Order ${id}\\b`) }).click();
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await page.getByRole('button', { name: 'Refund…' }).click();
  await shot(page, '5-orders');
} finally {
  await browser.close();
  await canteen.stop();
}
