import { randomBytes } from 'node:crypto';
import { createInProcessBus, silentLogger, type EventBus, type InProcessBus } from '@canteen/service-kit';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisQueueStore } from '../../src/store/redis.queue-store.ts';
import {
  eventually,
  handled,
  publishOrderEvent,
  runningClock,
  startFakeOrders,
  startQueue,
  tokenFor,
  USERS,
  type RunningQueue,
  fakeOrder,
} from '../http/helpers.ts';
import { connectAs, deleteKeys, type WsClient } from './helpers.ts';

const check = await checkInfra('Redis', testUrls.redis);

/** Every key this file writes starts with it; nothing else on the server is touched. */
const keyPrefix = `test:queue-two-instances:${randomBytes(6).toString('hex')}:`;

/** The shared bus as one instance sees it, noting which events that instance handled. */
function recordingBus(bus: InProcessBus, handledHere: Set<string>): EventBus {
  return {
    kind: bus.kind,
    publish: (...args) => bus.publish(...args),
    subscribe: (options) =>
      bus.subscribe({
        ...options,
        handler: async (message) => {
          await options.handler(message);
          handledHere.add(message.messageId);
        },
      }),
    health: () => bus.health(),
    close: async () => {},
    listDeadLetters: (...args) => bus.listDeadLetters(...args),
    countDeadLetters: (queue) => bus.countDeadLetters(queue),
    redriveDeadLetters: (...args) => bus.redriveDeadLetters(...args),
  };
}

describe.skipIf(!check.available)('two queue instances on one Redis behind one bus', () => {
  const admin = new Redis(testUrls.redis, { lazyConnect: true });
  const bus = createInProcessBus({ logger: silentLogger() });
  const handledBy = { a: new Set<string>(), b: new Set<string>() };
  const clients: WsClient[] = [];
  let orders: Awaited<ReturnType<typeof startFakeOrders>>;
  let a: RunningQueue;
  let b: RunningQueue;
  let staff: string;
  let alice: string;

  beforeAll(async () => {
    [staff, alice] = await Promise.all([tokenFor(USERS.staff, 'STAFF'), tokenFor(USERS.alice, 'CUSTOMER')]);
    // The orders service knows the order staff queue by hand (5) and the one they take off (1).
    orders = await startFakeOrders(200, [fakeOrder(5, USERS.carol, 'confirmed', 5, Date.now()), fakeOrder(1, USERS.bob, 'confirmed', 1, Date.now())]);
    // Both instances and their stores on one clock that runs from noon in Kolkata: the day's
    // numbers 1, 2, 3… below would start again at 1 if a run crossed the canteen's midnight.
    const clock = runningClock();
    const start = async (handledHere: Set<string>) =>
      startQueue({
        env: { QUEUE_REDIS_URL: testUrls.redis },
        store: await createRedisQueueStore(testUrls.redis, { keyPrefix, now: clock.now }),
        bus: recordingBus(bus, handledHere),
        clock,
        ordersUrl: orders.url,
      });
    a = await start(handledBy.a);
    b = await start(handledBy.b);
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await a?.stop();
    await b?.stop();
    await bus.close();
    await orders?.close();
    await deleteKeys(admin, keyPrefix);
    admin.disconnect();
  });

  const connect = async (queue: RunningQueue, token: string | null) => {
    const client = await connectAs(queue.wsUrl, token);
    clients.push(client);
    return client;
  };
  const activeOn = async (queue: RunningQueue) => (await queue.call('GET', '/api/queue/active', { token: staff })).body;

  it('when the competing consumers share the events, then a client on A hears of those that B handled, and numbers stay unique', async () => {
    const staffOnA = await connect(a, staff);
    const aliceOnA = await connect(a, alice);
    const eventIds = new Map<number, string>();

    for (const [orderId, userId] of [[1, USERS.bob], [2, USERS.alice], [3, USERS.carol], [4, USERS.alice]] as const) {
      const eventId = await publishOrderEvent(a, { orderId, userId, status: 'confirmed' });
      await handled(a.store, eventId);
      // Recorded by the wrapper once the handler returned, a moment after the inbox row.
      await eventually(() => expect(handledBy.a.has(eventId) || handledBy.b.has(eventId)).toBe(true));
      eventIds.set(orderId, eventId);
    }

    const byB = [...eventIds].filter(([, id]) => handledBy.b.has(id)).map(([orderId]) => orderId);
    const byA = [...eventIds].filter(([, id]) => handledBy.a.has(id)).map(([orderId]) => orderId);
    expect(byB.length).toBeGreaterThan(0);
    expect(byA.length).toBeGreaterThan(0);
    expect([...byA, ...byB].sort()).toEqual([1, 2, 3, 4]);
    for (const orderId of byB) await staffOnA.waitFor((f) => f.type === 'queue_update' && f.data?.order_id === orderId, `order ${orderId} from B`);
    await aliceOnA.waitFor((f) => f.data?.order_id === 4, 'alice order 4');
    expect(aliceOnA.frames.filter((f) => f.type !== 'welcome' && f.type !== 'snapshot').every((f) => f.data.user_id === USERS.alice)).toBe(true);
    const numbers = (await activeOn(b)).map((item: { queue_number: number }) => item.queue_number);
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('when staff change orders over HTTP on B, then clients on A get the updates and both instances agree on positions', async () => {
    const staffOnA = await connect(a, staff);
    const boardOnA = await connect(a, null);

    const raised = await b.call('PUT', '/api/queue/order/4', { token: staff, body: { priority: 2 } });
    const cooking = await b.call('PUT', '/api/queue/order/3', { token: staff, body: { status: 'preparing' } });
    const added = await b.call('POST', '/api/queue/', { token: staff, body: { order_id: 5, user_id: USERS.carol } });
    const removed = await b.call('DELETE', '/api/queue/order/1', { token: staff });

    expect([raised.status, cooking.status, added.status, removed.status]).toEqual([200, 200, 201, 200]);
    await staffOnA.waitFor((f) => f.type === 'status_update' && f.data?.order_id === 4 && f.data?.priority === 2, 'the priority');
    await staffOnA.waitFor((f) => f.type === 'status_update' && f.data?.order_id === 3 && f.data?.status === 'preparing', 'preparing');
    await staffOnA.waitFor((f) => f.type === 'queue_update' && f.data?.order_id === 5 && f.data?.queue_number === 5, 'order 5');
    await staffOnA.waitFor((f) => f.type === 'queue_removed' && f.data?.order_id === 1, 'the removal');
    await boardOnA.waitFor((f) => f.type === 'queue_removed' && f.data?.queue_number === 1, 'the removal on the board');

    const expected = [3, 4, 2, 5];
    await eventually(async () => {
      const [onA, onB] = await Promise.all([activeOn(a), activeOn(b)]);
      expect(onA.map((item: { order_id: number }) => item.order_id)).toEqual(expected);
      expect(onA.map((item: { position: number }) => item.position)).toEqual([1, 2, 3, 4]);
      expect(onB.map(({ order_id, position, status }: Record<string, unknown>) => ({ order_id, position, status }))).toEqual(
        onA.map(({ order_id, position, status }: Record<string, unknown>) => ({ order_id, position, status })),
      );
    });
    const [mineOnA, mineOnB] = await Promise.all([a.call('GET', '/api/queue/order/2', { token: alice }), b.call('GET', '/api/queue/order/2', { token: alice })]);
    expect(mineOnA.body.position).toBe(3);
    expect(mineOnB.body.position).toBe(3);
  });

  it('when B moves an order, then the customer on A hears the new position of her order that sits behind it', async () => {
    const aliceOnA = await connect(a, alice);

    const ready = await b.call('PUT', '/api/queue/order/3', { token: staff, body: { status: 'ready' } });

    expect(ready.status).toBe(200);
    await aliceOnA.waitFor((f) => f.data?.order_id === 4 && f.data?.position === 1, 'order 4 now first');
    await aliceOnA.waitFor((f) => f.data?.order_id === 2 && f.data?.position === 2, 'order 2 now second');
  });
});
