import { readFileSync } from 'node:fs';
import type { AdminAnalytics, MenuItem, Order, QueueItem } from '../../packages/contracts/src/index.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, startCanteen, type Canteen } from '../pwa/helpers.ts';
import { ADMIN, adminPage, apiOf, openPage, seriousViolations, tokenOf, type Api } from './helpers.ts';

const SECOND = 1000;
const run = chromiumAvailable('admin analytics browser test');

describe.skipIf(!run)('admin dashboard and live operations', () => {
  let canteen: Canteen;
  let browser: Browser;
  let api: Api;
  let page: Page;
  let student: string;
  let admin: string;
  let today = '';

  const order = (item: MenuItem) =>
    api<Order>('/api/orders/', { method: 'POST', token: student, body: { items: [{ menu_item_id: item.id, quantity: 2 }], payment_method: 'upi' } });
  /** Until `check` holds (beforeAll cannot use expect.poll). */
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const confirmed = (id: number) => until(`order ${id} confirmed`, async () => (await api<Order>(`/api/orders/${id}`, { token: student })).body.status === 'confirmed');

  beforeAll(async () => {
    canteen = await startCanteen();
    browser = await launchChromium();
    api = apiOf(canteen.url);
    student = await tokenOf(api, 'student@canteen.local', 'canteen-student');
    admin = await tokenOf(api, ADMIN.email, ADMIN.password);
    const [dosa] = (await api<MenuItem[]>('/api/menu/items')).body;
    // Two orders of today; the second is cancelled by staff, which refunds it.
    const kept = await order(dosa!);
    const refunded = await order(dosa!);
    await confirmed(kept.body.id);
    await confirmed(refunded.body.id);
    const cancel = await api(`/api/orders/${refunded.body.id}`, { method: 'DELETE', token: admin, body: { reason: 'test refund' } });
    if (cancel.status !== 200) throw new Error(`cancel failed: ${cancel.status}`);
    await until('the refund', async () => (await api<{ status: string }>(`/api/payments/order/${refunded.body.id}`, { token: admin })).body.status === 'refunded');
    today = (await api<AdminAnalytics>('/api/admin/analytics', { token: admin })).body.to;
    page = await adminPage(browser, canteen.url);
  }, 600 * SECOND);
  afterAll(async () => {
    await browser?.close();
    await canteen?.stop();
  });

  it('when the dashboard opens, then today\'s row in the revenue table holds the orders the test placed, and the CSV the same', async () => {
    const row = page.getByRole('region', { name: 'Revenue per day, as a table' }).getByRole('row', { name: new RegExp(today) });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(0, 2), { timeout: 30 * SECOND }).toEqual(['2', '1']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv).toContain(`day,${today},orders,2`);
    expect(csv).toContain(`day,${today},cancelled,1`);
    expect(csv).toContain('cancellation_reason,test refund,count,1');
    expect(await seriousViolations(page)).toEqual([]);
  }, 120 * SECOND);

  it('when an order is placed while the live view is open, then the queue tile counts it without a reload', async () => {
    await openPage(page, 'Live');
    const queue = page.getByRole('list', { name: 'Now' }).getByRole('listitem').filter({ hasText: 'In the queue' });
    await expect.poll(async () => queue.textContent(), { timeout: 20 * SECOND }).toContain('1');
    const [dosa] = (await api<MenuItem[]>('/api/menu/items')).body;
    await order(dosa!);
    await expect.poll(async () => queue.textContent(), { timeout: 20 * SECOND }).toContain('2');
    expect(await seriousViolations(page)).toEqual([]);
  }, 120 * SECOND);

  it('when an order the queue gave an ETA turns ready, then the ETA error on the dashboard is that order\'s: ready minus the late end of the ETA the student saw', async () => {
    const [dosa] = (await api<MenuItem[]>('/api/menu/items')).body;
    const placed = await order(dosa!);
    await confirmed(placed.body.id);
    const staff = await tokenOf(api, 'staff@canteen.local', 'canteen-staff');
    let promised = Number.NaN;
    await until('the order queued', async () => {
      const entry = await api<QueueItem>(`/api/queue/order/${placed.body.id}`, { token: student });
      promised = entry.status === 200 && entry.body.expected_ready_at_p90 ? Date.parse(entry.body.expected_ready_at_p90) : Number.NaN;
      return !Number.isNaN(promised);
    });
    expect((await api(`/api/orders/${placed.body.id}/status`, { method: 'PUT', token: staff, body: { status: 'preparing' } })).status).toBe(200);
    const ready = await api<Order>(`/api/orders/${placed.body.id}/status`, { method: 'PUT', token: staff, body: { status: 'ready' } });
    expect(ready.status).toBe(200);

    // The only order of today that turned ready (the demo history is of the days before): today's figures are its own.
    const todays = async () => (await api<AdminAnalytics>(`/api/admin/analytics?from=${today}&to=${today}`, { token: admin })).body.orders.wait;
    await expect.poll(async () => (await todays()).promised_orders, { timeout: 20 * SECOND }).toBe(1);
    const wait = await todays();
    expect(wait.ready_orders).toBe(1);
    // Ready at once, promised the dish's prep time later; read back from the queue a moment after it was promised.
    expect(wait.average_eta_error_seconds).toBeLessThan(-60);
    expect(Math.abs(wait.average_eta_error_seconds! - (Date.parse(ready.body.updated_at) - promised) / 1000)).toBeLessThan(30);

    await openPage(page, 'Live');
    await openPage(page, 'Dashboard');
    // The range fields take the figures' dates when they arrive: fill them after that.
    await page.getByText(`to ${today}, canteen time`).waitFor();
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText(`${today} to ${today}, canteen time`).waitFor();
    const tile = page.getByRole('list', { name: 'Totals' }).getByRole('listitem').filter({ hasText: 'ETA error' });
    await expect.poll(async () => tile.textContent(), { timeout: 20 * SECOND }).toContain('earlier than promised on average; 0 over a minute late');
    expect(await tile.textContent()).toMatch(/ETA error−\d+ min/);
  }, 120 * SECOND);
});
