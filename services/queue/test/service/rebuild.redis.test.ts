import { randomBytes } from 'node:crypto';
import { silentLogger } from '@canteen/service-kit';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoop, SERVICE_TOKEN, type Loop } from '../../../orders/test/http/helpers.ts';
import { newOrder, noEvents } from '../../../orders/test/store/order-store.fixtures.ts';
import { createQueueService, loadQueueConfig, type QueueService } from '../../src/service.ts';
import type { QueueStore } from '../../src/store/queue.store.ts';
import { createRedisQueueStore } from '../../src/store/redis.queue-store.ts';
import { deleteKeys } from './helpers.ts';
import { messageFromEntry } from '../../src/store/redis.queue-tail.ts';

/**
 * The queue lost its Redis while the kitchen held more orders than one page of the orders
 * service's snapshot (5,000 at most): one reconciliation pass brings every one of them back,
 * with the number the orders service gave it. The real orders service (SQLite) and a real
 * Redis, under a key prefix of this file's own.
 */
const check = await checkInfra('Redis', testUrls.redis);
const keyPrefix = `test:queue-rebuild:${randomBytes(6).toString('hex')}:`;
const KITCHEN = 6_200;

describe.skipIf(!check.available)('rebuilding the queue from the orders service after Redis lost it', () => {
  const admin = new Redis(testUrls.redis, { lazyConnect: true });
  let loop: Loop;
  let store: QueueStore;
  let queue: QueueService;
  let orderIds: number[] = [];

  beforeAll(async () => {
    loop = await startLoop();
    const orders = loop.orders.service.store;
    // Straight into the orders store: confirmed orders (numbered there), as a long rush leaves them.
    const now = new Date();
    for (let i = 0; i < KITCHEN; i += 200) {
      const batch = Array.from({ length: Math.min(200, KITCHEN - i) }, () =>
        orders.createOrder(newOrder({ status: 'confirmed', paymentStatus: 'paid', createdAt: now, updatedAt: now }), noEvents),
      );
      orderIds.push(...(await Promise.all(batch)).map((order) => order.id));
    }
    store = await createRedisQueueStore(testUrls.redis, { keyPrefix });
    queue = await createQueueService(
      loadQueueConfig({
        QUEUE_PORT: '0',
        JWT_PUBLIC_KEY: loop.keys.publicKey,
        LOG_LEVEL: 'silent',
        SERVICE_TOKEN,
        // The test runs the pass itself.
        QUEUE_RECONCILE_INTERVAL_MS: '3600000',
      }),
      { bus: loop.bus, store, ordersUrl: loop.orders.url, logger: silentLogger() },
    );
    await queue.start();
    await queue.reconcileNow!();
    await admin.connect();
    // Redis restarted empty: every key of the queue is gone.
    await deleteKeys(admin, keyPrefix);
  }, 120_000);

  afterAll(async () => {
    await queue?.stop();
    await loop?.stop();
    if (admin.status === 'ready') {
      await deleteKeys(admin, keyPrefix);
      await admin.quit();
    }
  });

  it('when the kitchen holds more orders than a snapshot page, then one pass pages through them all and restores each with its number', async () => {
    expect(await store.listActive()).toEqual([]);

    await queue.reconcileNow!();

    const active = await store.listActive();
    expect(active.map((entry) => entry.orderId)).toEqual([...orderIds].sort((a, b) => a - b));
    const numbers = new Map<number, number | null>();
    for (const id of orderIds) numbers.set(id, (await loop.orders.service.store.getOrder(id))!.queueNumber);
    expect(active.every((entry) => entry.status === 'waiting' && entry.queueNumber === numbers.get(entry.orderId))).toBe(true);
    expect(new Set(active.map((entry) => entry.queueNumber)).size).toBe(KITCHEN);
    // Each restored order was announced once on the real-time stream.
    const stream = await admin.xrange(`${keyPrefix}stream`, '-', '+');
    const announced = stream.map(([id, fields]) => messageFromEntry(id, fields)).filter((m) => m.type === 'queue_update');
    expect(new Set(announced.map((m) => m.orderId))).toEqual(new Set(orderIds));
  }, 120_000);

  it('when the next pass finds every order queued, then it changes nothing', async () => {
    const before = await store.lastSeq();

    await queue.reconcileNow!();

    expect(await store.listActive()).toHaveLength(KITCHEN);
    expect(await store.lastSeq()).toBe(before);
  });
});
