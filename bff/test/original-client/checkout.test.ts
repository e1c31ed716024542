import type { Order, Payment } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, splitBuses, type Probe, type SplitBuses } from '../../../services/orders/test/http/helpers.ts';
import { eventually, startSystem, USERS, type Call, type System } from '../aggregate/system.ts';

/**
 * The original Next.js client's checkout, call for call, through the BFF (docs/original-api.md):
 * `POST /api/orders/` with `user_id` and no payment method, then `POST /api/payments/` with
 * `{order_id, user_id, amount}` and `POST /api/payments/{payment_id}/process` as the student,
 * then the order and queue reads of "My Orders". Our order loop pays the order by itself
 * (payment.initiated), so the client's payment calls must hand back that payment, not charge
 * again, and never fail for the order's owner.
 */

/** One click on "Place order" in the original client, with the cart as it sends it. */
async function checkout(call: Call, token: string, cart: { menu_item_id: string; quantity: number }[]) {
  const placed = await call<Order>('POST', '/api/orders/', {
    token,
    body: {
      user_id: USERS.customer,
      items: cart.map((line) => ({ ...line, special_instructions: '' })),
      special_instructions: '',
    },
  });
  expect(placed.status, placed.text).toBe(201);
  const order = placed.body;
  const created = await call<Payment>('POST', '/api/payments/', {
    token,
    body: { order_id: order.id, user_id: USERS.customer, amount: order.total_amount },
  });
  expect([200, 201], created.text).toContain(created.status);
  const processed = await call<Payment>('POST', `/api/payments/${created.body.payment_id}/process`, { token });
  expect(processed.status, processed.text).toBe(200);
  expect(processed.body).toMatchObject({ payment_id: created.body.payment_id, order_id: order.id, status: 'success' });
  return { order, payment: processed.body };
}

/**
 * "My Orders": the order (as the client reads it, with the trailing slash) once confirmed, and
 * its queue entry, which carries the queue number (issue 17 copies it onto the order).
 */
async function myOrder(call: Call, token: string, orderId: number) {
  const order = await eventually(async () => {
    const res = await call<Order>('GET', `/api/orders/${orderId}/`, { token });
    if (res.status !== 200 || res.body.status !== 'confirmed') {
      throw new Error(`order ${orderId} not confirmed yet: ${res.status} ${res.text}`);
    }
    return res.body;
  });
  const queued = await eventually(async () => {
    const res = await call('GET', `/api/queue/order/${orderId}`, { token });
    if (res.status !== 200) throw new Error(`order ${orderId} not in the queue yet: ${res.status} ${res.text}`);
    return res.body as { order_id: number; queue_number: number; status: string };
  });
  expect(queued.queue_number).toBeGreaterThan(0);
  return { order, queued };
}

const paymentsOf = (events: { body: unknown; routingKey: string }[], orderId: number) =>
  events.filter((m) => m.routingKey === 'payment.success' && (m.body as { order_id: number }).order_id === orderId);

describe('the original web client checkout through the BFF', () => {
  let system: System;
  let charges: Probe;
  let call: Call;
  let student: string;

  beforeAll(async () => {
    system = await startSystem();
    charges = await probe(system.loop.bus, ['payment.success', 'payment.failed']);
    call = system.bff.call;
    student = system.loop.tokens.customer;
  });
  afterAll(async () => {
    await charges?.cancel();
    await system?.stop();
  });

  const samosa = () => ({ menu_item_id: system.loop.items.get('Samosa (2 pcs)')!.id, quantity: 2 });

  it('when the student checks out as the original client does, then there is one order, one payment, confirmed, with a queue number', async () => {
    // The client sends no options: a dish with required options gets its group's default.
    const manchurian = system.loop.items.get('Veg Manchurian')!;
    expect(manchurian.option_groups.find((g) => g.id === 'style')).toMatchObject({ min: 1, default_option_ids: ['dry'] });
    const { order, payment } = await checkout(call, student, [samosa(), { menu_item_id: manchurian.id, quantity: 1 }]);
    expect(order).toMatchObject({ status: 'placed', payment_method: 'mock', user_id: USERS.customer });
    expect(order.items[1]!.options).toMatchObject([{ group_id: 'style', option_id: 'dry' }]);
    expect(order.total_amount).toBe(2 * 25 + manchurian.price);
    const { order: confirmed, queued } = await myOrder(call, student, order.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', payment_status: 'paid', payment_id: payment.payment_id });
    expect(queued).toMatchObject({ order_id: order.id, queue_number: expect.any(Number) });

    const mine = await call<Order[]>('GET', `/api/orders/user/${USERS.customer}/`, { token: student });
    expect(mine.body.map((o) => o.id)).toEqual([order.id]);
    const stored = await call<Payment>('GET', `/api/payments/order/${order.id}`, { token: student });
    expect(stored.body).toMatchObject({ payment_id: payment.payment_id, amount: order.total_amount, status: 'success' });
    await eventually(() => expect(paymentsOf(charges.received, order.id)).toHaveLength(1));
  });

  it('when a retrying student clicks twice with the same cart, and repeats each payment call, then each order placed is charged once', async () => {
    const before = new Set((await call<Order[]>('GET', `/api/orders/user/${USERS.customer}/`, { token: student })).body.map((o) => o.id));
    // Two clicks at once, as an impatient thumb does it; then each click's payment calls again.
    const clicks = await Promise.all([checkout(call, student, [samosa()]), checkout(call, student, [samosa()])]);
    for (const { order, payment } of clicks) {
      const again = await call<Payment>('POST', '/api/payments/', {
        token: student,
        body: { order_id: order.id, user_id: USERS.customer, amount: order.total_amount },
      });
      expect(again.status).toBe(200);
      expect(again.body.payment_id).toBe(payment.payment_id);
      expect((await call<Payment>('POST', `/api/payments/${payment.payment_id}/process`, { token: student })).body.status).toBe('success');
    }

    const placed = (await call<Order[]>('GET', `/api/orders/user/${USERS.customer}/`, { token: student })).body.filter((o) => !before.has(o.id));
    expect(placed.map((o) => o.id).sort()).toEqual(clicks.map((c) => c.order.id).sort());
    const numbers = new Set<number>();
    for (const { order, payment } of clicks) {
      const { order: confirmed, queued } = await myOrder(call, student, order.id);
      expect(confirmed.payment_id).toBe(payment.payment_id);
      numbers.add(queued.queue_number);
    }
    expect(numbers.size).toBe(2);
    // Settle: every payment event of these orders has been published; exactly one each.
    await eventually(() => expect(clicks.map(({ order }) => paymentsOf(charges.received, order.id).length)).toEqual([1, 1]));
  });

  it("when another student sends the payment calls for someone else's order, then they are refused and nothing changes", async () => {
    const { order, payment } = await checkout(call, student, [samosa()]);
    const other = system.loop.tokens.otherCustomer;
    const create = await call('POST', '/api/payments/', {
      token: other,
      body: { order_id: order.id, user_id: USERS.otherCustomer, amount: order.total_amount },
    });
    expect(create.status).toBe(403);
    expect((await call('POST', `/api/payments/${payment.payment_id}/process`, { token: other })).status).toBe(403);
    const wrongAmount = await call('POST', '/api/payments/', {
      token: student,
      body: { order_id: order.id, user_id: USERS.customer, amount: order.total_amount + 1 },
    });
    expect(wrongAmount.status).toBe(409);
    expect(wrongAmount.body.error.code).toBe('AMOUNT_MISMATCH');
    await eventually(() => expect(paymentsOf(charges.received, order.id)).toHaveLength(1));
  });
});

describe('the original client checkout when its payment call overtakes payment.initiated', () => {
  let system: System;
  let buses: SplitBuses;

  beforeAll(async () => {
    // The payments service gets a bus of its own; the test holds what the orders side sends it.
    buses = await splitBuses({ forwardToOrders: true });
    system = await startSystem({}, { bus: buses.ordersBus, paymentsBus: buses.paymentsBus });
  });
  afterAll(async () => {
    await system?.stop();
    await buses?.close();
  });

  it('when the student pays before the payments service heard of the order, then the late payment.initiated (three times) charges nothing more', async () => {
    const call = system.bff.call;
    const student = system.loop.tokens.customer;
    const cart = [{ menu_item_id: system.loop.items.get('Samosa (2 pcs)')!.id, quantity: 3 }];
    const { order, payment } = await checkout(call, student, cart);
    await eventually(() => expect(buses.toPayments.held.filter((m) => m.routingKey === 'payment.initiated')).toHaveLength(1));
    // The student's own call made the payment, from the order's total as the orders service has it.
    expect(payment).toMatchObject({ order_id: order.id, amount: order.total_amount, user_id: USERS.customer, payment_method: 'mock' });

    expect(await buses.toPayments.release()).toBeGreaterThan(0);
    const { order: confirmed, queued } = await myOrder(call, student, order.id);
    expect(confirmed.payment_id).toBe(payment.payment_id);
    expect(queued.order_id).toBe(order.id);
    // A sentinel order's initiation is released after those copies; the payments queue is FIFO
    // and its handler commits in turn, so once the sentinel is paid, the copies were handled.
    const sentinel = await call<Order>('POST', '/api/orders/', { token: student, body: { items: cart } });
    await eventually(() => expect(buses.toPayments.held.some((m) => (m.body as { order_id: number }).order_id === sentinel.body.id)).toBe(true));
    await buses.toPayments.release();
    await myOrder(call, student, sentinel.body.id);

    const stored = await call<Payment>('GET', `/api/payments/order/${order.id}`, { token: student });
    expect(stored.body).toMatchObject({ payment_id: payment.payment_id, status: 'success' });
    expect(buses.toOrders.seen.filter((m) => m.routingKey === 'payment.success' && (m.body as { order_id: number }).order_id === order.id)).toHaveLength(1);
  });
});
