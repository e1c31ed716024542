import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuItem, Order } from '../../packages/contracts/src/index.ts';
import {
  createAmqpBus,
  createInProcessBus,
  createTokenSigner,
  generateSigningKeyPair,
  silentLogger,
  type AmqpBus,
  type BusMessage,
  type InProcessBus,
  type KeyPairPem,
} from '../../packages/service-kit/src/index.ts';
import { checkInfra, testUrls } from '../../packages/service-kit/src/testing/index.ts';
import type { MenuService } from '../../services/menu/src/service.ts';
import { ETA_PROMISES_CONSUMER } from '../../services/orders/src/events/eta-promise.handler.ts';
import { PAYMENT_EVENTS_CONSUMER } from '../../services/orders/src/events/payment-events.handler.ts';
import { client, eventually, line, startMenu, tempDir } from '../../services/orders/test/http/helpers.ts';
import { CuttableProxy, deleteQueues, freePort, queueExists, spawnService, type ChildService } from './helpers.ts';

/**
 * The transactional outbox's promise, tested on a real process: an order committed by an
 * orders process that dies before RabbitMQ confirmed its events is still announced, by the
 * next process on the same database. The first process reaches RabbitMQ through a proxy that
 * goes silent, so its publishes cannot be confirmed; then it is SIGKILLed (no shutdown hook
 * runs). The relay's claim on those outbox rows is a lease of a minute, so the restarted
 * process publishes them once it has run out: hence the generous waits.
 */
const rabbit = await checkInfra('RabbitMQ', testUrls.amqp);

describe.skipIf(!rabbit.available)('orders killed between commit and publish', () => {
  const run = randomBytes(5).toString('hex');
  const probeQueue = `e2e.crash.${run}.probe`;
  // The child uses the production queue name (main.ts has no prefix): remove it afterwards only if this test made it.
  const ordersQueues = [PAYMENT_EVENTS_CONSUMER, ETA_PROMISES_CONSUMER];
  // A user id of its own: on the shared exchange, other runs' orders may carry the same order ids.
  const userId = 5_000_000 + Math.floor(Math.random() * 1_000_000);
  const children: ChildService[] = [];
  const received: BusMessage[] = [];
  let ordersQueuesExisted = [true, true];
  let dir: string | undefined;
  let keys: KeyPairPem;
  let menuBus: InProcessBus | undefined;
  let menu: { url: string; service: MenuService } | undefined;
  let probeBus: AmqpBus | undefined;
  let proxy: CuttableProxy | undefined;

  beforeAll(async () => {
    keys = generateSigningKeyPair();
    dir = await tempDir('orders-crash-');
    menuBus = createInProcessBus({ logger: silentLogger() });
    menu = await startMenu(keys, dir, menuBus);
    ordersQueuesExisted = await Promise.all(ordersQueues.map((queue) => queueExists(testUrls.amqp, queue)));

    // Bound BEFORE the order exists: the exchange drops events no queue is bound to.
    probeBus = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), connectionName: 'e2e-crash-probe' });
    await probeBus.subscribe({
      queue: probeQueue,
      routingKeys: ['order.created', 'payment.initiated'],
      handler: async (message) => {
        if ((message.body as { user_id?: unknown }).user_id === userId) received.push(message);
      },
    });
    proxy = new CuttableProxy(new URL(testUrls.amqp));
    await proxy.up();
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    await proxy?.cut();
    await probeBus?.close();
    await menu?.service.stop();
    await menuBus?.close();
    const queues = [probeQueue, ...ordersQueues.filter((_, i) => !ordersQueuesExisted[i])];
    if (rabbit.available) await deleteQueues(testUrls.amqp, queues);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const startOrdersProcess = async (amqpUrl: string) => {
    const port = await freePort();
    const child = await spawnService(
      'services/orders/src/main.ts',
      {
        ORDERS_PORT: String(port),
        ORDERS_DB_PATH: path.join(dir!, 'orders.sqlite'),
        MENU_SERVICE_URL: menu!.url,
        JWT_PUBLIC_KEY: keys.publicKey,
        LOG_LEVEL: 'warn',
        AMQP_URL: amqpUrl,
      },
      port,
      '/api/orders/health',
    );
    children.push(child);
    return child;
  };

  it('when the process dies after the 201 but before the broker confirmed, then the restarted one publishes both events', { timeout: 240_000 }, async () => {
    const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 3600 });
    const { token } = await signer.sign({ userId: String(userId), email: `${userId}@canteen.test`, role: 'CUSTOMER' });
    const menuItems = (await (await fetch(`${menu!.url}/api/menu/items`)).json()) as MenuItem[];
    const dosa = menuItems.find((item) => item.name === 'Plain Dosa')!;

    const first = await startOrdersProcess(proxy!.url);
    proxy!.blackhole();
    const placed = await client(first.url)<Order>('POST', '/api/orders/', {
      token,
      body: { items: [line(dosa, 2)] },
    });
    expect(placed.status, placed.text).toBe(201); // committed, with its outbox rows
    const orderId = placed.body.id;
    await first.kill();
    // Nothing got through the silent proxy.
    expect(received.filter((m) => (m.body as { order_id: number }).order_id === orderId)).toEqual([]);

    const second = await startOrdersProcess(testUrls.amqp);
    const read = await client(second.url)<Order>('GET', `/api/orders/${orderId}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.user_id).toBe(userId);

    const events = await eventually(
      () => {
        const mine = received.filter((m) => (m.body as { order_id: number }).order_id === orderId);
        const keys = new Set(mine.map((m) => m.routingKey));
        if (!keys.has('order.created') || !keys.has('payment.initiated')) {
          throw new Error(`still waiting for the outbox; got ${[...keys].join(', ') || 'nothing'}\n${second.output()}`);
        }
        return mine;
      },
      { timeoutMs: 150_000, intervalMs: 250 },
    );
    for (const routingKey of ['order.created', 'payment.initiated']) {
      const copies = events.filter((m) => m.routingKey === routingKey);
      // At least once, and every copy is the same event (consumers deduplicate on it).
      expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
      expect((copies[0]!.body as { event_id: string }).event_id).toBe(copies[0]!.messageId);
      expect(copies[0]!.body).toMatchObject({ order_id: orderId, user_id: userId });
    }
    expect((events.find((m) => m.routingKey === 'payment.initiated')!.body as { amount: number }).amount).toBe(placed.body.total_amount);
  });
});
