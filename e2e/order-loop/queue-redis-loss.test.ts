import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuItem, Order, QueueItem } from '../../packages/contracts/src/index.ts';
import { createAmqpBus, generateSigningKeyPair, silentLogger, type AmqpBus } from '../../packages/service-kit/src/index.ts';
import { checkInfra, testUrls } from '../../packages/service-kit/src/testing/index.ts';
import { ETA_PROMISES_CONSUMER } from '../../services/orders/src/events/eta-promise.handler.ts';
import { PAYMENT_EVENTS_CONSUMER } from '../../services/orders/src/events/payment-events.handler.ts';
import { openOrderStore } from '../../services/orders/src/store/index.ts';
import {
  client,
  eventually,
  line,
  orderWhen,
  startMenu,
  startOrders,
  startPayments,
  tempDir,
  SERVICE_TOKEN,
  tokensFor,
  type Call,
  type Tokens,
} from '../../services/orders/test/http/helpers.ts';
import { PAYMENT_SUBSCRIPTIONS } from '../../services/payments/src/service.ts';
import { ORDER_EVENTS_CONSUMER } from '../../services/queue/src/events/order-events.handler.ts';
import { createQueueService, loadQueueConfig } from '../../services/queue/src/service.ts';
import { deleteQueues, freshDatabase, ROOT } from './helpers.ts';

// ioredis is the queue service's dependency, not the root's.
const { Redis } = createRequire(path.join(ROOT, 'services/queue/package.json'))('ioredis') as {
  Redis: new (url: string) => { flushdb(): Promise<unknown>; quit(): Promise<unknown>; hvals(key: string): Promise<string[]> };
};

/**
 * Issue 17 in distributed mode: orders on MariaDB, two queue instances on one Redis, every
 * service on RabbitMQ. Redis loses everything (FLUSHDB, as a restart without persistence does)
 * under the running system: the queue is rebuilt from the orders within seconds, with every
 * order's own number and status, and no number is ever given twice. The Redis database index
 * is this file's own (11): FLUSHDB there touches nobody else's keys.
 */
const REDIS_DB = 11;
const mariadb = await checkInfra('MariaDB', testUrls.mysql);
const rabbit = await checkInfra('RabbitMQ', testUrls.amqp);
const redis = await checkInfra('Redis', testUrls.redis);
const redisUrl = (() => {
  const url = new URL(testUrls.redis);
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
})();

describe.skipIf(!mariadb.available || !rabbit.available || !redis.available)('the queue on Redis when Redis loses its data', () => {
  const run = randomBytes(5).toString('hex');
  const exchange = `canteen.e2e.${run}`;
  const queuePrefix = `e2e.${run}.`;
  const buses: AmqpBus[] = [];
  const stops: (() => Promise<void>)[] = [];
  let dir: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let tokens: Tokens;
  let call: Call;
  let queues: Call[] = [];
  let menuItems: Map<string, MenuItem>;

  const bus = async (connectionName: string) => {
    const created = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), exchange, connectionName });
    buses.push(created);
    return created;
  };

  beforeAll(async () => {
    const admin = new Redis(redisUrl);
    await admin.flushdb();
    await admin.quit();
    const keys = generateSigningKeyPair();
    tokens = await tokensFor(keys);
    dir = await tempDir('queue-redis-loss-');
    const database = await freshDatabase(testUrls.mysql, `orders_e2e_${run}`);
    dropDatabase = database.drop;

    const menu = await startMenu(keys, dir, await bus('menu'));
    stops.push(() => menu.service.stop());
    const payments = await startPayments(keys, dir, await bus('payments'), queuePrefix);
    stops.push(() => payments.service.stop());
    const store = await openOrderStore({ kind: 'mysql', url: database.url });
    const orders = await startOrders(keys, dir, await bus('orders'), menu.url, { store, queuePrefix });
    stops.push(() => orders.service.stop());
    for (const name of ['queue-a', 'queue-b']) {
      const queue = await createQueueService(
        loadQueueConfig({
          QUEUE_PORT: '0',
          QUEUE_REDIS_URL: redisUrl,
          JWT_PUBLIC_KEY: keys.publicKey,
          SERVICE_TOKEN: SERVICE_TOKEN,
          QUEUE_RECONCILE_INTERVAL_MS: '1000',
          LOG_LEVEL: 'silent',
        }),
        { bus: await bus(name), queuePrefix, ordersUrl: orders.url, logger: silentLogger() },
      );
      queues.push(client((await queue.start()).url));
      stops.push(() => queue.stop());
    }
    call = client(orders.url);
    const list = (await (await fetch(`${menu.url}/api/menu/items`)).json()) as MenuItem[];
    menuItems = new Map(list.map((item) => [item.name, item]));
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await Promise.allSettled(buses.map((b) => b.close()));
    const amqpQueues = [
      `${queuePrefix}${PAYMENT_EVENTS_CONSUMER}`,
      `${queuePrefix}${ETA_PROMISES_CONSUMER}`,
      `${queuePrefix}${ORDER_EVENTS_CONSUMER}`,
      ...PAYMENT_SUBSCRIPTIONS.map((s) => `${queuePrefix}${s.queue}`),
    ];
    if (rabbit.available) await deleteQueues(testUrls.amqp, amqpQueues, exchange);
    await dropDatabase?.();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (redis.available) {
      const admin = new Redis(redisUrl);
      await admin.flushdb();
      await admin.quit();
    }
  });

  const confirmed = async () => {
    const samosa = menuItems.get('Samosa (2 pcs)')!;
    const res = await call<Order>('POST', '/api/orders/', { token: tokens.customer, body: { items: [line(samosa, 1)] } });
    expect(res.status).toBe(201);
    return orderWhen(call, tokens.customer, res.body.id, (o) => o.status === 'confirmed', 'the order to be confirmed');
  };
  const active = async (queue: Call) => {
    const res = await queue<QueueItem[]>('GET', '/api/queue/active', { token: tokens.staff });
    expect(res.status).toBe(200);
    return res.body.map((item) => [item.order_id, item.queue_number, item.status] as const).sort((a, b) => a[0] - b[0]);
  };

  it('when Redis is flushed under the running system, then both instances rebuild the queue from the orders within seconds, and no number repeats', async () => {
    const orders = [await confirmed(), await confirmed(), await confirmed(), await confirmed()];
    for (const [order, status] of [[orders[1]!, 'preparing'], [orders[2]!, 'ready']] as const) {
      expect((await call('PUT', `/api/orders/${order.id}/status`, { token: tokens.staff, body: { status } })).status).toBe(200);
    }
    const expected = orders
      .map((order, index) => [order.id, order.queue_number!, ['waiting', 'preparing', 'ready', 'waiting'][index]!] as const)
      .sort((a, b) => a[0] - b[0]);
    await eventually(async () => expect(await active(queues[0]!)).toEqual(expected));

    const admin = new Redis(redisUrl);
    await admin.flushdb();
    expect(await admin.hvals('queue:entries')).toEqual([]);

    // Rebuilt in Redis by reconciliation (nothing else tells the queue about these orders again).
    await eventually(async () => {
      const stored = (await admin.hvals('queue:entries')).map((json) => JSON.parse(json) as { orderId: number; queueNumber: number; status: string });
      expect(stored.map((entry) => [entry.orderId, entry.queueNumber, entry.status]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(expected);
    });
    await admin.quit();
    await eventually(async () => {
      expect(await active(queues[0]!)).toEqual(expected);
      expect(await active(queues[1]!)).toEqual(expected);
    });
    const later = [await confirmed(), await confirmed()];
    const all = [...orders, ...later].map((order) => order.queue_number!);
    expect(new Set(all).size).toBe(all.length);
    expect(Math.min(...later.map((order) => order.queue_number!))).toBeGreaterThan(Math.max(...orders.map((order) => order.queue_number!)));
    await eventually(async () => {
      const numbers = (await active(queues[1]!)).map(([, number]) => number);
      expect(numbers.sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b));
    });
  }, 120_000);
});
