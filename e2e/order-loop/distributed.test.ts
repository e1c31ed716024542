import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuItem, Order } from '../../packages/contracts/src/index.ts';
import { createAmqpBus, generateSigningKeyPair, silentLogger, type AmqpBus } from '../../packages/service-kit/src/index.ts';
import { checkInfra, testUrls } from '../../packages/service-kit/src/testing/index.ts';
import { ORDER_EVENTS_CONSUMER as MENU_ORDER_EVENTS } from '../../services/menu/src/events/order-events.handler.ts';
import { ETA_PROMISES_CONSUMER } from '../../services/orders/src/events/eta-promise.handler.ts';
import { PAYMENT_EVENTS_CONSUMER } from '../../services/orders/src/events/payment-events.handler.ts';
import { openOrderStore } from '../../services/orders/src/store/index.ts';
import {
  client,
  eventually,
  line,
  orderWhen,
  paymentWhen,
  probe,
  startMenu,
  startOrders,
  startPayments,
  tempDir,
  tokensFor,
  type Call,
  type Probe,
  type Tokens,
} from '../../services/orders/test/http/helpers.ts';
import { PAYMENT_SUBSCRIPTIONS } from '../../services/payments/src/service.ts';
import { deleteQueues, freshDatabase } from './helpers.ts';

/**
 * The order loop as deployed: orders on MariaDB, every service with its own connection to the
 * real RabbitMQ. Each run gets an exchange, queue names and a database of its own, so parallel
 * runs (and the other e2e files, which use the default exchange) never see each other's events:
 * order ids start at 1 in every fresh database, so a shared exchange would mix their payments.
 */
const mariadb = await checkInfra('MariaDB', testUrls.mysql);
const rabbit = await checkInfra('RabbitMQ', testUrls.amqp);

describe.skipIf(!mariadb.available || !rabbit.available)('the order loop over RabbitMQ with orders on MariaDB', () => {
  const run = randomBytes(5).toString('hex');
  const exchange = `canteen.e2e.${run}`;
  const queuePrefix = `e2e.${run}.`;
  const probeQueue = `${queuePrefix}probe.order-events`;
  const buses: AmqpBus[] = [];
  const stops: (() => Promise<void>)[] = [];
  let dir: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let tokens: Tokens;
  let call: Call;
  let pay: Call;
  let orderEvents: Probe;
  let menuItems: Map<string, MenuItem>;

  const bus = async (connectionName: string) => {
    const created = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), exchange, connectionName });
    buses.push(created);
    return created;
  };

  beforeAll(async () => {
    const keys = generateSigningKeyPair();
    tokens = await tokensFor(keys);
    dir = await tempDir('orders-e2e-');
    const database = await freshDatabase(testUrls.mysql, `orders_e2e_${run}`);
    dropDatabase = database.drop;

    // The probe's queue is bound before anything is published: the exchange drops unrouted events.
    orderEvents = await probe(await bus('e2e-probe'), ['order.*'], probeQueue);
    const menu = await startMenu(keys, dir, await bus('menu'), queuePrefix);
    stops.push(() => menu.service.stop());
    const payments = await startPayments(keys, dir, await bus('payments'), queuePrefix);
    stops.push(() => payments.service.stop());
    const store = await openOrderStore({ kind: 'mysql', url: database.url });
    const orders = await startOrders(keys, dir, await bus('orders'), menu.url, { store, queuePrefix });
    stops.push(() => orders.service.stop());

    call = client(orders.url);
    pay = client(payments.url);
    const list = (await (await fetch(`${menu.url}/api/menu/items`)).json()) as MenuItem[];
    menuItems = new Map(list.map((item) => [item.name, item]));
  });

  afterAll(async () => {
    await orderEvents?.cancel();
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await Promise.allSettled(buses.map((b) => b.close()));
    const queues = [probeQueue, `${queuePrefix}${PAYMENT_EVENTS_CONSUMER}`, `${queuePrefix}${ETA_PROMISES_CONSUMER}`, `${queuePrefix}${MENU_ORDER_EVENTS}`, ...PAYMENT_SUBSCRIPTIONS.map((s) => `${queuePrefix}${s.queue}`)];
    if (rabbit.available) await deleteQueues(testUrls.amqp, queues, exchange);
    await dropDatabase?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const place = async (extra: Record<string, unknown> = {}) => {
    const samosa = menuItems.get('Samosa (2 pcs)')!;
    const res = await call<Order>('POST', '/api/orders/', {
      token: tokens.customer,
      body: { items: [line(samosa, 2)], ...extra },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const when = (id: number, predicate: (o: Order) => boolean, what?: string) => orderWhen(call, tokens.customer, id, predicate, what);

  it('when an order is placed, then the payment over RabbitMQ confirms it: confirmed, paid, payment id set', async () => {
    const placed = await place();
    expect(placed.status).toBe('placed');
    const confirmed = await when(placed.id, (o) => o.status === 'confirmed', 'the order to be confirmed');
    expect(confirmed.payment_status).toBe('paid');
    const payment = await paymentWhen(pay, tokens.customer, placed.id, (p) => p.status === 'success');
    expect(confirmed.payment_id).toBe(payment.payment_id);
    await eventually(() => expect(orderEvents.of(placed.id).map((m) => m.routingKey).sort()).toEqual(['order.confirmed', 'order.created']));
  });

  it('when the gateway declines, then the order is cancelled with the reason', async () => {
    const placed = await place({ payment_token: 'decline' });
    const cancelled = await when(placed.id, (o) => o.status === 'cancelled', 'the order to be cancelled');
    expect(cancelled).toMatchObject({ payment_status: 'failed', cancel_reason: expect.stringMatching(/declined/) });
  });

  it('when a paid order is cancelled, then order.cancelled is published and the payment is refunded once', async () => {
    const placed = await place();
    await when(placed.id, (o) => o.payment_status === 'paid');
    // Customer and staff cancel at the same moment: one wins.
    const results = await Promise.all(
      [tokens.customer, tokens.staff].map((token) => call('DELETE', `/api/orders/${placed.id}`, { token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);

    await eventually(() => expect(orderEvents.of(placed.id, 'order.cancelled')).toHaveLength(1));
    const payment = await paymentWhen(pay, tokens.customer, placed.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunded_amount).toBe(placed.total_amount);
    const refunded = await when(placed.id, (o) => o.payment_status === 'refunded', 'the order to show the refund');
    expect(refunded).toMatchObject({ status: 'cancelled', refunded_amount: placed.total_amount });
  });

  it('when an order is paid in cash, then it stays placed until staff settle it, then it is confirmed', async () => {
    const placed = await place({ payment_method: 'cash' });
    const payment = await paymentWhen(pay, tokens.staff, placed.id, (p) => p.status === 'pending');
    expect((await call<Order>('GET', `/api/orders/${placed.id}`, { token: tokens.customer })).body).toMatchObject({
      status: 'placed',
      payment_status: 'pending',
    });
    const settled = await pay('PUT', `/api/payments/${payment.payment_id}/status`, { token: tokens.staff, body: { status: 'success' } });
    expect(settled.status).toBe(200);
    const confirmed = await when(placed.id, (o) => o.status === 'confirmed', 'the cash order to be confirmed');
    expect(confirmed).toMatchObject({ payment_status: 'paid', payment_id: payment.payment_id });
  });
});
