/**
 * Screenshots of the student app's main screens at 360×800, taken from the real canteen (the
 * launcher as `npm start` runs it, the built app) in Debian's Chromium, into docs/screenshots/.
 *
 *   node_modules/.bin/tsx scripts/pwa-screenshots.ts        (or CANTEEN_URL=http://127.0.0.1:8080 …)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startCanteen } from '../e2e/pwa/helpers.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const VIEW = { viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'en-IN', colorScheme: 'light' as const };

// CANTEEN_URL: a canteen already running (as `npm start` runs it) instead of starting one.
const canteen = process.env.CANTEEN_URL ? { url: process.env.CANTEEN_URL.replace(/\/$/, ''), stop: async () => undefined } : await startCanteen();
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(400); // images decode, the sheet settles
  await page.screenshot({ path: path.join(OUT, `pwa-${name}.png`) });
  process.stdout.write(`docs/screenshots/pwa-${name}.png\n`);
};

async function api<T>(pathname: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${canteen.url}${pathname}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

try {
  const context = await browser.newContext(VIEW);
  const page = await context.newPage();
  await page.goto(`${canteen.url}/`);
  await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
  await page.waitForFunction(() => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null);
  await page.reload();
  await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
  await shot(page, '1-menu');

  // The allergen filter open, hiding dairy (remembered on the phone, so it is cleared again after).
  await page.getByText('Allergens', { exact: true }).click();
  await page.getByRole('button', { name: 'Dairy' }).click();
  await page.getByText(/· hiding dairy/).waitFor();
  await shot(page, '16-menu-allergens');
  await page.getByRole('button', { name: 'Dairy', pressed: true }).click();
  await page.getByText('Allergens', { exact: true }).click();

  await page.getByRole('link', { name: 'Sign in' }).click();
  await shot(page, '2-sign-in');
  await page.getByLabel('Email').fill('student@canteen.local');
  await page.getByLabel('Password').fill('canteen-student');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: /^Sign out/ }).waitFor();

  // Notification settings (this Chromium has no push service: the switch shows its "off" state).
  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('heading', { name: 'Profile' }).waitFor();
  await shot(page, '14-profile');
  await page.getByRole('link', { name: /Notification settings/ }).click();
  await page.getByText(/^Off — /).waitFor();
  // Chromium offers installation only to a page it has watched for a while: the offer is
  // dispatched here as Chromium would make it, so the settings show their "Install app" button.
  await page.evaluate(`(() => {
    const offer = new Event('beforeinstallprompt', { cancelable: true });
    offer.prompt = async () => undefined;
    offer.userChoice = Promise.resolve({ outcome: 'dismissed' });
    dispatchEvent(offer);
  })()`);
  await page.getByRole('button', { name: 'Install app' }).waitFor();
  await shot(page, '12-settings');
  await page.getByRole('link', { name: 'Canteen' }).click();
  await page.getByRole('heading', { name: 'Breakfast' }).waitFor();

  await page.getByRole('button', { name: 'Add Masala Chai' }).click();
  const sheet = page.getByRole('dialog');
  await sheet.getByRole('radio', { name: /Large/ }).check();
  await sheet.getByRole('radio', { name: 'Less sugar' }).check();
  await shot(page, '3-item-sheet');
  await sheet.getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('button', { name: 'Add Masala Dosa' }).click();
  await page.getByRole('dialog').getByRole('checkbox', { name: /Butter roast/ }).check();
  await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('link', { name: /View cart/ }).waitFor();
  await page.getByRole('searchbox', { name: 'Search the menu' }).fill('dosa');
  await shot(page, '4-menu-search-with-cart');

  await page.getByRole('link', { name: /View cart/ }).click();
  await page.getByLabel('UPI ID').fill('student@okbank');
  await shot(page, '5-cart-checkout');
  await page.getByRole('button', { name: /^Place order/ }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  await page.getByLabel(/^Queue number/).waitFor();
  await page.locator('.eta').waitFor({ timeout: 10_000 }).catch(() => undefined);
  await shot(page, '6-order-tracking');

  // The kitchen moves it along: the same page turns "ready" live.
  const orderId = Number(new URL(page.url()).pathname.split('/').pop());
  const staff = await api<{ token: string }>('/api/auth/login', { method: 'POST', body: { email: 'staff@canteen.local', password: 'canteen-staff' } });
  for (const status of ['preparing', 'ready']) {
    await api(`/api/orders/${orderId}/status`, { method: 'PUT', token: staff.token, body: { status } });
  }
  await page.getByText('Ready — collect it at the counter').waitFor();
  await page.waitForTimeout(700);
  await shot(page, '7-order-ready');
  await page.getByRole('link', { name: 'View receipt' }).click();
  await page.getByRole('heading', { name: 'Canteen receipt' }).waitFor();
  await shot(page, '15-receipt');

  // A declined card: the reason, and two ways on.
  await page.goto(`${canteen.url}/`);
  await page.getByRole('button', { name: 'Add Veg Thali' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('link', { name: /View cart/ }).click();
  await page.getByRole('radio', { name: /Card/ }).check();
  await page.getByLabel('Card token').fill('tok_card_declined');
  await page.getByRole('button', { name: /^Place order/ }).click();
  await page.getByText('Your card was declined by the bank.').waitFor({ timeout: 15_000 });
  await shot(page, '8-payment-declined');

  // Offline: the menu from the cache, and an order that waits on the phone.
  await page.goto(`${canteen.url}/`);
  await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByText('You’re offline').first().waitFor();
  await shot(page, '9-offline-menu');
  await page.getByRole('button', { name: 'Add Samosa' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('link', { name: /View cart/ }).click();
  await page.getByRole('radio', { name: /Cash at the counter/ }).check();
  await page.getByRole('button', { name: /^Place order/ }).click();
  await page.getByText('Queued — it will be sent when you are back online.').waitFor();
  await shot(page, '10-queued-offline');
  // The samosa got dearer while the order waited: back online, the student is asked first.
  const admin = await api<{ token: string }>('/api/auth/login', { method: 'POST', body: { email: 'admin@canteen.local', password: 'canteen-admin' } });
  const samosa = (await api<{ id: string; name: string; price: number }[]>('/api/menu/items')).find((dish) => dish.name.startsWith('Samosa'))!;
  await api(`/api/menu/items/${samosa.id}`, { method: 'PUT', token: admin.token, body: { price: samosa.price + 5 } });
  await context.setOffline(false);
  await page.getByText(/^New total/).waitFor({ timeout: 20_000 });
  await shot(page, '13-queued-menu-changed');
  await page.getByRole('button', { name: /^Send it for/ }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  await api(`/api/menu/items/${samosa.id}`, { method: 'PUT', token: admin.token, body: { price: samosa.price } });

  // Narrowest phone the app supports.
  const narrow = await browser.newContext({ ...VIEW, viewport: { width: 320, height: 640 } });
  const small = await narrow.newPage();
  await small.goto(`${canteen.url}/`);
  await small.getByRole('heading', { name: 'Breakfast' }).waitFor();
  await small.getByRole('button', { name: 'Add Masala Dosa' }).click();
  await shot(small, '11-item-sheet-320px');
} finally {
  await browser.close();
  await canteen.stop();
}
