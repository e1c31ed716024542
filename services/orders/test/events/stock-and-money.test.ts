import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { MenuItem, Order, Payment } from '@canteen/contracts';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueue, type RunningQueue } from '../../../queue/test/http/helpers.ts';
import { createMysqlOrderStore } from '../../src/store/mysql.order-store.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { createSqliteOrderStore } from '../../src/store/sqlite.order-store.ts';
import { freshMysqlDatabase } from '../store/mysql.fresh-database.ts';
import {
  client,
  eventually,
  item,
  line,
  orderWhen,
  paymentWhen,
  placeOrder,
  probe,
  startLoop,
  startOrders,
  tempDir,
  type Call,
  type Loop,
  type Probe,
} from '../http/helpers.ts';

const mariadb = await checkInfra('MariaDB', testUrls.mysql);

/** How the orders service stores its orders in a run: two stores on one database, as two instances would have. */
interface OrdersDatabase {
  first(): OrderStore;
  second(): OrderStore;
  drop(): Promise<void>;
}

const stores: { name: string; skip: boolean; open: () => Promise<OrdersDatabase> }[] = [
  {
    name: 'SQLite',
    skip: false,
    open: async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'orders.sqlite');
      return { first: () => createSqliteOrderStore(file), second: () => createSqliteOrderStore(file), drop: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'MariaDB',
    skip: !mariadb.available,
    open: async () => {
      const database = await freshMysqlDatabase('orders_stock');
      return { first: () => createMysqlOrderStore(database.url), second: () => createMysqlOrderStore(database.url), drop: database.drop };
    },
  },
];

for (const kind of stores) {
  describe.skipIf(kind.skip)(`stock and money rules, orders on ${kind.name}`, () => {
    let loop: Loop;
    let database: OrdersDatabase;
    let secondOrders: Awaited<ReturnType<typeof startOrders>>;
    let callSecond: Call;
    let menu: Call;
    let queue: RunningQueue;
    let events: Probe;

    beforeAll(async () => {
      database = await kind.open();
      loop = await startLoop({ ordersStore: database.first() });
      secondOrders = await startOrders(loop.keys, await tempDir(), loop.bus, loop.menu.url, { store: database.second() });
      callSecond = client(secondOrders.url);
      menu = client(loop.menu.url);
      queue = await startQueue({ bus: loop.bus, keys: loop.keys, ordersUrl: loop.orders.url });
      events = await probe(loop.bus, ['order.*', 'payment.*', 'menu.item.changed']);
    });
    afterAll(async () => {
      await events?.cancel();
      await queue?.stop();
      await secondOrders?.service.stop();
      await loop?.stop();
      await database?.drop();
    });

    /** A dish of its own per test, counted when `stock` is a number. */
    async function dish(stock: number | null, price = 40): Promise<MenuItem> {
      const res = await menu<MenuItem>('POST', '/api/menu/items', {
        token: loop.tokens.admin,
        body: { name: `Special ${randomUUID().slice(0, 8)}`, category: item(loop, 'Chole Bhature').category, price, stock },
      });
      if (res.status !== 201) throw new Error(`creating the dish failed: ${res.status} ${res.text}`);
      return res.body;
    }
    const menuItem = async (id: string) => (await menu<MenuItem>('GET', `/api/menu/items/${id}`)).body;
    const changesOf = (id: string) =>
      events.received.filter((m) => m.routingKey === 'menu.item.changed' && (m.body as { item_id: string }).item_id === id).map((m) => m.body as { available: boolean; stock: number | null });
    const paymentCount = async () => {
      const res = await loop.pay<{ total_payments: number }>('GET', '/api/payments/stats', { token: loop.tokens.staff });
      return res.body.total_payments;
    };

    it('when 15 students order the last 5 portions at once through two orders instances, then exactly 5 are placed and charged, the rest get 409 and are never charged, and the dish sells out', async () => {
      const special = await dish(5);
      const paymentsBefore = await paymentCount();

      const answers = await Promise.all(
        Array.from({ length: 15 }, (_, n) =>
          (n % 2 ? callSecond : loop.call)<Order>('POST', '/api/orders/', { token: loop.tokens.customer, body: { items: [line(special)] } }),
        ),
      );

      const placed = answers.filter((a) => a.status === 201).map((a) => a.body);
      const refused = answers.filter((a) => a.status !== 201);
      expect(placed).toHaveLength(5);
      expect(refused).toHaveLength(10);
      for (const answer of refused) {
        expect(answer.status).toBe(409);
        expect((answer.body as unknown as { error: { code: string; message: string } }).error).toMatchObject({
          code: 'ITEM_UNAVAILABLE',
          message: expect.stringMatching(/sold out|left|not available/),
        });
      }
      for (const order of placed) await paymentWhen(loop.pay, loop.tokens.customer, order.id, (p) => p.status === 'success');
      expect(await paymentCount()).toBe(paymentsBefore + 5);
      expect(await menuItem(special.id)).toMatchObject({ stock: 0, available: false });
      await eventually(() => expect(changesOf(special.id).at(-1)).toMatchObject({ available: false, stock: 0 }));
    });

    it('when an order is refused for stock, then the 409 names the line and what is left', async () => {
      const special = await dish(2);

      const res = await loop.call('POST', '/api/orders/', { token: loop.tokens.customer, body: { items: [line(item(loop, 'Chole Bhature')), line(special, 3)] } });

      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ITEM_UNAVAILABLE', details: [{ path: 'items.1.quantity', message: expect.stringContaining('only 2') }] });
      expect(await menuItem(special.id)).toMatchObject({ stock: 2, available: true });
    });

    it('when the order holding the last portion is cancelled, then the portion comes back and the dish is on sale again', async () => {
      const special = await dish(1);
      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(special)] });
      await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'confirmed');
      expect(await menuItem(special.id)).toMatchObject({ stock: 0, available: false });

      expect((await loop.call('DELETE', `/api/orders/${placed.id}`, { token: loop.tokens.customer })).status).toBe(200);

      await eventually(async () => expect(await menuItem(special.id)).toMatchObject({ stock: 1, available: true }));
      await eventually(() => expect(changesOf(special.id).at(-1)).toMatchObject({ available: true, stock: 1 }));
      // Given back once: a second order gets the portion, a third is refused.
      await placeOrder(loop.call, loop.tokens.customer, { items: [line(special)] });
      expect((await loop.call('POST', '/api/orders/', { token: loop.tokens.customer, body: { items: [line(special)] } })).status).toBe(409);
    });

    it('when the payment of an order holding stock is declined, then the stock comes back', async () => {
      const special = await dish(3);
      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(special, 2)], payment_token: 'decline' });

      await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'cancelled');

      await eventually(async () => expect(await menuItem(special.id)).toMatchObject({ stock: 3, available: true }));
    });

    it('when a retry with the same Idempotency-Key races the first placement, then the stock is taken once', async () => {
      const special = await dish(4);
      const key = randomUUID();
      const send = (call: Call) =>
        call<Order>('POST', '/api/orders/', { token: loop.tokens.customer, body: { items: [line(special)] }, headers: { 'Idempotency-Key': key } });

      const answers = await Promise.all([send(loop.call), send(callSecond), send(loop.call)]);

      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
      expect(ids.size).toBe(1);
      await eventually(async () => expect((await menuItem(special.id)).stock).toBe(3));
      expect((await send(loop.call)).body.id).toBe([...ids][0]);
      expect((await menuItem(special.id)).stock).toBe(3);
    });

    it('when an order costs nothing, then it is confirmed at once without a payment and gets a queue number', async () => {
      const free = await dish(null, 0);

      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(free, 2)] });

      expect(placed).toMatchObject({ status: 'confirmed', payment_status: 'paid', total_amount: 0 });
      const ticket = await eventually(async () => {
        const res = await queue.call<{ queue_number: number }>('GET', `/api/queue/order/${placed.id}`, { token: loop.tokens.customer });
        expect(res.status).toBe(200);
        return res.body;
      });
      expect(ticket.queue_number).toBeGreaterThan(0);
      expect((await loop.pay('GET', `/api/payments/order/${placed.id}`, { token: loop.tokens.customer })).status).toBe(404);
      await eventually(() => expect(events.of(placed.id).map((m) => m.routingKey)).toEqual(['order.created', 'order.confirmed']));
    });

    it('when staff refund everything captured on a confirmed order, then the order is cancelled, leaves the kitchen queue and is refunded once', async () => {
      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'), 2)] });
      const confirmed = await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'confirmed');
      await eventually(async () => expect((await queue.call('GET', `/api/queue/order/${placed.id}`, { token: loop.tokens.staff })).status).toBe(200));

      const res = await loop.pay<Payment & { refund: Record<string, unknown> }>('POST', `/api/payments/${confirmed.payment_id}/refund`, {
        token: loop.tokens.staff,
        body: { reason: 'kitchen ran out of gas' },
      });

      expect(res.status).toBe(200);
      expect(res.body.refund).toMatchObject({ amount: placed.total_amount, covers: 'all', remaining: 0 });
      const cancelled = await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'cancelled');
      expect(cancelled).toMatchObject({ payment_status: 'refunded', refunded_amount: placed.total_amount });
      await eventually(() => expect(events.of(placed.id, 'order.cancelled')[0]?.body).toMatchObject({ cancelled_by: 'payment', old_status: 'confirmed' }));
      await eventually(async () => expect((await queue.call('GET', `/api/queue/order/${placed.id}`, { token: loop.tokens.staff })).status).toBe(404));
      await barrier();
      const payment = await paymentWhen(loop.pay, loop.tokens.staff, placed.id, (p) => p.status === 'refunded');
      expect(payment.refunds).toHaveLength(1);
      expect(events.of(placed.id, 'payment.refunded')).toHaveLength(1);
    });

    it('when staff refund part of a confirmed order, then the answer says what it covers and the order carries on', async () => {
      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'), 2)] });
      const confirmed = await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'confirmed');

      const res = await loop.pay<Payment & { refund: Record<string, unknown> }>('POST', `/api/payments/${confirmed.payment_id}/refund`, {
        token: loop.tokens.staff,
        body: { amount: 10 },
      });

      expect(res.status).toBe(200);
      expect(res.body.refund).toMatchObject({ amount: 10, covers: 'part', refunded_total: 10, remaining: placed.total_amount - 10 });
      expect(res.body.refund.message).toMatch(/part/i);
      const after = await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.payment_status === 'partially_refunded');
      expect(after).toMatchObject({ status: 'confirmed', refunded_amount: 10 });
      await barrier();
      expect((await loop.call<Order>('GET', `/api/orders/${placed.id}`, { token: loop.tokens.customer })).body.status).toBe('confirmed');
      expect(events.of(placed.id, 'order.cancelled')).toHaveLength(0);
    });

    /**
     * Everything published before it has been handled: an order placed and cancelled now goes
     * through the same queues (payments, orders, menu) behind every earlier event.
     */
    async function barrier(): Promise<void> {
      const marker = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'))], payment_method: 'cash' });
      await loop.call('DELETE', `/api/orders/${marker.id}`, { token: loop.tokens.customer });
      await paymentWhen(loop.pay, loop.tokens.staff, marker.id, (p) => p.status === 'cancelled');
      await orderWhen(loop.call, loop.tokens.customer, marker.id, (o) => o.payment_status === 'cancelled');
    }
  });
}

describe('a placement that fails after its stock was held', () => {
  it('when the order cannot be saved, then the held stock is given back and the next order gets it', async () => {
    const dir = await tempDir();
    const real = createSqliteOrderStore(path.join(dir, 'orders.sqlite'));
    let refuseNext = true;
    // The real store, refusing one write the way a database that went away would.
    const store = new Proxy(real, {
      get(target, property) {
        if (property === 'createOrder') {
          return (...args: Parameters<OrderStore['createOrder']>) => {
            if (!refuseNext) return target.createOrder(...args);
            refuseNext = false;
            return Promise.reject(new Error('connection lost'));
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const loop = await startLoop({ ordersStore: store });
    try {
      const menu = client(loop.menu.url);
      const created = await menu<MenuItem>('POST', '/api/menu/items', {
        token: loop.tokens.admin,
        body: { name: `Special ${randomUUID().slice(0, 8)}`, category: item(loop, 'Chole Bhature').category, price: 30, stock: 2 },
      });

      const failed = await loop.call('POST', '/api/orders/', { token: loop.tokens.customer, body: { items: [line(created.body, 2)] } });

      expect(failed.status).toBe(500);
      expect((await menu<MenuItem>('GET', `/api/menu/items/${created.body.id}`)).body).toMatchObject({ stock: 2, available: true });
      const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(created.body, 2)] });
      expect(placed.status).toBe('placed');
    } finally {
      await loop.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
