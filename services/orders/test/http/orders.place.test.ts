import type { Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, line, placeOrder, startLoop, USERS, type Loop } from './helpers.ts';

let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

const optionDelta = (name: string, groupId: string, optionId: string): number => {
  const group = item(loop, name).option_groups.find((g) => g.id === groupId);
  const option = group?.options.find((o) => o.id === optionId);
  if (!option) throw new Error(`${name} has no option ${groupId}/${optionId}`);
  return option.price_delta;
};

describe('POST /api/orders/', () => {
  it('when a customer orders with options, then it is 201 placed, priced from the menu including the option deltas', async () => {
    const dosa = item(loop, 'Masala Dosa');
    const thali = item(loop, 'Veg Thali');
    const res = await loop.call<Order>('POST', '/api/orders/', {
      token: loop.tokens.customer,
      body: {
        items: [
          // A price sent by the client is ignored: the menu decides.
          { ...line(dosa, 2, { 'make-it': ['butter-roast', 'cheese'] }), price: 1, special_instructions: ' crispy ' },
          line(thali, 1, { extras: ['extra-rice'] }),
        ],
        special_instructions: 'no onions',
        payment_method: 'cash',
      },
    });

    expect(res.status).toBe(201);
    const dosaUnit = dosa.price + optionDelta('Masala Dosa', 'make-it', 'butter-roast') + optionDelta('Masala Dosa', 'make-it', 'cheese');
    const thaliUnit = thali.price + optionDelta('Veg Thali', 'extras', 'extra-rice');
    expect(dosaUnit).toBe(100);
    expect(thaliUnit).toBe(140);
    expect(res.body).toMatchObject({
      user_id: USERS.customer,
      status: 'placed',
      total_amount: 2 * dosaUnit + thaliUnit,
      payment_method: 'cash',
      payment_status: 'pending',
      payment_id: null,
      special_instructions: 'no onions',
      refunded_amount: 0,
    });
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({
      menu_item_id: dosa.id,
      item_name: 'Masala Dosa',
      quantity: 2,
      price: dosaUnit,
      total_price: 2 * dosaUnit,
      special_instructions: 'crispy',
      station: dosa.station,
      preparation_time: dosa.preparation_time,
    });
    expect(res.body.items[0]!.options.map((o) => [o.option_id, o.price_delta])).toEqual([
      ['butter-roast', 15],
      ['cheese', 25],
    ]);
    expect(res.body.items[1]).toMatchObject({ item_name: 'Veg Thali', quantity: 1, price: thaliUnit });

    const read = await loop.call<Order>('GET', `/api/orders/${res.body.id}`, { token: loop.tokens.customer });
    expect(read.status).toBe(200);
    expect(read.body.total_amount).toBe(340);
  });

  it('when no payment method is given, then it is mock and the order ends up confirmed by the payment', async () => {
    const order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Medu Vada'))] });
    expect(order.payment_method).toBe('mock');
    expect(['placed', 'confirmed']).toContain(order.status);
  });

  it('when the caller sends its own user_id, then it is accepted', async () => {
    const order = await placeOrder(loop.call, loop.tokens.customer, {
      user_id: USERS.customer,
      items: [line(item(loop, 'Vada Pav'))],
      payment_method: 'cash',
    });
    expect(order.user_id).toBe(USERS.customer);
  });

  it("when a customer sends another user's user_id, then it is 403 and nothing is created", async () => {
    const res = await loop.call('POST', '/api/orders/', {
      token: loop.tokens.customer,
      body: { user_id: USERS.otherCustomer, items: [line(item(loop, 'Vada Pav'))] },
    });
    expectError(res, 403, 'FORBIDDEN');
    const theirs = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.otherCustomer}`, { token: loop.tokens.staff });
    expect(theirs.body).toEqual([]);
  });

  it('when staff order for a student at the counter, then the order is the student’s and the student sees it', async () => {
    const order = await placeOrder(loop.call, loop.tokens.staff, {
      user_id: USERS.otherCustomer,
      items: [line(item(loop, 'Vada Pav'), 3)],
      payment_method: 'cash',
    });
    expect(order.user_id).toBe(USERS.otherCustomer);
    const seen = await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.otherCustomer });
    expect(seen.status).toBe(200);
  });

  it('when there is no token, then it is 401', async () => {
    const res = await loop.call('POST', '/api/orders/', { body: { items: [line(item(loop, 'Vada Pav'))] } });
    expectError(res, 401);
  });

  it('when the token is not a bearer token the service trusts, then it is 401', async () => {
    const res = await loop.call('POST', '/api/orders/', { token: 'not-a-jwt', body: { items: [line(item(loop, 'Vada Pav'))] } });
    expectError(res, 401);
  });
});

describe('GET /api/orders/health/', () => {
  it('when asked, then it answers 200 in the original shape with the dependencies, without a token', async () => {
    for (const path of ['/api/orders/health/', '/api/orders/health']) {
      const res = await loop.call('GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'OK',
        service: 'Order Service',
        dependencies: { database: { status: 'up' }, bus: { status: 'up' } },
      });
      expect(typeof res.body.timestamp).toBe('string');
    }
  });
});
