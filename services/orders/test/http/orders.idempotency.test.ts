import { randomUUID } from 'node:crypto';
import { CreateOrderSchema, type Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHashOf } from '../../src/app/idempotency.ts';
import { expectError, item, line, orderWhen, paymentWhen, placeOrder, startLoop, USERS, type Loop } from './helpers.ts';

let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

const body = (name = 'Plain Dosa', quantity = 1) => ({ items: [line(item(loop, name), quantity)], payment_method: 'cash' });
const post = (key: string, payload: unknown, token = loop.tokens.customer) =>
  loop.call<Order>('POST', '/api/orders/', { token, body: payload, headers: { 'idempotency-key': key } });
const countOf = async (userId: number) =>
  (await loop.call<Order[]>('GET', `/api/orders/user/${userId}?limit=500`, { token: loop.tokens.staff })).body.length;

describe('POST /api/orders/ with an Idempotency-Key', () => {
  it('when the same key comes with the same body, then the first result comes back again and there is ONE order', async () => {
    const before = await countOf(USERS.customer);
    const key = randomUUID();
    const first = await post(key, body());
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await post(key, body());
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const third = await post(key, body());
    expect(third.body.id).toBe(first.body.id);
    expect(await countOf(USERS.customer)).toBe(before + 1);
  });

  it('when several requests with one key race, then exactly one order is created and the others are replays or 409', async () => {
    const before = await countOf(USERS.customer);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(key, body('Medu Vada'))));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const other of results.filter((r) => r.status !== 201)) expectError(other, 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(await countOf(USERS.customer)).toBe(before + 1);
  });

  it('when the same key comes with another body, then it is 422 and nothing new is created', async () => {
    const key = randomUUID();
    expect((await post(key, body('Plain Dosa', 1))).status).toBe(201);
    const before = await countOf(USERS.customer);
    expectError(await post(key, body('Plain Dosa', 2)), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await countOf(USERS.customer)).toBe(before);
  });

  it('when the first request with the key is still running, then it is 409 and nothing is created', async () => {
    const key = randomUUID();
    const payload = body('Rava Upma');
    // The claim a first request makes before it prices and saves the order (of the parsed request).
    const hash = requestHashOf(CreateOrderSchema.parse(payload));
    const claim = await loop.orders.service.store.beginIdempotent(
      { userId: USERS.customer, scope: 'POST /api/orders', key },
      hash,
      new Date(),
      60_000,
    );
    expect(claim).toEqual({ state: 'new' });
    const before = await countOf(USERS.customer);
    expectError(await post(key, payload), 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(await countOf(USERS.customer)).toBe(before);
  });

  it('when another user sends the same key, then it is their own request and creates their own order', async () => {
    const key = randomUUID();
    const mine = await post(key, body());
    const theirs = await post(key, body(), loop.tokens.otherCustomer);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.user_id).toBe(USERS.otherCustomer);
  });

  it('when the first request was refused (sold out), then a retry with the key gets the same refusal', async () => {
    const key = randomUUID();
    const payload = { items: [line(item(loop, 'Gajar Halwa'))] };
    const first = await post(key, payload);
    expectError(first, 409, 'ITEM_UNAVAILABLE');
    const again = await post(key, payload);
    expectError(again, 409, 'ITEM_UNAVAILABLE');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('when the key is not printable ASCII or too long, then it is 400', async () => {
    expectError(await post('x'.repeat(256), body()), 400);
    expectError(await post('bad key', body()), 400);
  });
});

describe('DELETE /api/orders/{id} with an Idempotency-Key', () => {
  it('when the cancel is sent twice with one key, then both get the same 200 and the order is refunded once', async () => {
    const order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Veg Biryani'))] });
    const paid = await orderWhen(loop.call, loop.tokens.customer, order.id, (o) => o.payment_status === 'paid');
    const key = randomUUID();
    const cancel = () =>
      loop.call<Order>('DELETE', `/api/orders/${order.id}`, { token: loop.tokens.customer, headers: { 'idempotency-key': key } });

    const first = await cancel();
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');
    const again = await cancel();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    // Without the key a second cancel is refused: the replay above did not run it again.
    expectError(await loop.call('DELETE', `/api/orders/${order.id}`, { token: loop.tokens.customer }), 409);
    const payment = await paymentWhen(loop.pay, loop.tokens.customer, order.id, (p) => p.status === 'refunded');
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunded_amount).toBe(paid.total_amount);
    await orderWhen(loop.call, loop.tokens.customer, order.id, (o) => o.payment_status === 'refunded');
  });

  it('when the same key is used to cancel another order, then that is a different request', async () => {
    const key = randomUUID();
    const a = await placeOrder(loop.call, loop.tokens.customer, body());
    const b = await placeOrder(loop.call, loop.tokens.customer, body());
    const cancel = (id: number) =>
      loop.call<Order>('DELETE', `/api/orders/${id}`, { token: loop.tokens.customer, headers: { 'idempotency-key': key } });
    expect((await cancel(a.id)).body.id).toBe(a.id);
    const second = await cancel(b.id);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(b.id);
  });
});

describe('PUT /api/orders/{id}/status with an Idempotency-Key', () => {
  it('when the kitchen resends a bump with its key, then it gets the first 200 again instead of a 409', async () => {
    const order = await placeOrder(loop.call, loop.tokens.customer, body());
    const key = randomUUID();
    const bump = (status: string) =>
      loop.call<Order>('PUT', `/api/orders/${order.id}/status`, {
        token: loop.tokens.staff,
        body: { status },
        headers: { 'idempotency-key': key },
      });
    const first = await bump('confirmed');
    expect(first.status).toBe(200);
    const again = await bump('confirmed');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expectError(await bump('preparing'), 422, 'IDEMPOTENCY_KEY_REUSED');
  });
});
