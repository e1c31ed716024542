import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Order, OrderAnalytics, QueueItem } from '@canteen/contracts';
import { silentLogger } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  eventually,
  expectError,
  item,
  line,
  orderWhen,
  paymentWhen,
  placeOrder,
  startLoop,
  SERVICE_TOKEN,
  type Call,
  type Loop,
} from '../../../orders/test/http/helpers.ts';
import { createQueueService, loadQueueConfig, type QueueService } from '../../src/service.ts';

/**
 * The queue service with the real orders, payments and menu services on one in-process bus (as
 * all-in-one runs them), on its embedded on-disk store: staff's hand operations go through the
 * order, numbers come from the orders service, and reconciliation rebuilds what the queue lost.
 */
let loop: Loop;
let queue: QueueService;
let call: Call;
let dir: string;
beforeAll(async () => {
  loop = await startLoop();
  dir = mkdtempSync(path.join(tmpdir(), 'queue-with-orders-'));
  queue = await createQueueService(
    loadQueueConfig({
      QUEUE_PORT: '0',
      JWT_PUBLIC_KEY: loop.keys.publicKey,
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      SERVICE_TOKEN: SERVICE_TOKEN,
      // Long: the tests run passes themselves (reconcileNow), so none runs in between by chance.
      QUEUE_RECONCILE_INTERVAL_MS: '3600000',
    }),
    { bus: loop.bus, ordersUrl: loop.orders.url, logger: silentLogger() },
  );
  call = client((await queue.start()).url);
});
afterAll(async () => {
  await queue?.stop();
  await loop?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const staff = () => loop.tokens.staff;
const confirmedOrder = async (extra: Record<string, unknown> = {}) => {
  const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'))], ...extra });
  return orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'confirmed', 'the order to be confirmed');
};
const queued = (orderId: number) =>
  eventually(async () => {
    const res = await call<QueueItem>('GET', `/api/queue/order/${orderId}`, { token: staff() });
    if (res.status !== 200) throw new Error(`order ${orderId} not queued yet: ${res.status}`);
    return res.body;
  });
const setStatus = (orderId: number, status: string) => loop.call<Order>('PUT', `/api/orders/${orderId}/status`, { token: staff(), body: { status } });

// First in the file: its order is the only one that turns ready, so the figures are its own.
describe('the ETA promised when an order joins the queue reaches the orders service', () => {
  it('when a queued order turns ready, then the analytics count its promise (the late end of its ETA) and its ETA error', async () => {
    const analytics = async () => (await loop.call<OrderAnalytics>('GET', '/api/orders/analytics', { token: loop.tokens.admin })).body.wait;
    expect((await analytics()).promised_orders).toBe(0);
    const order = await confirmedOrder();
    const promised = Date.parse((await queued(order.id)).expected_ready_at_p90!);
    expect((await setStatus(order.id, 'preparing')).status).toBe(200);
    const ready = await setStatus(order.id, 'ready');
    expect(ready.status).toBe(200);
    const readyAt = Date.parse(ready.body.updated_at);
    const wait = await eventually(async () => {
      const figures = await analytics();
      if (figures.promised_orders !== 1) throw new Error(`promised orders: ${figures.promised_orders}`);
      return figures;
    });
    expect(wait.ready_orders).toBe(1);
    // Ready at once, promised the dish's prep time later: early by minutes, as the queue said.
    expect(wait.average_eta_error_seconds).toBeLessThan(-60);
    // The promise read back from the queue a moment after it was made (the plan moves with the clock).
    expect(Math.abs(wait.average_eta_error_seconds! - (readyAt - promised) / 1000)).toBeLessThan(30);
    expect(wait.late_orders).toBe(0);
  });
});

describe('queue numbers come from the orders service', () => {
  it('when an order is confirmed, then its queue entry has the number recorded with the order', async () => {
    const order = await confirmedOrder();
    const entry = await queued(order.id);
    expect(order.queue_number).toEqual(expect.any(Number));
    expect(entry.queue_number).toBe(order.queue_number);
  });
});

describe('POST /api/queue/ only queues existing orders in the kitchen’s hands', () => {
  it('when the order does not exist, then 404 and nothing reaches the board', async () => {
    const response = await call('POST', '/api/queue/', { token: staff(), body: { order_id: 987654, user_id: 101 } });

    expectError(response, 404);
    expect(await queue.store.getEntry(987654)).toBeUndefined();
  });

  it('when the order is not paid yet, or is cancelled, then 409 ORDER_NOT_ACTIVE and it is not queued', async () => {
    const unpaid = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'))], payment_method: 'cash' });
    const cancelled = await confirmedOrder();
    await queued(cancelled.id);
    expect((await loop.call('DELETE', `/api/orders/${cancelled.id}`, { token: staff() })).status).toBe(200);
    await eventually(async () => expect(await queue.store.getEntry(cancelled.id)).toBeUndefined());

    for (const order of [unpaid, cancelled]) {
      const response = await call('POST', '/api/queue/', { token: staff(), body: { order_id: order.id, user_id: order.user_id } });
      expectError(response, 409, 'ORDER_NOT_ACTIVE');
      expect(await queue.store.getEntry(order.id)).toBeUndefined();
    }
  });

  it('when the user_id is not the order’s owner, then 400 and nothing changes', async () => {
    const order = await confirmedOrder();
    await queued(order.id);
    await queue.store.removeEntry(order.id);

    expectError(await call('POST', '/api/queue/', { token: staff(), body: { order_id: order.id, user_id: order.user_id + 1 } }), 400);
    expect(await queue.store.getEntry(order.id)).toBeUndefined();
  });

  it('when a confirmed order lost its entry, then POST brings it back with its own number and status, and again changes nothing', async () => {
    const order = await confirmedOrder();
    await queued(order.id);
    expect((await setStatus(order.id, 'preparing')).status).toBe(200);
    await eventually(async () => expect((await queue.store.getEntry(order.id))?.status).toBe('preparing'));
    await queue.store.removeEntry(order.id);

    const added = await call<QueueItem>('POST', '/api/queue/', { token: staff(), body: { order_id: order.id, user_id: order.user_id } });
    const again = await call<QueueItem>('POST', '/api/queue/', { token: staff(), body: { order_id: order.id, user_id: order.user_id } });

    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ order_id: order.id, queue_number: order.queue_number, status: 'preparing', preparing_at: expect.any(String) });
    expect(again.body).toMatchObject({ order_id: order.id, queue_number: order.queue_number, status: 'preparing' });
  });
});

describe('DELETE /api/queue/order/{id} goes through the order', () => {
  it('when staff take a confirmed order off, then the order is cancelled and refunded, off the queue, and cannot be queued again', async () => {
    const order = await confirmedOrder();
    await queued(order.id);

    const response = await call('DELETE', `/api/queue/order/${order.id}`, { token: staff(), body: { reason: 'customer left' } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Order removed from queue successfully', order_id: order.id, order_status: 'cancelled' });
    expect(await queue.store.getEntry(order.id)).toBeUndefined();
    const cancelled = await orderWhen(loop.call, staff(), order.id, (o) => o.payment_status === 'refunded', 'the refund');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'customer left', refunded_amount: order.total_amount });
    const payment = await paymentWhen(loop.pay, staff(), order.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expectError(await call('POST', '/api/queue/', { token: staff(), body: { order_id: order.id, user_id: order.user_id } }), 409, 'ORDER_NOT_ACTIVE');
  });

  it('when staff take a ready order off, then it is completed (handed out), not refunded', async () => {
    const order = await confirmedOrder();
    await queued(order.id);
    expect((await setStatus(order.id, 'ready')).status).toBe(200);
    await eventually(async () => expect((await queue.store.getEntry(order.id))?.status).toBe('ready'));

    const response = await call('DELETE', `/api/queue/order/${order.id}`, { token: staff() });

    expect(response.body).toMatchObject({ order_status: 'completed' });
    expect(await queue.store.getEntry(order.id)).toBeUndefined();
    expect(await orderWhen(loop.call, staff(), order.id, (o) => o.status === 'completed')).toMatchObject({ payment_status: 'paid', refunded_amount: 0 });
  });

  it('when staff ask to complete a waiting order, then it is completed', async () => {
    const order = await confirmedOrder();
    await queued(order.id);

    const response = await call('DELETE', `/api/queue/order/${order.id}`, { token: staff(), body: { action: 'complete' } });

    expect(response.body).toMatchObject({ order_status: 'completed' });
    expect((await orderWhen(loop.call, staff(), order.id, (o) => o.status === 'completed')).status).toBe('completed');
  });

  it('when the order does not exist and nothing is queued, then 404; a customer gets 403; a bad action 400; nothing changes', async () => {
    const order = await confirmedOrder();
    await queued(order.id);

    expectError(await call('DELETE', '/api/queue/order/987655', { token: staff() }), 404);
    expectError(await call('DELETE', `/api/queue/order/${order.id}`, { token: loop.tokens.customer }), 403);
    expectError(await call('DELETE', `/api/queue/order/${order.id}`, { token: staff(), body: { action: 'shred' } }), 400);
    expect((await queue.store.getEntry(order.id))?.status).toBe('waiting');
    expect((await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: staff() })).body.status).toBe('confirmed');
  });
});

describe('reconciliation with the orders service', () => {
  it('when the queue lost entries and kept one of a finished order, then a pass restores the lost ones (number, status, times) and removes the finished one', async () => {
    const [waiting, preparing, ready, finished] = [await confirmedOrder(), await confirmedOrder(), await confirmedOrder(), await confirmedOrder()];
    for (const order of [waiting, preparing, ready, finished]) await queued(order.id);
    expect((await setStatus(preparing.id, 'preparing')).status).toBe(200);
    expect((await setStatus(ready.id, 'ready')).status).toBe(200);
    await eventually(async () => expect((await queue.store.getEntry(ready.id))?.status).toBe('ready'));
    const before = new Map((await queue.store.listActive()).map((e) => [e.orderId, e]));
    // The queue misses what happened to `finished` (its completion) and loses the others.
    const stale = before.get(finished.id)!;
    expect((await setStatus(finished.id, 'completed')).status).toBe(200);
    await eventually(async () => expect(await queue.store.getEntry(finished.id)).toBeUndefined());
    await queue.store.saveEntry(stale);
    for (const order of [waiting, preparing, ready]) await queue.store.removeEntry(order.id);

    await queue.reconcileNow!();

    const after = new Map((await queue.store.listActive()).map((e) => [e.orderId, e]));
    expect(after.has(finished.id)).toBe(false);
    for (const order of [waiting, preparing, ready]) {
      expect(after.get(order.id)).toMatchObject({
        queueNumber: order.queue_number,
        status: before.get(order.id)!.status,
        userId: order.user_id,
        lines: before.get(order.id)!.lines,
      });
    }
    expect(after.get(preparing.id)!.preparingAt).toEqual(expect.any(Number));
    expect(after.get(ready.id)!.readyAt).toEqual(expect.any(Number));
    const item = (await call<QueueItem>('GET', `/api/queue/order/${preparing.id}`, { token: staff() })).body;
    expect(item).toMatchObject({ status: 'preparing', expected_ready_at: expect.any(String) });
  });
});
