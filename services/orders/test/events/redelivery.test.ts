import type { BusMessage, InProcessBus } from '@canteen/service-kit';
import type { Order, Payment } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, item, line, orderWhen, paymentWhen, placeOrder, splitBuses, startLoop, type Lane, type Loop, type SplitBuses } from '../http/helpers.ts';

/**
 * At-least-once, out of order: the orders service (with the menu) and the payments service each
 * get a bus of their own, and the test carries the events between them. It holds what each side
 * publishes and, on `release`, delivers it to the other side three times, newest first, with the
 * original messageIds — a broker redelivering and reordering as badly as it may. The outcome
 * must be what in-order, once-only delivery gives: one payment per order, one refund per
 * cancelled paid order, and the same final states.
 */
let loop: Loop;
let buses: SplitBuses;
let paymentsBus: InProcessBus;
let toPayments: Lane;
let toOrders: Lane;

beforeAll(async () => {
  buses = await splitBuses();
  ({ paymentsBus, toPayments, toOrders } = buses);
  loop = await startLoop({ bus: buses.ordersBus, paymentsBus });
});
afterAll(async () => {
  await loop?.stop();
  await buses?.close();
});

const place = (extra: Record<string, unknown> = {}) =>
  placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Veg Manchurian'), 1, { style: ['dry'] })], ...extra });
const get = async (id: number) => (await loop.call<Order>('GET', `/api/orders/${id}`, { token: loop.tokens.staff })).body;
const paymentOf = async (id: number) => (await loop.pay<Payment>('GET', `/api/payments/order/${id}`, { token: loop.tokens.staff })).body;
const orderIdOf = (message: BusMessage) => (message.body as { order_id: number }).order_id;
/** Waits until the lane holds `routingKey` for each of the orders. */
const untilHeld = (lane: Lane, routingKey: string, orders: Order[]) =>
  eventually(() => {
    const held = new Set(lane.held.filter((m) => m.routingKey === routingKey).map(orderIdOf));
    expect(orders.filter((o) => !held.has(o.id)).map((o) => o.id)).toEqual([]);
  });

/**
 * Everything released before now has been handled on both sides: a fresh cash order's events
 * are released after them, and both queues are FIFO with handlers that commit in turn.
 */
async function settleAll(): Promise<void> {
  const sentinel = await place({ payment_method: 'cash' });
  await untilHeld(toPayments, 'payment.initiated', [sentinel]);
  await toPayments.release();
  const payment = await paymentWhen(loop.pay, loop.tokens.staff, sentinel.id, (p) => p.status === 'pending');
  const settled = await loop.pay('PUT', `/api/payments/${payment.payment_id}/status`, { token: loop.tokens.staff, body: { status: 'success' } });
  expect(settled.status).toBe(200);
  await untilHeld(toOrders, 'payment.success', [sentinel]);
  await toOrders.release();
  await orderWhen(loop.call, loop.tokens.staff, sentinel.id, (o) => o.status === 'confirmed');
  await toPayments.release(); // its order.confirmed, which payments does not listen to
}

describe('every event delivered three times and out of order', () => {
  it('when all events arrive 3× newest first, then the states are those of in-order delivery, one payment and one refund each', async () => {
    // A: paid, then cancelled after confirmation. B: declined. C: cash, settled by staff.
    // D: cancelled while its payment's success is still in flight. E: cancelled before payments heard of it.
    const [a, b, c, d, e] = [
      await place(),
      await place({ payment_token: 'decline' }),
      await place({ payment_method: 'cash' }),
      await place(),
      await place(),
    ];
    expect((await loop.call('DELETE', `/api/orders/${e.id}`, { token: loop.tokens.customer })).status).toBe(200);
    await untilHeld(toPayments, 'payment.initiated', [a, b, c, d, e]);
    await untilHeld(toPayments, 'order.cancelled', [e]);

    // Payments gets order.cancelled(E) before payment.initiated(E), and everything three times.
    await toPayments.release();
    await paymentWhen(loop.pay, loop.tokens.staff, a.id, (p) => p.status === 'success');
    await paymentWhen(loop.pay, loop.tokens.staff, b.id, (p) => p.status === 'failed');
    await paymentWhen(loop.pay, loop.tokens.staff, c.id, (p) => p.status === 'pending');
    await paymentWhen(loop.pay, loop.tokens.staff, d.id, (p) => p.status === 'success');
    await paymentWhen(loop.pay, loop.tokens.staff, e.id, (p) => p.status === 'cancelled');
    // Nothing has reached the orders service yet: the answers are held.
    for (const order of [a, b, c, d]) expect((await get(order.id)).status).toBe('placed');

    // D is cancelled before its payment.success gets through; payments refunds it.
    expect((await loop.call('DELETE', `/api/orders/${d.id}`, { token: loop.tokens.customer })).status).toBe(200);
    await untilHeld(toPayments, 'order.cancelled', [d]);
    await toPayments.release();
    await paymentWhen(loop.pay, loop.tokens.staff, d.id, (p) => p.status === 'refunded');
    // C's cash is taken at the counter.
    const cPayment = await paymentOf(c.id);
    expect((await loop.pay('PUT', `/api/payments/${cPayment.payment_id}/status`, { token: loop.tokens.staff, body: { status: 'success' } })).status).toBe(200);

    // The orders service now gets payment.success(C), payment.refunded(D) before payment.success(D), … 3× each.
    await untilHeld(toOrders, 'payment.success', [a, c, d]);
    await untilHeld(toOrders, 'payment.failed', [b, e]);
    await untilHeld(toOrders, 'payment.refunded', [d]);
    await toOrders.release();
    await orderWhen(loop.call, loop.tokens.staff, a.id, (o) => o.status === 'confirmed');
    await orderWhen(loop.call, loop.tokens.staff, b.id, (o) => o.status === 'cancelled');

    // A is cancelled after it was paid: its refund, too, travels 3× both ways.
    expect((await loop.call('DELETE', `/api/orders/${a.id}`, { token: loop.tokens.customer })).status).toBe(200);
    await untilHeld(toPayments, 'order.cancelled', [a]);
    await toPayments.release();
    await untilHeld(toOrders, 'payment.refunded', [a]);
    await toOrders.release();
    await settleAll();

    const total = a.total_amount;
    expect(await get(a.id)).toMatchObject({ status: 'cancelled', payment_status: 'refunded', refunded_amount: total });
    expect(await get(b.id)).toMatchObject({ status: 'cancelled', payment_status: 'failed', cancel_reason: expect.stringMatching(/declined/) });
    expect(await get(c.id)).toMatchObject({ status: 'confirmed', payment_status: 'paid', payment_id: cPayment.payment_id });
    expect(await get(d.id)).toMatchObject({ status: 'cancelled', payment_status: 'refunded', refunded_amount: total });
    expect(await get(e.id)).toMatchObject({ status: 'cancelled', payment_status: 'cancelled', refunded_amount: 0 });

    const payments = await Promise.all([a, b, c, d, e].map((o) => paymentOf(o.id)));
    expect(payments.map((p) => [p.status, p.refunds.length, p.refunded_amount])).toEqual([
      ['refunded', 1, total],
      ['failed', 0, 0],
      ['success', 0, 0],
      ['refunded', 1, total],
      ['cancelled', 0, 0],
    ]);
    // One payment per order: the five and the sentinel, however often payment.initiated came.
    const rows = await loop.payments.service.store.statsBetween(new Date(0), new Date(Date.now() + 86_400_000));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(6);

    // What each side published, once per change, whatever it received.
    const published = (lane: Lane, routingKey: string, orderId: number) =>
      lane.seen.filter((m) => m.routingKey === routingKey && orderIdOf(m) === orderId).length;
    for (const order of [a, b, d, e]) expect(published(toPayments, 'order.cancelled', order.id)).toBe(1);
    for (const order of [a, d]) expect(published(toOrders, 'payment.refunded', order.id)).toBe(1);
    for (const order of [a, c, d]) expect(published(toOrders, 'payment.success', order.id)).toBe(1);
    expect(published(toOrders, 'payment.success', e.id)).toBe(0);
    expect(buses.ordersBus.deadLetters('orders.payment-events')).toEqual([]);
    expect(paymentsBus.deadLetters('payments.payment-initiated')).toEqual([]);
    expect(paymentsBus.deadLetters('payments.order-cancelled')).toEqual([]);
  });
});
