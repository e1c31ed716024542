import type { Order, OrderHistory } from '@canteen/contracts';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, line, orderWhen, placeOrder, startLoop, USERS, type Loop } from './helpers.ts';
import { loopOnMariaDb } from './mariadb-store.ts';

const mariadb = await checkInfra('MariaDB', testUrls.mysql);

/** GET /api/orders/{id}/history: each status with its time and who moved it, on both stores. */
function historySuite(name: string, skip: boolean, start: () => Promise<{ loop: Loop; cleanup(): Promise<void> }>) {
  describe.skipIf(skip)(name, () => {
    let loop: Loop;
    let cleanup: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ loop, cleanup } = await start());
    });
    afterAll(async () => {
      await cleanup();
    });

    const history = (id: number, token = loop.tokens.admin) => loop.call<OrderHistory>('GET', `/api/orders/${id}/history`, { token });

    it('when a student pays by card, staff start it and an admin cancels it, then the history names each move, its time and who made it', async () => {
      const order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Idli Sambar'))], payment_method: 'card' });
      // The mock gateway settles at once; payment.success confirms the order (the system's move).
      await orderWhen(loop.call, loop.tokens.customer, order.id, (o) => o.status === 'confirmed');
      expect((await loop.call<Order>('PUT', `/api/orders/${order.id}/status`, { token: loop.tokens.staff, body: { status: 'preparing' } })).status).toBe(200);
      expect((await loop.call<Order>('DELETE', `/api/orders/${order.id}`, { token: loop.tokens.admin, body: { reason: 'out of batter' } })).status).toBe(200);

      const res = await history(order.id);
      expect(res.status).toBe(200);
      expect(res.body.order_id).toBe(order.id);
      expect(res.body.history.map(({ from_status, to_status, actor_id, actor_role, reason }) => ({ from_status, to_status, actor_id, actor_role, reason }))).toEqual([
        { from_status: null, to_status: 'placed', actor_id: USERS.customer, actor_role: 'CUSTOMER', reason: null },
        { from_status: 'placed', to_status: 'confirmed', actor_id: null, actor_role: 'system', reason: null },
        { from_status: 'confirmed', to_status: 'preparing', actor_id: USERS.staff, actor_role: 'STAFF', reason: null },
        { from_status: 'preparing', to_status: 'cancelled', actor_id: USERS.admin, actor_role: 'ADMIN', reason: 'out of batter' },
      ]);
      const times = res.body.history.map((entry) => Date.parse(entry.at));
      expect(times.every((time, i) => Number.isFinite(time) && (i === 0 || time >= times[i - 1]!))).toBe(true);
    });

    it('when a customer asks for a history (even of their own order), then it is 403; an unknown order is 404', async () => {
      const order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Idli Sambar'))], payment_method: 'cash' });
      expectError(await history(order.id, loop.tokens.customer), 403, 'FORBIDDEN');
      expectError(await history(987_654_321), 404, 'NOT_FOUND');
      expect((await history(order.id, loop.tokens.staff)).body.history).toHaveLength(1);
    });
  });
}

historySuite('order status history: orders on SQLite', false, async () => {
  const loop = await startLoop();
  return { loop, cleanup: () => loop.stop() };
});

historySuite('order status history: orders on MariaDB', !mariadb.available, loopOnMariaDb);
