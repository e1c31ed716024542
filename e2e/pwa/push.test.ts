import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationFor, type OrderPushEvent } from '../../bff/src/push/notification.ts';
import { chromiumAvailable, launchChromium, PHONE, registrationIdOf, startCanteen, type Canteen } from './helpers.ts';
import { STORED_SESSION } from './student-steps.ts';

/**
 * Push in the student app, in Debian's Chromium against the real canteen: the service worker's
 * push handler fed through the DevTools protocol (no push service is reachable here, so
 * `pushManager.subscribe` cannot succeed — the settings UI must say so honestly), and the
 * notification settings checked with axe.
 */
const SECOND = 1000;

/** Browser code as text: the workspace is type-checked without the DOM library. */
const NOTIFICATIONS = `navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))`;
type Shown = { title: string; body: string; tag: string; data: { url?: string } | null };

const workerInControl = () => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null;

/** What the BFF sends when an order turns ready: built by the BFF's own function, not retyped here. */
function readyPush(orderId: number, queueNumber: number) {
  const event = { event_type: 'order_status_changed', order_id: orderId, user_id: 1, old_status: 'preparing', new_status: 'ready', total_amount: 90, queue_number: queueNumber, items: [] };
  const payload = notificationFor(event as unknown as OrderPushEvent);
  if (!payload) throw new Error('the BFF sends no push for a ready order');
  return payload;
}

describe.skipIf(!chromiumAvailable('push in the student app'))('push in the student app', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [canteen, browser] = await Promise.all([startCanteen(), launchChromium()]);
    context = await browser.newContext(PHONE);
    await context.grantPermissions(['notifications'], { origin: canteen.url });
    page = await context.newPage();
    await page.goto(`${canteen.url}/`);
    await page.waitForFunction(workerInControl, undefined, { timeout: 20 * SECOND });
  }, 240 * SECOND);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
  });

  it('when a ready push reaches the service worker, then a notification shows the queue number, one per order (tag), opening the order', async () => {
    const cdp = await context.newCDPSession(page);
    const registrationId = await registrationIdOf(cdp, `${canteen.url}/`);
    const deliver = (payload: object) => cdp.send('ServiceWorker.deliverPushMessage', { origin: canteen.url, registrationId, data: JSON.stringify(payload) });

    await deliver(readyPush(4101, 17));
    await expect.poll(() => page.evaluate(NOTIFICATIONS) as Promise<Shown[]>, { timeout: 10 * SECOND }).toHaveLength(1);
    const [shown] = (await page.evaluate(NOTIFICATIONS)) as Shown[];
    expect(shown!.title).toContain('#17');
    expect(shown!.body).toContain('#17');
    expect(shown!.tag).toBe('order-4101');
    expect(shown!.data?.url).toBe('/orders/4101');

    // The same order again replaces its notification; another order gets its own.
    await deliver(readyPush(4101, 17));
    await deliver(readyPush(4102, 18));
    await expect
      .poll(async () => ((await page.evaluate(NOTIFICATIONS)) as Shown[]).map((n) => n.tag).sort(), { timeout: 10 * SECOND })
      .toEqual(['order-4101', 'order-4102']);
  });

  it('when the student opens the settings and taps the switch, then it is labelled, axe finds nothing serious, and a failed subscribe is said in words, and sign-out still works', async () => {
    await page.goto(`${canteen.url}/sign-in?next=%2Fsettings`);
    await page.getByLabel('Email').fill('student@canteen.local');
    await page.getByLabel('Password').fill('canteen-student');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('link', { name: /Notification settings/ }).click();
    const toggle = page.getByRole('switch', { name: 'Notify me when my food is ready' });
    await expect.poll(() => toggle.isEnabled(), { timeout: 10 * SECOND }).toBe(true);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await page.getByText(/^Off — /).waitFor();

    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // This Chromium cannot reach a push service: the switch stays off and says why.
    await toggle.click();
    await page.getByRole('alert').filter({ hasText: /could not reach its push service/ }).waitFor({ timeout: 20 * SECOND });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    const subscriptions = await page.evaluate(`(async () => {
      const session = await ${STORED_SESSION};
      const response = await fetch('/api/push/subscriptions', { headers: { authorization: 'Bearer ' + session.accessToken } });
      return (await response.json()).subscriptions.length;
    })()`);
    expect(subscriptions).toBe(0);

    // Sign-out forgets this browser's push endpoint first, and never hangs on it.
    await page.getByRole('button', { name: /^Sign out/ }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor({ timeout: 10 * SECOND });
  });
});
