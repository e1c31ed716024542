import { BoardItemSchema, QueueItemSchema } from '@canteen/contracts';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirm, deliver, expectError, MINUTE, startQueue, tokenFor, USERS, type RunningQueue } from './helpers.ts';

describe('GET /api/queue/active', () => {
  let queue: RunningQueue;
  let staff: string;
  let alice: string;

  beforeAll(async () => {
    [staff, alice] = await Promise.all([tokenFor(USERS.staff, 'STAFF'), tokenFor(USERS.alice, 'CUSTOMER')]);
  });
  beforeEach(async () => {
    queue = await startQueue();
  });
  afterEach(async () => {
    await queue?.stop();
  });

  /** Four orders a minute apart; the third is being cooked, the first is ready. */
  async function kitchenAtWork() {
    for (const [orderId, userId] of [[11, USERS.alice], [12, USERS.bob], [13, USERS.carol], [14, USERS.alice]] as const) {
      await confirm(queue, orderId, userId);
      queue.clock.advance(MINUTE);
    }
    await deliver(queue, { orderId: 13, userId: USERS.carol, status: 'preparing' });
    await deliver(queue, { orderId: 11, userId: USERS.alice, status: 'ready' });
  }

  it('when the queue is empty, then everyone gets [] and not null', async () => {
    for (const token of [undefined, staff, alice]) {
      const response = await queue.call('GET', '/api/queue/active', token ? { token } : {});
      expect(response.status).toBe(200);
      expect(response.text).toBe('[]');
    }
  });

  it('when staff ask, then they get full QueueItems in queue order: cooking first, then waiting, ready at the end', async () => {
    await kitchenAtWork();

    const response = await queue.call('GET', '/api/queue/active', { token: staff });

    expect(response.status).toBe(200);
    const items = response.body.map((item: unknown) => QueueItemSchema.parse(item));
    expect(items.map((item: { order_id: number }) => item.order_id)).toEqual([13, 12, 14, 11]);
    expect(items.map((item: { status: string }) => item.status)).toEqual(['preparing', 'waiting', 'waiting', 'ready']);
    expect(items.map((item: { position: number }) => item.position)).toEqual([1, 2, 3, 0]);
    expect(items.map((item: { queue_number: number }) => item.queue_number)).toEqual([3, 2, 4, 1]);
    expect(items[0].user_id).toBe(USERS.carol);
  });

  it('when nobody or a customer asks, then they get the board: numbers and states only, in the same order, no user ids', async () => {
    await kitchenAtWork();

    for (const token of [undefined, alice]) {
      const response = await queue.call('GET', '/api/queue/active', token ? { token } : {});

      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { queue_number: 3, status: 'preparing' },
        { queue_number: 2, status: 'waiting' },
        { queue_number: 4, status: 'waiting' },
        { queue_number: 1, status: 'ready' },
      ]);
      for (const item of response.body) expect(Object.keys(BoardItemSchema.strict().parse(item)).sort()).toEqual(['queue_number', 'status']);
      expect(response.text).not.toMatch(/user_id|order_id/);
    }
  });

  it('when staff raise a later order, then it is listed ahead of earlier waiting ones', async () => {
    await kitchenAtWork();

    const raised = await queue.call('PUT', '/api/queue/order/14', { token: staff, body: { priority: 3 } });
    const response = await queue.call('GET', '/api/queue/active', { token: staff });

    expect(raised.status).toBe(200);
    // Order 13 is already cooking: a priority never un-cooks someone's food.
    expect(response.body.map((item: { order_id: number }) => item.order_id)).toEqual([13, 14, 12, 11]);
  });

  it('when the bearer token is invalid, then 401 rather than a silent downgrade to the board', async () => {
    expectError(await queue.call('GET', '/api/queue/active', { token: 'garbage' }), 401);
  });
});
