import type { MenuItem, Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, dish, eventually, expectError, item, placeConfirmed, queued, startBffWith, startSystem, type System } from './system.ts';

interface Overview {
  payments: Record<string, unknown> | null;
  queue: Record<string, unknown> | null;
  menu: { items: number; sold_out: number } | null;
  recent_orders_by_status: Record<string, number> | null;
}

let system: System;

beforeAll(async () => {
  system = await startSystem();
  const { tokens } = system.loop;
  const confirmed = await placeConfirmed(system, tokens.customer, [dish(system, 'Masala Dosa')]);
  const preparing = await placeConfirmed(system, tokens.customer, [dish(system, 'Medu Vada', 2)]);
  const cancelled = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Veg Thali')]);
  for (const order of [confirmed, preparing, cancelled]) await queued(system, order.id);
  const moved = await system.bff.call('PUT', `/api/orders/${preparing.id}/status`, { token: tokens.staff, body: { status: 'preparing' } });
  const dropped = await system.bff.call('PUT', `/api/orders/${cancelled.id}/status`, { token: tokens.staff, body: { status: 'cancelled' } });
  if (moved.status !== 200 || dropped.status !== 200) throw new Error(`status changes failed: ${moved.text} ${dropped.text}`);
  // The refund of the cancelled order changes the payment stats: wait for it before comparing.
  await eventually(async () => {
    const res = await client(system.loop.payments.url)('GET', `/api/payments/order/${cancelled.id}`, { token: tokens.admin });
    if (res.body?.status !== 'refunded') throw new Error(`payment not refunded yet: ${res.text}`);
  });
  const soldOut = await system.bff.call('PUT', `/api/menu/items/${item(system.loop, 'Veg Thali').id}`, {
    token: tokens.admin,
    body: { available: false },
  });
  if (soldOut.status !== 200) throw new Error(`marking sold out failed: ${soldOut.status} ${soldOut.text}`);
});
afterAll(async () => {
  await system?.stop();
});

describe('GET /api/admin/overview', () => {
  it('when an admin asks, then payments and queue stats, menu counts and orders by status come back in one answer', async () => {
    const { tokens } = system.loop;
    const menu = (await client(system.loop.menu.url)<MenuItem[]>('GET', '/api/menu/items')).body;
    const payments = (await client(system.loop.payments.url)('GET', '/api/payments/stats', { token: tokens.admin })).body;
    const queue = (await client(system.queue.url)('GET', '/api/queue/stats')).body;

    const res = await system.bff.call<Overview>('GET', '/api/admin/overview', { token: tokens.admin });

    expect(res.status).toBe(200);
    expect(res.body.payments).toEqual(payments);
    expect(res.body.payments).toMatchObject({ total_payments: expect.any(Number), refunded_amount: expect.any(Number) });
    expect(res.body.queue).toEqual(queue);
    // Today's totals depend on the canteen's day; what is in the queue now does not.
    expect(res.body.queue).toMatchObject({ active_orders_count: 2, ready_count: 0 });
    expect(res.body.menu).toEqual({ items: menu.length, sold_out: menu.filter((m) => !m.available).length });
    expect(menu.find((m) => m.name === 'Veg Thali')?.available).toBe(false);
    expect(res.body.recent_orders_by_status).toEqual({ confirmed: 1, preparing: 1, cancelled: 1 });
  });

  it('when the orders service has more orders, then the counts follow', async () => {
    const before = (await system.bff.call<Overview>('GET', '/api/admin/overview', { token: system.loop.tokens.admin })).body;
    const order: Order = await placeConfirmed(system, system.loop.tokens.otherCustomer, [dish(system, 'Medu Vada')]);

    const after = (await system.bff.call<Overview>('GET', '/api/admin/overview', { token: system.loop.tokens.admin })).body;

    expect(order.status).toBe('confirmed');
    expect(after.recent_orders_by_status).toEqual({ ...before.recent_orders_by_status, confirmed: before.recent_orders_by_status!.confirmed! + 1 });
  });

  it('when staff ask, then it is 403', async () => {
    const res = await system.bff.call('GET', '/api/admin/overview', { token: system.loop.tokens.staff });

    expectError(res, 403);
  });

  it('when a customer asks, then it is 403', async () => {
    const res = await system.bff.call('GET', '/api/admin/overview', { token: system.loop.tokens.customer });

    expectError(res, 403);
  });

  it('when the queue and payments services are down, then the rest still comes back and their parts are null', async () => {
    const blind = await startBffWith({ ...system.bffEnv, QUEUE_SERVICE_URL: 'http://127.0.0.1:9', PAYMENTS_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const res = await blind.call<Overview>('GET', '/api/admin/overview', { token: system.loop.tokens.admin });

      expect(res.status).toBe(200);
      expect(res.body.payments).toBeNull();
      expect(res.body.queue).toBeNull();
      expect(res.body.menu).toEqual({ items: expect.any(Number), sold_out: expect.any(Number) });
      expect(res.body.recent_orders_by_status).toEqual(expect.objectContaining({ cancelled: 1 }));
    } finally {
      await blind.stop();
    }
  });
});
