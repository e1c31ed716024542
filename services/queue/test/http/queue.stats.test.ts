import { QueueStatsSchema } from '@canteen/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { confirm, deliver, MINUTE, startFakeOrders, startQueue, tokenFor, USERS, type RunningQueue } from './helpers.ts';

describe('GET /api/queue/stats', () => {
  const running: Array<{ stop?: () => Promise<void>; close?: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const thing of running.splice(0).reverse()) await (thing.stop ?? thing.close)?.();
  });

  async function setUp(ordersUrl?: string): Promise<RunningQueue> {
    const queue = await startQueue(ordersUrl ? { ordersUrl } : {});
    running.push(queue);
    return queue;
  }

  const stats = async (queue: RunningQueue) => {
    const response = await queue.call('GET', '/api/queue/stats');
    expect(response.status).toBe(200);
    return QueueStatsSchema.parse(response.body);
  };

  it('when nothing happened today, then every number is 0', async () => {
    const queue = await setUp();

    expect(await stats(queue)).toEqual({
      total_orders_today: 0,
      average_wait_time: 0,
      active_orders_count: 0,
      throughput_last_hour: 0,
      ready_count: 0,
    });
  });

  it('when orders became ready 10 and 20 minutes after confirmation, then the average wait is 15 minutes on the injected clock', async () => {
    const queue = await setUp();
    for (const [orderId, userId] of [[41, USERS.alice], [42, USERS.bob], [43, USERS.carol]] as const) await confirm(queue, orderId, userId);

    queue.clock.advance(10 * MINUTE);
    await deliver(queue, { orderId: 41, userId: USERS.alice, status: 'ready' });
    queue.clock.advance(10 * MINUTE);
    await deliver(queue, { orderId: 42, userId: USERS.bob, status: 'ready' });

    expect(await stats(queue)).toEqual({
      total_orders_today: 3,
      average_wait_time: 15,
      // Ready orders are at the counter, no longer in the kitchen's queue.
      active_orders_count: 1,
      throughput_last_hour: 2,
      ready_count: 2,
    });
  });

  it('when more than an hour passes, then the throughput forgets those orders but today keeps its totals', async () => {
    const queue = await setUp();
    await confirm(queue, 44, USERS.alice);
    queue.clock.advance(6 * MINUTE);
    await deliver(queue, { orderId: 44, userId: USERS.alice, status: 'ready' });
    await deliver(queue, { orderId: 44, userId: USERS.alice, status: 'completed' });
    expect(await stats(queue)).toMatchObject({ throughput_last_hour: 1, average_wait_time: 6, ready_count: 0, active_orders_count: 0 });

    queue.clock.advance(61 * MINUTE);

    expect(await stats(queue)).toEqual({
      total_orders_today: 1,
      average_wait_time: 6,
      active_orders_count: 0,
      throughput_last_hour: 0,
      ready_count: 0,
    });
  });

  it('when staff mark an order ready through the API 12 minutes after it was confirmed, then that wait counts too', async () => {
    const orders = await startFakeOrders(200);
    running.push(orders);
    const queue = await setUp(orders.url);
    const staff = await tokenFor(USERS.staff, 'STAFF');
    await confirm(queue, 45, USERS.bob);

    queue.clock.advance(12 * MINUTE);
    const ready = await queue.call('PUT', '/api/queue/order/45', { token: staff, body: { status: 'ready' } });

    expect(ready.status).toBe(200);
    expect(await stats(queue)).toMatchObject({ total_orders_today: 1, average_wait_time: 12, throughput_last_hour: 1, ready_count: 1 });
  });

  it('when a wait is not a whole number of minutes, then the average keeps one decimal', async () => {
    const queue = await setUp();
    await confirm(queue, 46, USERS.alice);
    await confirm(queue, 47, USERS.bob);
    queue.clock.advance(7 * MINUTE);
    await deliver(queue, { orderId: 46, userId: USERS.alice, status: 'ready' });
    queue.clock.advance(MINUTE / 2);
    await deliver(queue, { orderId: 47, userId: USERS.bob, status: 'ready' });

    // (7 + 7.5) / 2 = 7.25 → 7.3
    expect((await stats(queue)).average_wait_time).toBe(7.3);
  });
});
