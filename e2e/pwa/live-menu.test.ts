import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, PHONE, startCanteen, type Canteen } from './helpers.ts';
import { ordersOf, signUp } from './student-steps.ts';

/**
 * Issue 12, "a sold-out dish disappears from every open menu within a second": the admin
 * changes a dish through the API while a student's menu is open in Debian's Chromium, against
 * the canteen as `npm start` runs it; the page is never reloaded.
 */
const STUDENT = { email: 'student@canteen.local', password: 'canteen-student' };
const ADMIN = { email: 'admin@canteen.local', password: 'canteen-admin' };
const SECOND = 1000;

interface Dish {
  id: string;
  name: string;
  price: number;
  available: boolean;
}

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

describe.skipIf(!chromiumAvailable('the live menu in Chromium'))('the student menu kept live over /ws', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let adminToken: string;

  beforeAll(async () => {
    [canteen, browser] = await Promise.all([startCanteen(), launchChromium()]);
    ({ token: adminToken } = await api<{ token: string }>(`${canteen.url}/api/auth/login`, { method: 'POST', body: JSON.stringify(ADMIN) }));
  }, 240 * SECOND);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
  });

  const asAdmin = (id: string, body: Partial<Dish>) =>
    api(`${canteen.url}/api/menu/items/${id}`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}` }, body: JSON.stringify(body) });

  /** A phone with the menu open, recording what its /ws receives. */
  async function menuOpen(): Promise<{ page: Page; frames: string[] }> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    const page = await context.newPage();
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(String(payload))));
    await page.goto(`${canteen.url}/`);
    return { page, frames };
  }
  const welcomed = (frames: string[]) => expect.poll(() => frames.some((frame) => frame.includes('"welcome"')), { timeout: 15 * SECOND }).toBe(true);

  /** Signed in with the dish in the cart, the menu open, and the app's /ws past its welcome. */
  async function studentWithDosaInCart(): Promise<{ page: Page; frames: string[] }> {
    const { page, frames } = await menuOpen();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(STUDENT.email);
    await page.getByLabel('Password').fill(STUDENT.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /^Sign out/ }).waitFor();
    await page.getByRole('button', { name: 'Add Masala Dosa' }).click();
    const sheet = page.getByRole('dialog', { name: 'Masala Dosa' });
    await sheet.getByRole('button', { name: /^Add to cart/ }).click();
    await sheet.waitFor({ state: 'detached' });
    // Changes made from here on can only reach the page as menu_update (no refetch is due).
    await welcomed(frames);
    return { page, frames };
  }

  it('when the admin marks a dish unavailable and changes a price, then the open menu shows it sold out (not orderable) and the new price within a second, and the cart flags the line', async () => {
    const menu = await api<Dish[]>(`${canteen.url}/api/menu/items`);
    const dosa = menu.find((dish) => dish.name === 'Masala Dosa')!;
    const other = menu.find((dish) => dish.available && dish.id !== dosa.id)!;
    const { page, frames } = await studentWithDosaInCart();
    const dosaRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Masala Dosa', exact: true }) });
    const otherRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: other.name, exact: true }) });
    await expect.poll(() => dosaRow.getByRole('button', { name: 'Add Masala Dosa' }).count()).toBe(1);

    await asAdmin(dosa.id, { available: false });
    await expect.poll(() => dosaRow.getByText('Sold out', { exact: true }).count(), { timeout: SECOND }).toBe(1);
    expect(await dosaRow.getByRole('button', { name: 'Add Masala Dosa' }).count()).toBe(0);

    const newPrice = other.price + 7;
    await asAdmin(other.id, { price: newPrice });
    await expect.poll(() => otherRow.getByText(`₹${newPrice.toFixed(2)}`).count(), { timeout: SECOND }).toBe(1);
    // It came as the public message, not as a refetch.
    expect(frames.filter((frame) => frame.includes('"menu_update"')).map((frame) => JSON.parse(frame).data.item_id)).toEqual(
      expect.arrayContaining([dosa.id, other.id]),
    );

    await page.getByRole('link', { name: /View cart/ }).click();
    await expect.poll(() => page.getByText('Sold out — remove it to order').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Place order/ }).isDisabled()).toBe(true);
  });

  it('when nobody is signed in and the admin marks a dish unavailable, then the open menu shows it sold out within a second, through the public stream', async () => {
    const menu = await api<Dish[]>(`${canteen.url}/api/menu/items`);
    const upma = menu.find((dish) => dish.name === 'Rava Upma')!;
    const { page, frames } = await menuOpen();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Rava Upma', exact: true }) });
    await row.getByRole('button', { name: 'Add Rava Upma' }).waitFor();
    await welcomed(frames);

    await asAdmin(upma.id, { available: false });

    await expect.poll(() => row.getByText('Sold out', { exact: true }).count(), { timeout: SECOND }).toBe(1);
    expect(await row.getByRole('button', { name: 'Add Rava Upma' }).count()).toBe(0);
    expect(frames.some((frame) => frame.includes('"menu_update"') && JSON.parse(frame).data.item_id === upma.id)).toBe(true);
    // The anonymous stream carries no one's orders: only board-sized frames besides the menu.
    expect(frames.filter((frame) => frame.includes('user_id'))).toEqual([]);
  });

  it('when an order waited offline and its dish got dearer meanwhile, then the student sees the new total, sends it at that total, and it becomes one order', async () => {
    const menu = await api<Dish[]>(`${canteen.url}/api/menu/items`);
    const samosa = menu.find((dish) => dish.name.startsWith('Samosa'))!;
    const { page } = await menuOpen();
    const context = page.context();
    await signUp(page, 'Price Watcher');
    await page.getByRole('button', { name: 'Add Samosa' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Cash at the counter/ }).check();
    await context.setOffline(true);
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.getByText('Queued — it will be sent when you are back online.').waitFor();

    const dearer = samosa.price + 5;
    await asAdmin(samosa.id, { price: dearer });
    await context.setOffline(false);

    const held = page.getByRole('alert');
    await held.getByText(`New total ₹${dearer.toFixed(2)}`).waitFor({ timeout: 20 * SECOND });
    await held.getByText(`(was ₹${samosa.price.toFixed(2)})`).waitFor();
    expect(await ordersOf(page)).toHaveLength(0);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await held.getByRole('button', { name: `Send it for ₹${dearer.toFixed(2)}` }).click();

    await page.waitForURL(/\/orders\/\d+$/, { timeout: 20 * SECOND });
    const orders = await ordersOf(page);
    expect(orders.map((order) => order.total_amount)).toEqual([dearer]);
  });
});
