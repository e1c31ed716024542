import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { MenuItem, Order } from '@canteen/contracts';
import { createInProcessBus, generateSigningKeyPair, silentLogger, type InProcessBus } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsService, loadPaymentsConfig, type PaymentsService } from '../../../payments/src/service.ts';
import { createOrdersService, loadOrdersConfig, type OrdersService } from '../../src/service.ts';
import { client, eventually, line, orderWhen, paymentWhen, placeOrder, startMenu, tempDir, tokensFor, type Call, type Tokens } from '../http/helpers.ts';

/**
 * The reconciliation between payments and orders (issue 16), on the real services and their
 * SQLite stores. Orders and payments each get a bus of their own and the test carries events
 * between them, so it can lose the payment answers of chosen orders: the paid order stuck in
 * `placed` that a dead-lettered `payment.success` left behind. The orders service's scheduled
 * reconciliation (every 100 ms here, for orders older than a second) must find and repair it.
 */
const SERVICE_TOKEN = randomUUID() + randomUUID();

let dir: string;
let ordersBus: InProcessBus;
let paymentsBus: InProcessBus;
let orders: OrdersService;
let payments: PaymentsService;
let menu: Awaited<ReturnType<typeof startMenu>>;
let ordersUrl: string;
let call: Call;
let pay: Call;
let tokens: Tokens;
let dish: MenuItem;
const lost = new Set<number>();

/** Carries `routingKeys` from one bus to the other, dropping the events of orders in `drop`. */
async function lane(from: InProcessBus, to: InProcessBus, queue: string, routingKeys: string[], drop = new Set<number>()) {
  await from.subscribe({
    queue,
    routingKeys,
    handler: async (m) => {
      if (drop.has((m.body as { order_id: number }).order_id)) return;
      await to.publish(m.routingKey, m.body, { messageId: m.messageId });
    },
  });
}

beforeAll(async () => {
  const keys = generateSigningKeyPair();
  tokens = await tokensFor(keys);
  dir = await tempDir();
  ordersBus = createInProcessBus({ logger: silentLogger() });
  paymentsBus = createInProcessBus({ logger: silentLogger() });
  await lane(ordersBus, paymentsBus, 'test.lane.to-payments', ['order.*', 'payment.initiated']);
  await lane(paymentsBus, ordersBus, 'test.lane.to-orders', ['payment.*'], lost);
  menu = await startMenu(keys, dir, ordersBus);
  payments = await createPaymentsService(
    loadPaymentsConfig({ PAYMENTS_PORT: '0', JWT_PUBLIC_KEY: keys.publicKey, PAYMENTS_DB_PATH: path.join(dir, 'payments.sqlite'), SERVICE_TOKEN, LOG_LEVEL: 'silent' }),
    { bus: paymentsBus, logger: silentLogger() },
  );
  const paymentsUrl = (await payments.start()).url;
  orders = await createOrdersService(
    loadOrdersConfig({
      ORDERS_PORT: '0',
      JWT_PUBLIC_KEY: keys.publicKey,
      ORDERS_DB_PATH: path.join(dir, 'orders.sqlite'),
      MENU_SERVICE_URL: menu.url,
      PAYMENTS_SERVICE_URL: paymentsUrl,
      SERVICE_TOKEN,
      RECONCILE_INTERVAL_MS: '100',
      RECONCILE_AFTER_MS: '1000',
      LOG_LEVEL: 'silent',
    }),
    { bus: ordersBus, logger: silentLogger() },
  );
  ordersUrl = (await orders.start()).url;
  call = client(ordersUrl);
  pay = client(paymentsUrl);
  const items = (await (await fetch(`${menu.url}/api/menu/items`)).json()) as MenuItem[];
  dish = items.find((i) => i.name === 'Masala Dosa')!;
});
afterAll(async () => {
  await orders?.stop();
  await payments?.stop();
  await menu?.service.stop();
  await ordersBus?.close();
  await paymentsBus?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const reconciled = async (kind: string): Promise<number> => {
  const text = await (await fetch(`${ordersUrl}/metrics`)).text();
  const match = new RegExp(`^orders_reconciled_total\\{case="${kind}"[^}]*\\} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
};

/** Places an order whose payment answer will never reach the orders service. */
async function placeLosingTheAnswer(body: Record<string, unknown> = {}): Promise<Order> {
  const next = (await placeOrder(call, tokens.customer, { items: [line(dish)], payment_method: 'cash' })).id + 1;
  lost.add(next);
  const order = await placeOrder(call, tokens.customer, { items: [line(dish)], ...body });
  expect(order.id).toBe(next);
  return order;
}

describe('the payment reconciliation', () => {
  it('when a payment succeeded but its answer never reached the order, then the schedule confirms the order a little later, once, and counts it', async () => {
    const before = await reconciled('paid-not-confirmed');
    const order = await placeLosingTheAnswer();
    await paymentWhen(pay, tokens.admin, order.id, (p) => p.status === 'success');
    expect((await call<Order>('GET', `/api/orders/${order.id}`, { token: tokens.customer })).body.status).toBe('placed');

    const repaired = await orderWhen(call, tokens.customer, order.id, (o) => o.status === 'confirmed', 'the repaired order');
    expect(repaired.payment_status).toBe('paid');
    await eventually(async () => expect(await reconciled('paid-not-confirmed')).toBe(before + 1));
  });

  it('when the lost answer arrives after all (a redrive), then it changes nothing more', async () => {
    const order = await placeLosingTheAnswer();
    await orderWhen(call, tokens.customer, order.id, (o) => o.status === 'confirmed', 'the repaired order');
    const payment = await paymentWhen(pay, tokens.admin, order.id, (p) => p.status === 'success');
    const seen: string[] = [];
    await ordersBus.subscribe({ queue: `test.probe.${randomUUID()}`, routingKeys: ['order.confirmed', 'order.cancelled'], handler: async (m) => void seen.push(m.routingKey) });
    const count = await reconciled('paid-not-confirmed');

    await ordersBus.publish('payment.success', {
      event_id: randomUUID(), event_type: 'payment_completed', schema_version: 1, timestamp: new Date().toISOString(),
      order_id: order.id, user_id: order.user_id, payment_id: payment.payment_id, payment_status: 'success', amount: payment.amount, payment_method: 'mock',
    }, { messageId: randomUUID() });
    // A later order goes through normally; had the late answer changed anything, a status event would show it first.
    const later = await placeOrder(call, tokens.customer, { items: [line(dish)] });
    await orderWhen(call, tokens.customer, later.id, (o) => o.status === 'confirmed', 'a later order');
    await eventually(() => expect(seen.length).toBeGreaterThan(0));
    expect(seen).toEqual(['order.confirmed']);
    expect(await reconciled('paid-not-confirmed')).toBe(count);
    expect(await ordersBus.countDeadLetters('orders.payment-events')).toBe(0);
  });

  it('when a payment was declined but its answer never arrived, then the order is cancelled with the reason and counted', async () => {
    const before = await reconciled('failed-not-cancelled');
    const order = await placeLosingTheAnswer({ payment_token: 'decline' });
    await paymentWhen(pay, tokens.admin, order.id, (p) => p.status === 'failed');

    const cancelled = await orderWhen(call, tokens.customer, order.id, (o) => o.status === 'cancelled', 'the cancelled order');
    expect(cancelled.cancel_reason).toMatch(/declined/);
    await eventually(async () => expect(await reconciled('failed-not-cancelled')).toBe(before + 1));
  });

  it('when an order counts as paid but the payments service has no successful payment, then it is flagged once and left as it is', async () => {
    const cash = await placeOrder(call, tokens.customer, { items: [line(dish)], payment_method: 'cash' });
    await paymentWhen(pay, tokens.admin, cash.id, (p) => p.status === 'pending');
    // A success nobody charged (a bug, a restored database): the order believes it.
    await ordersBus.publish('payment.success', {
      event_id: randomUUID(), event_type: 'payment_completed', schema_version: 1, timestamp: new Date().toISOString(),
      order_id: cash.id, user_id: cash.user_id, payment_id: 'pay_phantom', payment_status: 'success', amount: cash.total_amount, payment_method: 'cash',
    }, { messageId: randomUUID() });
    await orderWhen(call, tokens.customer, cash.id, (o) => o.status === 'confirmed', 'the wrongly confirmed order');

    await eventually(async () => expect(await reconciled('paid-without-payment')).toBe(1));
    // More passes (every 100 ms) neither count it again nor touch the order.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await reconciled('paid-without-payment')).toBe(1);
    expect((await call<Order>('GET', `/api/orders/${cash.id}`, { token: tokens.customer })).body.status).toBe('confirmed');
  });

  it('when the payments lookup is called without the service token, then it is 401', async () => {
    const res = await pay('GET', '/internal/payments?order_ids=1');
    expect(res.status).toBe(401);
  });
});
