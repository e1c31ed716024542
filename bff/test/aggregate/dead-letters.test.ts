import { randomUUID } from 'node:crypto';
import type { DeadLettersResponse, Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeadLettersCommand } from '../../../scripts/dead-letters.ts';
import { client, dish, eventually, expectError, placeConfirmed, placeOrder, startSystem, type System } from './system.ts';

let system: System;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

const paymentSucceeded = (orderId: number, userId: number) => ({
  event_id: randomUUID(),
  event_type: 'payment_completed',
  schema_version: 1,
  timestamp: new Date().toISOString(),
  order_id: orderId,
  user_id: userId,
  payment_id: `pay_${randomUUID().slice(0, 8)}`,
  payment_status: 'success',
  amount: 50,
  payment_method: 'card',
});

async function publish(body: Record<string, unknown>): Promise<string> {
  const messageId = String(body.event_id ?? randomUUID());
  await system.loop.bus.publish('payment.success', body, { messageId });
  return messageId;
}

const deadLetters = (token = system.loop.tokens.admin) =>
  system.bff.call<DeadLettersResponse>('GET', '/api/admin/dead-letters', { token });

const ordersQueue = (body: DeadLettersResponse) => body.queues.find((q) => q.queue === 'orders.payment-events')!;

describe('dead letters through the BFF (poison events on the in-process bus of all-in-one)', () => {
  let malformed: string;
  let early: string;
  let lateOrderId: number;

  it('when a malformed event and one for an order that does not exist yet arrive, then both are dead-lettered at once while other orders keep flowing', async () => {
    const { tokens } = system.loop;
    const before = await placeConfirmed(system, tokens.customer, [dish(system, 'Masala Dosa')]);
    // Orders are numbered in turn: the next one placed gets this id.
    lateOrderId = before.id + 1;
    malformed = await publish({ event_id: randomUUID(), order_id: 'not a number' });
    early = await publish(paymentSucceeded(lateOrderId, 101));

    const after = await placeConfirmed(system, tokens.customer, [dish(system, 'Medu Vada')]);
    expect(after.id).toBe(lateOrderId);
    // Its own payment settled it; the early event is still dead (redriven later, it changes nothing).
    const listed = await eventually(async () => {
      const res = await deadLetters();
      if (res.status !== 200 || ordersQueue(res.body).count < 2) throw new Error(`dead letters not there yet: ${res.text}`);
      return res.body;
    });
    const orders = ordersQueue(listed);
    expect(orders.service).toBe('orders');
    expect(orders.dead_letters.map((d) => [d.message_id, d.reason, d.attempts]).sort()).toEqual(
      [
        [malformed, 'poison', 1],
        [early, 'poison', 1],
      ].sort(),
    );
    expect(orders.dead_letters.find((d) => d.message_id === early)!.error).toContain('is for an order that does not exist');
    expect(orders.dead_letters.find((d) => d.message_id === malformed)!.error).toContain('ZodError');
    expect(listed.unavailable).toEqual([]);
    // The queue service consumes order events and, for the live menu, menu events.
    expect(listed.queues.map((q) => q.service).sort()).toEqual(['orders', 'orders', 'payments', 'payments', 'queue', 'queue']);
  });

  it('when dead letters wait, then /health warns (still 200) on the service and the BFF, and /metrics counts them', async () => {
    const health = await client(system.loop.orders.url)<{ status: string; warnings?: string[] }>('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('OK');
    expect(health.body.warnings).toEqual(['deadLetters: orders.payment-events.dead holds 2']);

    // (This system has no users service, so the BFF's own answer is 503 whatever the orders say.)
    // The details are for staff and monitoring: strangers get the status alone.
    const bffHealth = await system.bff.call<{ dependencies: Record<string, { status: string; detail?: string }> }>('GET', '/health', {
      token: system.loop.tokens.staff,
    });
    expect(bffHealth.body.dependencies.orders).toEqual({ status: 'warn', detail: 'deadLetters: orders.payment-events.dead holds 2' });
    expect(bffHealth.body.dependencies.payments!.status).toBe('up');

    const metrics = await fetch(`${system.loop.orders.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^bus_dead_letters\{queue="orders\.payment-events",service="Order Service"\} 2$/m);
  });

  it('when `npm run dead-letters -- list` runs as an admin, then it prints each queue with its dead letters and their errors', async () => {
    const lines: string[] = [];
    const code = await runDeadLettersCommand(['list'], { baseUrl: system.bff.url, token: system.loop.tokens.admin, print: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines).toContain('orders  orders.payment-events  2 dead');
    expect(lines.some((l) => l.startsWith(`  ${early}  payment.success  poison  attempts 1`))).toBe(true);
    expect(lines).toContain(`    error: PoisonMessageError: payment.success ${early} is for an order that does not exist`);

    const refused: string[] = [];
    expect(await runDeadLettersCommand(['list'], { baseUrl: system.bff.url, token: system.loop.tokens.staff, print: (l) => refused.push(l) })).toBe(2);
    expect(refused[0]).toMatch(/answered 403/);
    expect(await runDeadLettersCommand(['redrive', 'orders.payment-events'], { baseUrl: system.bff.url, print: (l) => refused.push(l) })).toBe(2);
  });

  it('when someone who is not an admin asks, then it is 401 without a token and 403 for staff, and nothing moves', async () => {
    expect((await system.bff.call('GET', '/api/admin/dead-letters')).status).toBe(401);
    expectError(await deadLetters(system.loop.tokens.staff), 403);
    const redrive = await system.bff.call('POST', '/api/admin/dead-letters/redrive', {
      token: system.loop.tokens.staff,
      body: { queue: 'orders.payment-events', all: true },
    });
    expectError(redrive, 403);
    expect(ordersQueue((await deadLetters()).body).count).toBe(2);
  });

  it('when a redrive is asked without saying which, or for a queue nobody consumes, then it is 400 or 404', async () => {
    const call = (body: unknown) => system.bff.call('POST', '/api/admin/dead-letters/redrive', { token: system.loop.tokens.admin, body });
    expectError(await call({ queue: 'orders.payment-events' }), 400);
    expectError(await call({ queue: 'orders.payment-events', all: true, message_id: early }), 400);
    expectError(await call({ queue: 'nobody.listens', all: true }), 404);
    expectError(await call({ queue: 'orders.payment-events', message_id: randomUUID() }), 404);
  });

  it('when the order an early payment was for exists and the admin redrives that one, then it is handled and only the malformed one stays', async () => {
    const { tokens } = system.loop;
    // A cash order waits for its payment: the early event, redriven, is what pays it.
    const cash = await placeOrder(system.bff.call, tokens.customer, { items: [dish(system, 'Plain Dosa')], payment_method: 'cash' });
    const stray = await publish(paymentSucceeded(cash.id + 1, 101));
    await eventually(async () => {
      if (ordersQueue((await deadLetters()).body).count < 3) throw new Error('the stray payment is not dead yet');
    });
    const waiting = await placeOrder(system.bff.call, tokens.customer, { items: [dish(system, 'Plain Dosa')], payment_method: 'cash' });
    expect(waiting.id).toBe(cash.id + 1);
    expect(waiting.status).toBe('placed');

    const res = await system.bff.call('POST', '/api/admin/dead-letters/redrive', {
      token: tokens.admin,
      body: { queue: 'orders.payment-events', message_id: stray },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ queue: 'orders.payment-events', redriven: 1 });
    const paid = await eventually(async () => {
      const order = (await system.bff.call<Order>('GET', `/api/orders/${waiting.id}`, { token: tokens.customer })).body;
      if (order.status !== 'confirmed') throw new Error(`order ${waiting.id} is ${order.status}`);
      return order;
    });
    expect(paid.status).toBe('confirmed');
    const left = ordersQueue((await deadLetters()).body).dead_letters.map((d) => d.message_id);
    expect(left.sort()).toEqual([malformed, early].sort());
  });

  it('when everything is redriven (with the command) and the malformed event still cannot be read, then it alone is back in the dead letters', async () => {
    const lines: string[] = [];
    const env = { baseUrl: system.bff.url, token: system.loop.tokens.admin, print: (l: string) => lines.push(l) };
    expect(await runDeadLettersCommand(['redrive', 'orders.payment-events', '--all'], env)).toBe(0);
    expect(lines).toEqual(['2 dead letter(s) moved back to orders.payment-events']);
    // The early payment's order is paid already: applying it again changes nothing and it is acked.
    await eventually(async () => {
      const left = ordersQueue((await deadLetters()).body).dead_letters.map((d) => d.message_id);
      if (left.length !== 1 || left[0] !== malformed) throw new Error(`left: ${left.join(', ')}`);
    });
  });
});
