import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, PHONE, registrationIdOf, startCanteen, type Canteen } from './helpers.ts';
import { addMasalaDosaWithCheese, OUTBOX_SIZE, SECOND, signUp, STORED_SESSION } from './student-steps.ts';

// Background Sync, the allergen filter, the profile and the receipt, in Debian's Chromium
// against the real canteen as `npm start` runs it.

const workerInControl = () => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null;
type StoredSession = { accessToken: string; refreshToken: string; expiresAt: number; user: { id: number } };

/** Ages the stored access token (as if the phone slept past its 15 minutes): whoever replays next must refresh first. */
const EXPIRE_STORED_TOKEN = `new Promise((resolve, reject) => {
  const open = indexedDB.open('canteen-session');
  open.onsuccess = () => {
    const tx = open.result.transaction('session', 'readwrite');
    const store = tx.objectStore('session');
    const read = store.get('current');
    read.onsuccess = () => store.put({ ...read.result, expiresAt: Date.now() - 60000 }, 'current');
    tx.oncomplete = () => (open.result.close(), resolve(true));
    tx.onerror = () => reject(tx.error);
  };
})`;

const seriousOrCritical = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);

describe.skipIf(!chromiumAvailable('the student app extras in Chromium'))('the student app extras in Chromium', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const phone = async () => {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    return { context, page: await context.newPage() };
  };
  const api = (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
    fetch(`${canteen.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    [canteen, browser] = await Promise.all([startCanteen(), launchChromium()]);
  }, 240 * SECOND);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
  });

  it('when an order queued offline is left with the app closed and Background Sync fires, then the service worker refreshes the token first and sends it, once', async () => {
    const { context, page } = await phone();
    await page.goto(`${canteen.url}/`);
    await page.waitForFunction(workerInControl, undefined, { timeout: 20 * SECOND });
    await signUp(page, 'Closed App');
    await addMasalaDosaWithCheese(page);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Cash at the counter/ }).check();

    await context.setOffline(true);
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.waitForURL(/\/orders\/queued\//);
    await page.getByText('Queued — it will be sent when you are back online.').waitFor();
    const queuedUrl = page.url();
    const before = (await page.evaluate(STORED_SESSION)) as StoredSession;
    const myOrders = async () => (await (await api(`/api/orders/user/${before.user.id}`, { token: before.accessToken })).json()) as { id: number }[];
    expect(await myOrders()).toHaveLength(0);

    // The phone sleeps past the access token's life, and the student closes the app.
    await page.evaluate(EXPIRE_STORED_TOKEN);
    const devtools = await context.newPage();
    const cdp = await context.newCDPSession(devtools);
    const registrationId = await registrationIdOf(cdp, `${canteen.url}/`);
    await page.close();
    await context.setOffline(false);

    // The browser wakes the worker for the tag the page registered (as Chromium does when the network returns).
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: canteen.url, registrationId, tag: 'canteen-outbox', lastChance: false });

    await expect.poll(myOrders, { timeout: 20 * SECOND }).toHaveLength(1);
    // Opening the app again: the queued screen has become the order, the outbox is empty, the
    // session is the one the worker refreshed (and still signed in), and nothing is sent twice.
    const again = await context.newPage();
    await again.goto(queuedUrl);
    await again.waitForURL(/\/orders\/\d+$/, { timeout: 20 * SECOND });
    await again.getByText('Waiting for your cash payment at the counter').waitFor();
    expect(await again.evaluate(OUTBOX_SIZE)).toBe(0);
    const after = (await again.evaluate(STORED_SESSION)) as StoredSession;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now());
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: canteen.url, registrationId, tag: 'canteen-outbox', lastChance: false });
    await again.reload();
    await again.getByRole('button', { name: /^Sign out/ }).waitFor();
    expect(await myOrders()).toHaveLength(1);
  });

  it('when the student hides dishes with dairy, then those dishes leave the menu, and the choice is still there after a reload', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    const items = (await (await api('/api/menu/items')).json()) as { name: string; allergens: string[]; available: boolean }[];
    const allergensOf = (name: string) => items.find((item) => item.name === name)?.allergens;
    // Two breakfast dishes of the demo menu: Rava Upma has dairy, Kanda Poha has none.
    expect(allergensOf('Rava Upma')).toContain('dairy');
    expect(allergensOf('Kanda Poha')).not.toContain('dairy');
    const without = items.filter((item) => item.available && !item.allergens.includes('dairy'));
    const dairyDish = page.getByRole('button', { name: 'Add Rava Upma', exact: true });
    await dairyDish.waitFor();

    await page.getByText('Allergens', { exact: true }).click();
    await page.getByRole('group', { name: 'Hide dishes containing:' }).getByRole('button', { name: 'Dairy' }).click();

    await dairyDish.waitFor({ state: 'detached' });
    await page.getByText(/· hiding dairy/).waitFor();
    await page.getByRole('button', { name: 'Add Kanda Poha', exact: true }).waitFor();
    const shownAfterFilter = await page.getByRole('button', { name: /^Add / }).count();
    expect(shownAfterFilter).toBeGreaterThan(0);
    expect(shownAfterFilter).toBeLessThanOrEqual(without.length);
    expect(await seriousOrCritical(page)).toEqual([]);

    await page.reload();
    await page.getByRole('button', { name: 'Add Kanda Poha', exact: true }).waitFor();
    await page.getByText(/· hiding dairy/).waitFor();
    expect(await page.getByRole('button', { name: 'Dairy', pressed: true }).count()).toBe(1);
    expect(await dairyDish.count()).toBe(0);

    await page.getByRole('button', { name: 'Dairy', pressed: true }).click();
    await dairyDish.waitFor();
  });

  it('when a student opens the receipt from the order page, then it shows the payment and the dishes, and passes axe', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signUp(page, 'Receipt Reader');
    await addMasalaDosaWithCheese(page);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /UPI/ }).check();
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    const orderId = Number(new URL(page.url()).pathname.split('/').pop());

    await page.getByRole('link', { name: 'View receipt' }).click();

    await page.waitForURL(new RegExp(`/orders/${orderId}/receipt$`));
    await page.getByRole('heading', { name: 'Canteen receipt' }).waitFor({ timeout: 15 * SECOND });
    const facts = page.getByRole('region', { name: 'Payment' });
    await facts.getByText(`#${orderId}`, { exact: true }).waitFor();
    await facts.getByText('₹170.00').waitFor();
    await page.getByRole('region', { name: 'Items' }).getByText(/2 × Masala Dosa \(Cheese\)/).waitFor();
    expect(await page.getByRole('link', { name: 'Save a copy' }).getAttribute('download')).toBe(`canteen-receipt-order-${orderId}.html`);
    expect(await seriousOrCritical(page)).toEqual([]);

    await page.getByRole('link', { name: `Back to order #${orderId}` }).click();
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  });

  it('when a student signs out on every device from the profile, then this phone and another signed-in device are both signed out', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signUp(page, 'Two Devices');
    const here = (await page.evaluate(STORED_SESSION)) as StoredSession & { user: { email: string } };
    // The same account on another device.
    const other = (await (await api('/api/auth/login', { method: 'POST', body: { email: here.user.email, password: 'a quiet lunch 42' } })).json()) as { refreshToken: string };

    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Two Devices' }).waitFor();
    await page.getByText(here.user.email).waitFor();
    expect(await page.getByRole('link', { name: /Notification settings/ }).getAttribute('href')).toBe('/settings');
    expect(await seriousOrCritical(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out on every device' }).click();

    await page.getByRole('link', { name: 'Sign in' }).waitFor({ timeout: 10 * SECOND });
    expect(await page.evaluate(STORED_SESSION)).toBeNull();
    expect((await api('/api/auth/refresh', { method: 'POST', body: { refreshToken: other.refreshToken } })).status).toBe(401);
  });
});
