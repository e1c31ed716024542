import { QueueItemSchema } from '@canteen/contracts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  confirm,
  deliver,
  expectError,
  MINUTE,
  startFakeOrders,
  startQueue,
  streamSince,
  tokenFor,
  USERS,
  type RunningQueue,
} from './helpers.ts';

describe('PUT /api/queue/order/{orderId}', () => {
  let staff: string;
  let alice: string;
  const running: Array<{ stop?: () => Promise<void>; close?: () => Promise<void> }> = [];

  beforeAll(async () => {
    [staff, alice] = await Promise.all([tokenFor(USERS.staff, 'STAFF'), tokenFor(USERS.alice, 'CUSTOMER')]);
  });
  afterEach(async () => {
    for (const thing of running.splice(0).reverse()) await (thing.stop ?? thing.close)?.();
  });

  /** A queue service whose orders service is a fake answering `status`. */
  async function setUp(status: number | (() => number) = 200) {
    const orders = await startFakeOrders(status);
    running.push(orders);
    const queue = await startQueue({ ordersUrl: orders.url });
    running.push(queue);
    return { orders, queue };
  }

  /** `null`: no Authorization header at all. */
  const put = (queue: RunningQueue, orderId: number | string, body: unknown, token: string | null = staff) =>
    queue.call('PUT', `/api/queue/order/${orderId}`, token === null ? { body } : { token, body });

  it('when staff raise a priority, then that order goes ahead of earlier waiting ones and the change is announced', async () => {
    const { queue, orders } = await setUp();
    for (const orderId of [1, 2, 3]) {
      await confirm(queue, orderId, USERS.alice);
      queue.clock.advance(MINUTE);
    }
    const before = await queue.store.lastSeq();

    const response = await put(queue, 3, { priority: 5 });

    expect(response.status).toBe(200);
    expect(QueueItemSchema.parse(response.body)).toMatchObject({ order_id: 3, priority: 5, position: 1, status: 'waiting' });
    expect((await queue.call('GET', '/api/queue/order/1', { token: staff })).body.position).toBe(2);
    expect((await streamSince(queue.store, before)).find((m) => m.orderId === 3)).toMatchObject({ type: 'status_update' });
    // A priority is the queue's own business: the orders service is not asked.
    expect(orders.calls).toEqual([]);
  });

  it('when staff move an order forward, then the orders service is asked first with the caller token, and the entry follows', async () => {
    const { queue, orders } = await setUp(200);
    await confirm(queue, 7, USERS.alice);

    const preparing = await put(queue, 7, { status: 'preparing' });
    queue.clock.advance(4 * MINUTE);
    const ready = await put(queue, 7, { status: 'ready' });

    expect(preparing.status).toBe(200);
    expect(preparing.body).toMatchObject({ order_id: 7, status: 'preparing', preparing_at: expect.any(String) });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ order_id: 7, status: 'ready', position: 0, ready_at: expect.any(String) });
    expect(orders.calls).toEqual([
      { method: 'PUT', url: '/api/orders/7/status', authorization: `Bearer ${staff}`, body: { status: 'preparing' } },
      { method: 'PUT', url: '/api/orders/7/status', authorization: `Bearer ${staff}`, body: { status: 'ready' } },
    ]);
  });

  it('when the orders service refuses the change (409), then the same 409 comes back and nothing changes here', async () => {
    const { queue } = await setUp(409);
    await confirm(queue, 9, USERS.alice);

    const response = await put(queue, 9, { status: 'ready' });

    expectError(response, 409);
    expect((await queue.store.getEntry(9))?.status).toBe('waiting');
  });

  it('when a status would go backwards, then 409 and the orders service is not asked', async () => {
    const { queue, orders } = await setUp(200);
    await confirm(queue, 10, USERS.alice);
    await deliver(queue, { orderId: 10, userId: USERS.alice, status: 'preparing' });

    const response = await put(queue, 10, { status: 'waiting' });

    expectError(response, 409);
    expect(orders.calls).toEqual([]);
    expect((await queue.store.getEntry(10))?.status).toBe('preparing');
  });

  it('when the status is the one it already has, then 200 and the orders service is not asked', async () => {
    const { queue, orders } = await setUp(200);
    await confirm(queue, 11, USERS.alice);

    const response = await put(queue, 11, { status: 'waiting' });

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('waiting');
    expect(orders.calls).toEqual([]);
  });

  it('when staff complete an order, then it leaves the queue', async () => {
    const { queue } = await setUp(200);
    await confirm(queue, 12, USERS.alice);

    const response = await put(queue, 12, { status: 'completed' });

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    expectError(await queue.call('GET', '/api/queue/order/12', { token: staff }), 404);
  });

  it('when the id is bad, then 400; when the order is unknown, then 404', async () => {
    const { queue } = await setUp();

    for (const bad of ['abc', '0', '-1', '2.5']) expectError(await put(queue, bad, { status: 'preparing' }), 400);
    expectError(await put(queue, 424242, { status: 'preparing' }), 404);
    expectError(await put(queue, 424242, { priority: 1 }), 404);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown status', { status: 'burnt' }],
    ['an empty status', { status: '' }],
    ['a priority above 10', { priority: 11 }],
    ['a negative priority', { priority: -1 }],
    ['a text priority', { priority: 'high' }],
  ])('when the body is %s, then 400', async (_name, body) => {
    const { queue } = await setUp();
    await confirm(queue, 20, USERS.alice);

    expectError(await put(queue, 20, body), 400);
  });

  it('when a customer or nobody updates, then 403 and 401', async () => {
    const { queue, orders } = await setUp();
    await confirm(queue, 21, USERS.alice);

    expectError(await put(queue, 21, { status: 'preparing' }, alice), 403);
    expectError(await put(queue, 21, { status: 'preparing' }, null), 401);
    expect(orders.calls).toEqual([]);
  });
});
