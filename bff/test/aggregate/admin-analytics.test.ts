import { AdminAnalyticsSchema, type AdminAnalytics } from '@canteen/contracts';
import { shiftDay } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, dish, eventually, expectError, placeConfirmed, queued, startSystem, type System } from './system.ts';

let system: System;
/** The services run on a test clock (noon on a fixed day in the canteen's zone): its today, as they say it. */
let day = '';
const today = () => day;
let range = '';

beforeAll(async () => {
  system = await startSystem();
  const { tokens } = system.loop;
  const served = await placeConfirmed(system, tokens.customer, [dish(system, 'Masala Dosa', 2)]);
  const cancelled = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Veg Thali')]);
  for (const order of [served, cancelled]) await queued(system, order.id);
  for (const status of ['preparing', 'ready']) {
    const moved = await system.bff.call('PUT', `/api/orders/${served.id}/status`, { token: tokens.staff, body: { status } });
    if (moved.status !== 200) throw new Error(`moving to ${status} failed: ${moved.text}`);
  }
  const dropped = await system.bff.call('PUT', `/api/orders/${cancelled.id}/status`, { token: tokens.staff, body: { status: 'cancelled', reason: 'out of rice' } });
  if (dropped.status !== 200) throw new Error(`cancel failed: ${dropped.text}`);
  await eventually(async () => {
    const res = await client(system.loop.payments.url)('GET', `/api/payments/order/${cancelled.id}`, { token: tokens.admin });
    if (res.body?.status !== 'refunded') throw new Error(`payment not refunded yet: ${res.text}`);
  });
  day = (await client(system.loop.orders.url)<{ today: string }>('GET', '/api/orders/analytics', { token: tokens.admin })).body.today;
  range = `from=${shiftDay(day, -29)}&to=${day}`;
});
afterAll(async () => {
  await system?.stop();
});

describe('GET /api/admin/analytics', () => {
  it('when an admin asks for 30 days, then they come back with the orders, dishes, waits, payments and refunds of today', async () => {
    const res = await system.bff.call<AdminAnalytics>('GET', `/api/admin/analytics?${range}`, { token: system.loop.tokens.admin });

    expect(res.status).toBe(200);
    const view = AdminAnalyticsSchema.parse(res.body);
    expect(view.to).toBe(today());
    expect(view.orders.days).toHaveLength(30);
    const day = view.orders.days.at(-1)!;
    expect(day).toMatchObject({ date: today(), orders: 2, cancelled: 1 });
    expect(day.refunded).toBeGreaterThan(0);
    expect(view.orders.totals.orders).toBe(2);
    expect(view.orders.hours.reduce((n, hour) => n + hour.today, 0)).toBe(2);
    expect(view.orders.top_dishes).toEqual([expect.objectContaining({ name: 'Masala Dosa', quantity: 2 })]);
    expect(view.orders.wait.ready_orders).toBe(1);
    expect(view.orders.wait.average_wait_seconds).toEqual(expect.any(Number));
    expect(view.orders.cancellations.by_reason).toEqual([{ reason: 'out of rice', count: 1 }]);
    expect(view.payments).toMatchObject({ attempts: 2, succeeded: 2, success_rate: 1, refunds: { count: 1, amount: day.refunded } });
  });

  it('when the CSV is asked for, then it is a download holding the same figures', async () => {
    const res = await system.bff.call('GET', `/api/admin/analytics?format=csv&${range}`, { token: system.loop.tokens.admin });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?canteen-analytics-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,metric,value');
    expect(lines).toContain(`day,${today()},orders,2`);
    expect(lines).toContain('top_dish,Masala Dosa,quantity,2');
    expect(lines).toContain('cancellation_reason,out of rice,count,1');
    expect(lines).toContain('refunds,,count,1');
  });

  it('when the range is bad, then 400 says which field and why, and nothing else happens', async () => {
    const ask = (query: string) => system.bff.call('GET', `/api/admin/analytics${query}`, { token: system.loop.tokens.admin });
    const cases: [string, RegExp][] = [
      ['?from=2025-13-01', /YYYY-MM-DD|exists/],
      ['?from=2025-02-29', /exists/],
      ['?from=2025-03-10&to=2025-03-01', /after/],
      ['?from=2023-01-01&to=2025-03-01', /366 days/],
    ];
    for (const [query, message] of cases) {
      const res = await ask(query);
      expectError(res, 400);
      expect(JSON.stringify(res.body), query).toMatch(message);
    }
  });

  it('when staff who are not admins or nobody ask, then 403 and 401', async () => {
    expectError(await system.bff.call('GET', '/api/admin/analytics', { token: system.loop.tokens.staff }), 403);
    expectError(await system.bff.call('GET', '/api/admin/analytics'), 401);
    // The services check the role themselves too.
    expectError(await client(system.loop.orders.url)('GET', '/api/orders/analytics', { token: system.loop.tokens.staff }), 403);
  });
});
