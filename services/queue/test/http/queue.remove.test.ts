import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirm, expectError, publishOrderEvent, handled, startQueue, streamSince, tokenFor, USERS, type RunningQueue } from './helpers.ts';

describe('DELETE /api/queue/order/{orderId}', () => {
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

  it('when staff remove an order, then 200 with the original message, it is gone and queue_removed is on the stream', async () => {
    await confirm(queue, 31, USERS.alice);
    const before = await queue.store.lastSeq();

    const response = await queue.call('DELETE', '/api/queue/order/31', { token: staff });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Order removed from queue successfully' });
    expectError(await queue.call('GET', '/api/queue/order/31', { token: staff }), 404);
    expect((await queue.call('GET', '/api/queue/active', { token: staff })).body).toEqual([]);
    const removal = (await streamSince(queue.store, before)).find((m) => m.type === 'queue_removed');
    expect(removal).toMatchObject({ orderId: 31, userId: USERS.alice, data: { order_id: 31 } });
  });

  it('when a confirmed event for a removed order arrives later (or again), then it does not come back', async () => {
    await confirm(queue, 32, USERS.alice);
    await queue.call('DELETE', '/api/queue/order/32', { token: staff });

    const late = await publishOrderEvent(queue, { orderId: 32, userId: USERS.alice, status: 'confirmed' });
    await handled(queue.store, late);

    expect(await queue.store.getEntry(32)).toBeUndefined();
    expectError(await queue.call('GET', '/api/queue/order/32', { token: alice }), 404);
    expect((await queue.call('POST', '/api/queue/', { token: staff, body: { order_id: 32, user_id: USERS.alice } })).status).toBe(404);
  });

  it('when the order was never queued, then still 200, as in the original, and the stream is unchanged', async () => {
    const before = await queue.store.lastSeq();

    const response = await queue.call('DELETE', '/api/queue/order/777', { token: staff });

    expect(response.status).toBe(200);
    expect(await queue.store.lastSeq()).toBe(before);
  });

  it('when a customer or nobody removes, or the id is bad, then 403, 401 and 400, and the order stays', async () => {
    await confirm(queue, 33, USERS.alice);

    expectError(await queue.call('DELETE', '/api/queue/order/33', { token: alice }), 403);
    expectError(await queue.call('DELETE', '/api/queue/order/33'), 401);
    expectError(await queue.call('DELETE', '/api/queue/order/abc', { token: staff }), 400);
    expect((await queue.store.getEntry(33))?.status).toBe('waiting');
  });
});
