import type { Order, OrderStatus } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, line, orderWhen, placeOrder, startLoop, type Loop } from './helpers.ts';

let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

/** A cash order: it stays `placed` until staff move it (nothing pays it by itself). */
const cashOrder = (token = loop.tokens.customer) =>
  placeOrder(loop.call, token, { items: [line(item(loop, 'Idli Sambar'))], payment_method: 'cash' });

const setStatus = (id: number, status: string, token = loop.tokens.staff) =>
  loop.call<Order>('PUT', `/api/orders/${id}/status`, { token, body: { status } });

/** Staff move a cash order forward to `status` through the legal steps. */
async function orderIn(status: OrderStatus): Promise<Order> {
  const order = await cashOrder();
  const path: OrderStatus[] = ['confirmed', 'preparing', 'ready', 'completed'];
  for (const step of path.slice(0, path.indexOf(status) + 1)) {
    const res = await setStatus(order.id, step);
    if (res.status !== 200) throw new Error(`moving to ${step}: ${res.status} ${res.text}`);
  }
  return (await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.staff })).body;
}

const cancel = (id: number, token: string, body?: unknown) => loop.call<Order>('DELETE', `/api/orders/${id}`, { token, body });

describe('PUT /api/orders/{id}/status', () => {
  it('when staff move an order placed → confirmed → preparing → ready → completed, then each step is 200 with the order', async () => {
    const order = await cashOrder();
    for (const status of ['confirmed', 'preparing', 'ready', 'completed'] as const) {
      const res = await setStatus(order.id, status);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: order.id, status });
    }
  });

  it('when an admin moves an order, and on the path with a trailing slash, then it is allowed', async () => {
    const order = await cashOrder();
    const res = await loop.call<Order>('PUT', `/api/orders/${order.id}/status/`, { token: loop.tokens.admin, body: { status: 'confirmed' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
  });

  it('when staff skip from confirmed straight to ready, then it is allowed', async () => {
    const order = await orderIn('confirmed');
    expect((await setStatus(order.id, 'ready')).body.status).toBe('ready');
  });

  it.each([
    ['placed', 'preparing'],
    ['placed', 'ready'],
    ['placed', 'placed'],
    ['confirmed', 'placed'],
    ['preparing', 'confirmed'],
    ['ready', 'preparing'],
    ['completed', 'ready'],
    ['completed', 'cancelled'],
  ] as const)('when staff move an order from %s to %s, then it is 409 and the order is unchanged', async (from, to) => {
    const order = await orderIn(from);
    expectError(await setStatus(order.id, to), 409, 'ILLEGAL_TRANSITION');
    expect((await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.staff })).body.status).toBe(from);
  });

  it('when a cancelled order is moved on, then it is 409', async () => {
    const order = await cashOrder();
    expect((await cancel(order.id, loop.tokens.customer)).status).toBe(200);
    expectError(await setStatus(order.id, 'confirmed'), 409, 'ILLEGAL_TRANSITION');
  });

  it('when staff cancel through PUT with a reason, then the order is cancelled with it', async () => {
    const order = await orderIn('preparing');
    const res = await loop.call<Order>('PUT', `/api/orders/${order.id}/status`, {
      token: loop.tokens.staff,
      body: { status: 'cancelled', reason: 'out of batter' },
    });
    expect(res.body).toMatchObject({ status: 'cancelled', cancel_reason: 'out of batter' });
  });

  it('when a customer (even the owner) moves an order, then it is 403; without a token, 401', async () => {
    const order = await cashOrder();
    expectError(await setStatus(order.id, 'confirmed', loop.tokens.customer), 403, 'FORBIDDEN');
    expectError(await loop.call('PUT', `/api/orders/${order.id}/status`, { body: { status: 'confirmed' } }), 401);
    expect((await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.customer })).body.status).toBe('placed');
  });

  it('when the order does not exist, then it is 404', async () => {
    expectError(await setStatus(987654, 'confirmed'), 404, 'NOT_FOUND');
  });
});

describe('DELETE /api/orders/{id}', () => {
  it('when the owner cancels a placed order, then it is 200 cancelled with the reason given', async () => {
    const order = await cashOrder();
    const res = await cancel(order.id, loop.tokens.customer, { reason: 'changed my mind' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, status: 'cancelled', cancel_reason: 'changed my mind' });
  });

  it('when the owner cancels a confirmed (paid) order, then it is 200', async () => {
    const order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Idli Sambar'))] });
    await orderWhen(loop.call, loop.tokens.customer, order.id, (o) => o.status === 'confirmed', 'payment to confirm it');
    const res = await cancel(order.id, loop.tokens.customer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancel_reason: 'cancelled by customer' });
  });

  it.each(['preparing', 'ready'] as const)('when the owner cancels an order that is %s, then it is 409', async (status) => {
    const order = await orderIn(status);
    expectError(await cancel(order.id, loop.tokens.customer), 409, 'ILLEGAL_TRANSITION');
    expect((await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.customer })).body.status).toBe(status);
  });

  it.each(['placed', 'confirmed', 'preparing', 'ready'] as const)('when staff cancel an order that is %s, then it is 200', async (status) => {
    const order = await orderIn(status);
    const res = await cancel(order.id, loop.tokens.staff);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancel_reason: 'cancelled by staff' });
  });

  it('when staff cancel a completed or cancelled order, then it is 409', async () => {
    const completed = await orderIn('completed');
    expectError(await cancel(completed.id, loop.tokens.staff), 409, 'ILLEGAL_TRANSITION');
    const cancelled = await cashOrder();
    expect((await cancel(cancelled.id, loop.tokens.customer)).status).toBe(200);
    expectError(await cancel(cancelled.id, loop.tokens.staff), 409, 'ILLEGAL_TRANSITION');
  });

  it("when a customer cancels another customer's order, then it is 404 and the order stays", async () => {
    const order = await cashOrder(loop.tokens.otherCustomer);
    expectError(await cancel(order.id, loop.tokens.customer), 404, 'NOT_FOUND');
    expect((await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.otherCustomer })).body.status).toBe('placed');
  });

  it('when there is no token, then it is 401; an unknown order, 404', async () => {
    const order = await cashOrder();
    expectError(await loop.call('DELETE', `/api/orders/${order.id}`), 401);
    expectError(await cancel(987654, loop.tokens.staff), 404, 'NOT_FOUND');
  });
});
