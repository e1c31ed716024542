import { readFileSync } from 'node:fs';
import type { AdminAnalytics, MenuItem, Order } from '../../packages/contracts/src/index.ts';
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
});
