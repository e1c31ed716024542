import { randomUUID } from 'node:crypto';
import { OrderStatusChangedEventSchema, ROUTING_KEYS, type Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  item,
  line,
  orderWhen,
  paymentWhen,
  placeOrder,
  probe,
  startLoop,
  type Loop,
  type Probe,
} from '../http/helpers.ts';

/** The order loop on one in-process bus: orders ⇄ payments, with the menu pricing. */
let loop: Loop;
let orderEvents: Probe;
beforeAll(async () => {
  loop = await startLoop();
  orderEvents = await probe(loop.bus, ['order.*']);
});
afterAll(async () => {
  await orderEvents?.cancel();
  await loop?.stop();
});

const order = (extra: Record<string, unknown> = {}) =>
  placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'), 2)], ...extra });
const when = (id: number, predicate: (o: Order) => boolean, what?: string) => orderWhen(loop.call, loop.tokens.customer, id, predicate, what);

describe('the order loop on the in-process bus', () => {
  it('when an order is placed, then payment confirms it: confirmed, paid, with the payment id', async () => {
    const placed = await order();
    const confirmed = await when(placed.id, (o) => o.status === 'confirmed', 'the order to be confirmed');
    expect(confirmed).toMatchObject({ payment_status: 'paid', payment_method: 'mock' });
    expect(confirmed.payment_id).toMatch(/^pay_[0-9a-f]+$/);

    const payment = await paymentWhen(loop.pay, loop.tokens.customer, placed.id, (p) => p.status === 'success');
    expect(payment).toMatchObject({ payment_id: confirmed.payment_id, amount: placed.total_amount, user_id: placed.user_id });
    await eventually(() => expect(orderEvents.of(placed.id).map((m) => m.routingKey)).toEqual(['order.created', 'order.confirmed']));
    const [created, confirmedEvent] = orderEvents.of(placed.id);
    expect(created!.messageId).toBe((created!.body as { event_id: string }).event_id);
    expect(OrderStatusChangedEventSchema.parse(confirmedEvent!.body)).toMatchObject({ old_status: 'placed', new_status: 'confirmed' });
  });

  it('when the gateway declines (token "decline"), then the order is cancelled with the reason', async () => {
    const placed = await order({ payment_token: 'decline' });
    const cancelled = await when(placed.id, (o) => o.status === 'cancelled', 'the order to be cancelled');
    expect(cancelled.payment_status).toBe('failed');
    expect(cancelled.cancel_reason).toMatch(/declined/);
    expect(cancelled.payment_id).toMatch(/^pay_/);
    const payment = await paymentWhen(loop.pay, loop.tokens.customer, placed.id, (p) => p.status === 'failed');
    expect(payment.failure_reason).toBe('declined');
    await eventually(() => {
      const event = orderEvents.of(placed.id, 'order.cancelled');
      expect(event).toHaveLength(1);
      expect(event[0]!.body).toMatchObject({ cancelled_by: 'payment', old_status: 'placed' });
    });
  });

  it('when a paid order is cancelled, then order.cancelled goes out, the payment is refunded and the order shows it', async () => {
    const placed = await order();
    await when(placed.id, (o) => o.payment_status === 'paid');
    const res = await loop.call<Order>('DELETE', `/api/orders/${placed.id}`, { token: loop.tokens.customer, body: { reason: 'late for class' } });
    expect(res.status).toBe(200);

    await eventually(() => {
      const event = orderEvents.of(placed.id, ROUTING_KEYS.orderStatus('cancelled'));
      expect(event).toHaveLength(1);
      expect(OrderStatusChangedEventSchema.parse(event[0]!.body)).toMatchObject({
        old_status: 'confirmed',
        new_status: 'cancelled',
        cancel_reason: 'late for class',
        cancelled_by: 'customer',
        total_amount: placed.total_amount,
      });
    });
    const payment = await paymentWhen(loop.pay, loop.tokens.customer, placed.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunded_amount).toBe(placed.total_amount);
    const refunded = await when(placed.id, (o) => o.payment_status === 'refunded', 'the order to show the refund');
    expect(refunded).toMatchObject({ status: 'cancelled', refunded_amount: placed.total_amount });
  });

  it('when an order is paid in cash, then it waits as placed/pending until staff settle the payment, then it is confirmed', async () => {
    const placed = await order({ payment_method: 'cash' });
    const payment = await paymentWhen(loop.pay, loop.tokens.staff, placed.id, (p) => p.status === 'pending');
    expect(payment.payment_method).toBe('cash');
    // The payment exists and nothing settles it: the order is still waiting.
    const waiting = await loop.call<Order>('GET', `/api/orders/${placed.id}`, { token: loop.tokens.customer });
    expect(waiting.body).toMatchObject({ status: 'placed', payment_status: 'pending' });

    const forbidden = await loop.pay('PUT', `/api/payments/${payment.payment_id}/status`, {
      token: loop.tokens.customer,
      body: { status: 'success' },
    });
    expect(forbidden.status).toBe(403);
    const settled = await loop.pay('PUT', `/api/payments/${payment.payment_id}/status`, { token: loop.tokens.staff, body: { status: 'success' } });
    expect(settled.status).toBe(200);
    const confirmed = await when(placed.id, (o) => o.status === 'confirmed', 'the cash order to be confirmed');
    expect(confirmed).toMatchObject({ payment_status: 'paid', payment_id: payment.payment_id });
    expect(confirmed.queue_number).toEqual(expect.any(Number));
  });

  it('when orders are confirmed, then each has its own queue number in every view of it and in its order.confirmed, and a placed one has none', async () => {
    const [first, second] = [await order(), await order()];
    const unpaid = await order({ payment_method: 'cash' });
    const confirmed = await Promise.all([first, second].map((placed) => when(placed.id, (o) => o.status === 'confirmed')));

    const [a, b] = confirmed.map((o) => o.queue_number!);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a).not.toBe(b);
    const history = await loop.call<Order[]>('GET', `/api/orders/user/${first.user_id}?limit=100`, { token: loop.tokens.customer });
    const listed = new Map(history.body.map((o) => [o.id, o.queue_number]));
    expect([listed.get(first.id), listed.get(second.id), listed.get(unpaid.id)]).toEqual([a, b, null]);
    await eventually(() => {
      const events = [first, second].map((placed) => orderEvents.of(placed.id, 'order.confirmed')[0]?.body as { queue_number?: number });
      expect(events.map((event) => event?.queue_number)).toEqual([a, b]);
    });
    // Moving on through the kitchen keeps the number.
    const preparing = await loop.call<Order>('PUT', `/api/orders/${first.id}/status`, { token: loop.tokens.staff, body: { status: 'preparing' } });
    expect(preparing.body).toMatchObject({ status: 'preparing', queue_number: a });
  });
});

describe('concurrent cancellations', () => {
  const paidOrder = async () => {
    const placed = await order();
    return when(placed.id, (o) => o.payment_status === 'paid');
  };
  /**
   * Waits until the payments service has handled every order.cancelled published so far: a
   * cash order cancelled now queues its order.cancelled behind them (the queue is FIFO and the
   * SQLite handler runs each delivery to its commit in turn), so once its payment shows
   * cancelled, the ones before it are done.
   */
  const paymentsCaughtUp = async () => {
    const sentinel = await order({ payment_method: 'cash' });
    await paymentWhen(loop.pay, loop.tokens.staff, sentinel.id, (p) => p.status === 'pending');
    expect((await loop.call('DELETE', `/api/orders/${sentinel.id}`, { token: loop.tokens.staff })).status).toBe(200);
    await paymentWhen(loop.pay, loop.tokens.staff, sentinel.id, (p) => p.status === 'cancelled');
  };

  it('when two DELETEs for one paid order arrive at once, then one wins, one is 409 and there is ONE refund', async () => {
    const paid = await paidOrder();
    const cancel = (token: string) => loop.call('DELETE', `/api/orders/${paid.id}`, { token });
    const results = await Promise.all([cancel(loop.tokens.customer), cancel(loop.tokens.staff)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await paymentsCaughtUp();

    await when(paid.id, (o) => o.payment_status === 'refunded');
    const payment = await paymentWhen(loop.pay, loop.tokens.staff, paid.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expect(orderEvents.of(paid.id, 'order.cancelled')).toHaveLength(1);
  });

  it('when order.cancelled arrives twice at once (two event ids), then the payment is refunded ONCE', async () => {
    const paid = await paidOrder();
    const res = await loop.call('DELETE', `/api/orders/${paid.id}`, { token: loop.tokens.staff });
    expect(res.status).toBe(200);
    const original = await eventually(() => {
      const [event] = orderEvents.of(paid.id, 'order.cancelled');
      if (!event) throw new Error('order.cancelled not seen yet');
      return event.body as Record<string, unknown>;
    });
    // Another replica's cancellation of the same order, plus the same event redelivered, at once.
    const twin = { ...original, event_id: randomUUID() };
    await Promise.all([
      loop.bus.publish('order.cancelled', twin, { messageId: twin.event_id }),
      loop.bus.publish('order.cancelled', original, { messageId: original.event_id as string }),
      loop.bus.publish('order.cancelled', twin, { messageId: twin.event_id }),
    ]);
    await paymentsCaughtUp();

    const payment = await paymentWhen(loop.pay, loop.tokens.staff, paid.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunded_amount).toBe(paid.total_amount);
    const final = await when(paid.id, (o) => o.payment_status === 'refunded');
    expect(final.refunded_amount).toBe(paid.total_amount);
  });
});
