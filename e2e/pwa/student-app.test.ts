import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, PHONE, startCanteen, type Canteen } from './helpers.ts';
import { addMasalaDosaWithCheese, ordersOf, OUTBOX_SIZE, SECOND, signIn, signUp, STAFF, STUDENT } from './student-steps.ts';

// The student app in Debian's Chromium against the real canteen (the launcher `npm start`
// runs, serving the built app at `/`), driven by roles and labels as a screen reader would.

/**
 * Predicates for waitForFunction go as functions (a string is eval'd in the page, which the
 * app's CSP forbids); the few browser globals they touch are typed here.
 */
interface Img {
  complete: boolean;
  naturalWidth: number;
}
type BrowserGlobals = {
  document: { querySelectorAll(selector: string): ArrayLike<Img> };
  navigator: { serviceWorker: { controller: unknown } };
  caches: { match(url: string): Promise<unknown> };
};
const picturesShown = () => Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('li img')).slice(0, 2).every((img) => img.complete && img.naturalWidth > 0);
const workerInControl = () => (globalThis as unknown as BrowserGlobals).navigator.serviceWorker.controller !== null;
const menuCached = async () => Boolean(await (globalThis as unknown as BrowserGlobals).caches.match('/api/menu/items'));

/** beforeinstallprompt as Chromium fires it; its prompt() leaves a mark for the test. */
const INSTALL_OFFER = `(() => {
  const offer = new Event('beforeinstallprompt', { cancelable: true });
  offer.prompt = async () => { window.installPrompted = true; };
  offer.userChoice = Promise.resolve({ outcome: 'dismissed' });
  dispatchEvent(offer);
})()`;

const controlled = (page: Page) => page.waitForFunction(workerInControl, undefined, { timeout: 20 * SECOND });

// Generous per-test time: the machine running CI has two cores shared with the canteen itself.
describe.skipIf(!chromiumAvailable('the student app in Chromium'))('the student app in Chromium', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const phone = async () => {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    return { context, page: await context.newPage() };
  };

  beforeAll(async () => {
    [canteen, browser] = await Promise.all([startCanteen(), launchChromium()]);
  }, 240 * SECOND);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
  });

  it('when a student signs in, adds a dish with options and pays by UPI, then the order page shows the queue number', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signIn(page, STUDENT.email, STUDENT.password);
    await addMasalaDosaWithCheese(page);

    await page.getByRole('link', { name: /View cart · 2 items/ }).click();
    await expect.poll(() => page.getByText('Cheese', { exact: true }).count()).toBe(1);
    await page.getByRole('radio', { name: /UPI/ }).check();
    await page.getByRole('button', { name: /^Place order · ₹170\.00$/ }).click();

    await page.waitForURL(/\/orders\/\d+$/);
    const number = page.getByLabel(/^Queue number \d+$/);
    await number.waitFor({ timeout: 15 * SECOND });
    expect(Number(await number.textContent())).toBeGreaterThan(0);
    await page.getByText(/ahead of you|You’re next|Being prepared/).first().waitFor();
    const orders = await ordersOf(page);
    expect(orders.filter((order) => order.total_amount === 170)).toHaveLength(1);
  });

  it('when staff move an order to preparing and then ready through the API, then the open tracking page shows each status without a reload, within a second', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signIn(page, STUDENT.email, STUDENT.password);
    await addMasalaDosaWithCheese(page);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /UPI/ }).check();
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    await page.getByLabel(/^Queue number \d+$/).waitFor({ timeout: 15 * SECOND });
    await page.getByText('● Live — this page updates by itself').waitFor({ timeout: 15 * SECOND });
    const orderId = Number(new URL(page.url()).pathname.split('/').pop());
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    const login = await fetch(`${canteen.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    const { token } = (await login.json()) as { token: string };
    const status = page.locator('.ticket-status');
    for (const [next, shown] of [['preparing', 'Being prepared'], ['ready', 'Ready — collect it at the counter']] as const) {
      // The poll starts with the call, so its timeout is counted from the staff's action.
      const moved = fetch(`${canteen.url}/api/orders/${orderId}/status`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ status: next }) });
      await expect.poll(() => status.textContent(), { timeout: 1500, interval: 50 }).toBe(shown);
      expect((await moved).status).toBe(200);
    }
    expect(navigations).toBe(0);
  });

  it('when each main screen is checked with axe, then none has a serious or critical violation, and nothing logs an error', async () => {
    const { page } = await phone();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (err) => errors.push(String(err)));
    const found: string[] = [];
    const check = async (screen: string) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        found.push(`${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    };

    await page.goto(`${canteen.url}/`);
    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    await check('menu');
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').waitFor();
    await check('sign in');
    await page.getByLabel('Email').fill(STUDENT.email);
    await page.getByLabel('Password').fill(STUDENT.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Add Masala Chai' }).click();
    await page.getByRole('dialog', { name: 'Masala Chai' }).waitFor();
    await check('item sheet');
    await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Cash at the counter/ }).check();
    await check('cart');
    await page.getByRole('button', { name: /^Place order/ }).click();
    await page.getByText('Waiting for your cash payment at the counter').waitFor();
    await check('order');
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('link', { name: /Order #\d+/ }).first().waitFor();
    await check('orders');

    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    // axe takes seconds per screen on a busy two-core machine.
  }, 180 * SECOND);

  it('when a card is declined, then the order page says why, paying cash instead places a new order, and that one can be cancelled', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signIn(page, STUDENT.email, STUDENT.password);
    await page.getByRole('button', { name: 'Add Veg Thali' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Card/ }).check();
    await page.getByLabel('Card token').fill('tok_card_declined');
    await page.getByRole('button', { name: /^Place order/ }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('Your card was declined by the bank.').waitFor({ timeout: 15 * SECOND });
    const declinedUrl = page.url();
    await alert.getByRole('button', { name: 'Pay cash at the counter' }).click();

    await page.waitForURL((url) => /\/orders\/\d+$/.test(url.pathname) && url.href !== declinedUrl);
    await page.getByText('Waiting for your cash payment at the counter').waitFor();

    // Changed their mind while it is still unpaid: the page says so at once.
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.getByText('Cancelled: Cancelled in the app').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel this order' }).count()).toBe(0);

    // The payments service then cancels the unpaid payment too: still the student's own cancel,
    // not a decline (it once turned into "The payment did not go through", depending on timing).
    const orderId = Number(new URL(page.url()).pathname.split('/').pop());
    const login = await fetch(`${canteen.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    const { token } = (await login.json()) as { token: string };
    const paymentStatus = async () =>
      ((await (await fetch(`${canteen.url}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { payment_status: string }).payment_status;
    await expect.poll(paymentStatus, { timeout: 15 * SECOND }).toBe('cancelled');
    await page.reload();
    await page.getByText('Cancelled: Cancelled in the app').waitFor();
  });

  it('when the browser offers to install the app, then settings show a quiet Install app button that prompts once, and the screen passes axe', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await signIn(page, STUDENT.email, STUDENT.password);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('link', { name: /Notification settings/ }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByRole('button', { name: 'Install app' }).count()).toBe(0);
    // Made by hand as Chromium makes it: headless Chromium watches a page a while before it offers.
    await page.evaluate(INSTALL_OFFER);
    await page.getByRole('button', { name: 'Install app' }).waitFor();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    await page.getByRole('button', { name: 'Install app' }).click();

    await expect.poll(() => page.evaluate('window.installPrompted')).toBe(true);
    expect(await page.getByRole('button', { name: 'Install app' }).count()).toBe(0);
  });

  it('when the menu opens and the student jumps straight to the last category, then its heading is on screen with its dishes', async () => {
    const { page } = await phone();
    await page.goto(`${canteen.url}/`);
    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    // At once: the later sections may still be waiting for an idle moment to render.
    await page.getByRole('navigation', { name: 'Menu categories' }).getByRole('link', { name: 'Desserts' }).click();

    const heading = page.getByRole('heading', { name: 'Desserts', level: 2 });
    await expect.poll(async () => {
      const box = await heading.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= PHONE.viewport.height;
    }).toBe(true);
    await page.getByRole('region', { name: 'Desserts' }).getByRole('button', { name: /^Add / }).first().waitFor();
  });

  it('when the service worker has taken control, then a reload with no network still shows the menu with its pictures', async () => {
    const { context, page } = await phone();
    await page.goto(`${canteen.url}/`);
    await controlled(page);
    // Through the worker once, so the menu and the first pictures are in its runtime caches.
    await page.reload();
    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    await page.waitForFunction(picturesShown);

    await context.setOffline(true);
    await page.reload();

    await page.getByRole('heading', { name: 'Breakfast' }).waitFor();
    await page.getByRole('button', { name: 'Add Masala Dosa' }).waitFor();
    await page.getByText('You’re offline').first().waitFor();
    await page.waitForFunction(picturesShown);
  });

  it('when an order is placed offline, then it waits as queued and becomes exactly one order once the network is back', async () => {
    const { context, page } = await phone();
    await page.goto(`${canteen.url}/`);
    await controlled(page);
    await signUp(page, 'Offline Orderer');
    await addMasalaDosaWithCheese(page);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Cash at the counter/ }).check();

    await context.setOffline(true);
    await page.getByRole('button', { name: /^Place order/ }).click();

    await page.waitForURL(/\/orders\/queued\//);
    await page.getByText('Queued — it will be sent when you are back online.').waitFor();
    expect(page.url()).toContain('/orders/queued/');

    await context.setOffline(false);
    await page.waitForURL(/\/orders\/\d+$/, { timeout: 20 * SECOND });
    await page.getByText('Waiting for your cash payment at the counter').waitFor();
    // A second replay (app start) must not send it again.
    await page.reload();
    await page.getByRole('heading', { name: /^Order #\d+$/ }).waitFor();
    expect(await ordersOf(page)).toHaveLength(1);
    expect(await page.evaluate(OUTBOX_SIZE)).toBe(0);
  });

  it('when three orders are placed offline and two tabs are open as the network returns, then they become exactly three orders', async () => {
    const { context, page } = await phone();
    await page.goto(`${canteen.url}/`);
    await controlled(page);
    await signUp(page, 'Two Tabs');
    // No reload since the first visit: the worker itself put the menu in its cache.
    await page.waitForFunction(menuCached);
    await context.setOffline(true);
    for (let i = 0; i < 3; i += 1) {
      await page.goto(`${canteen.url}/`);
      await page.getByRole('button', { name: 'Add Samosa' }).click();
      await page.getByRole('dialog').getByRole('button', { name: /^Add to cart/ }).click();
      await page.getByRole('link', { name: /View cart/ }).click();
      await page.getByRole('radio', { name: /Cash at the counter/ }).check();
      await page.getByRole('button', { name: /^Place order/ }).click();
      await page.getByText('Queued — it will be sent when you are back online.').waitFor();
    }
    const second = await context.newPage();
    await second.goto(`${canteen.url}/orders`);
    await second.getByRole('list', { name: 'Waiting on this phone' }).getByRole('link').nth(2).waitFor();

    await context.setOffline(false);

    await expect.poll(() => page.evaluate(OUTBOX_SIZE), { timeout: 30 * SECOND }).toBe(0);
    const orders = await ordersOf(page);
    expect(orders).toHaveLength(3);
    expect(new Set(orders.map((order) => order.id)).size).toBe(3);
  });

  it('when the reply to an order is cut after the server committed it, then the order waits on the phone and sending it again gives that same order, not a second', async () => {
    // The outbox and the server's Idempotency-Key are under test, not the worker: without it,
    // every request of the page goes through page.route.
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${canteen.url}/`);
    await signUp(page, 'Cut Reply');
    await addMasalaDosaWithCheese(page);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('radio', { name: /Cash at the counter/ }).check();
    const keys: string[] = [];
    await page.route(/\/api\/orders\/?$/, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      // The request reaches the server and is committed; the phone never hears back.
      await route.fetch();
      await route.abort('connectionreset');
    });

    await page.getByRole('button', { name: /^Place order/ }).click();

    await page.waitForURL(/\/orders\/queued\//);
    await page.getByText(/Sending it now/).waitFor();
    expect(await ordersOf(page)).toHaveLength(1);
    await page.getByRole('button', { name: 'Try sending now' }).click();
    await page.waitForURL(/\/orders\/\d+$/, { timeout: 20 * SECOND });
    await page.getByText('Waiting for your cash payment at the counter').waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const orders = await ordersOf(page);
    expect(orders).toHaveLength(1);
    expect(page.url()).toMatch(new RegExp(`/orders/${orders[0]!.id}$`));
    expect(await page.evaluate(OUTBOX_SIZE)).toBe(0);
  });
});
