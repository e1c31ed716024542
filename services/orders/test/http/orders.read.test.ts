import type { Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, line, placeOrder, startLoop, USERS, type Loop } from './helpers.ts';

let loop: Loop;
/** Oldest first: placed (cash), confirmed (cash, by staff), cancelled; and one of another customer. */
let mine: Order[];
let theirs: Order;

beforeAll(async () => {
  loop = await startLoop();
  const cash = (name: string) => ({ items: [line(item(loop, name))], payment_method: 'cash' });
  const placed = await placeOrder(loop.call, loop.tokens.customer, cash('Vada Pav'));
  const confirmed = await placeOrder(loop.call, loop.tokens.customer, cash('Medu Vada'));
  const cancelled = await placeOrder(loop.call, loop.tokens.customer, cash('Rava Upma'));
  theirs = await placeOrder(loop.call, loop.tokens.otherCustomer, cash('Kanda Poha'));
  const put = await loop.call('PUT', `/api/orders/${confirmed.id}/status`, { token: loop.tokens.staff, body: { status: 'confirmed' } });
  const del = await loop.call('DELETE', `/api/orders/${cancelled.id}`, { token: loop.tokens.customer });
  if (put.status !== 200 || del.status !== 200) throw new Error(`setup failed: ${put.text} ${del.text}`);
  mine = [placed, confirmed, cancelled];
});
afterAll(async () => {
  await loop?.stop();
});

const ids = (orders: Order[]) => orders.map((o) => o.id);

describe('GET /api/orders/{id}', () => {
  it('when the owner asks, then it is 200 with the order (trailing slash or not)', async () => {
    for (const path of [`/api/orders/${mine[0]!.id}`, `/api/orders/${mine[0]!.id}/`]) {
      const res = await loop.call<Order>('GET', path, { token: loop.tokens.customer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: mine[0]!.id, user_id: USERS.customer, status: 'placed' });
      expect(res.body.items).toHaveLength(1);
    }
  });

  it("when a customer asks for another customer's order, then it is 404, as if it did not exist", async () => {
    expectError(await loop.call('GET', `/api/orders/${theirs.id}`, { token: loop.tokens.customer }), 404, 'NOT_FOUND');
  });

  it('when staff ask for anyone’s order, then it is 200', async () => {
    const res = await loop.call<Order>('GET', `/api/orders/${theirs.id}`, { token: loop.tokens.staff });
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(USERS.otherCustomer);
  });

  it('when the order does not exist, then it is 404', async () => {
    expectError(await loop.call('GET', '/api/orders/999999', { token: loop.tokens.staff }), 404, 'NOT_FOUND');
  });

  it('when there is no token, then it is 401', async () => {
    expectError(await loop.call('GET', `/api/orders/${mine[0]!.id}`), 401);
  });
});

describe('GET /api/orders/user/{userId}', () => {
  it('when a customer lists their orders, then it is theirs only, newest first', async () => {
    const res = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}`, { token: loop.tokens.customer });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(ids(mine).reverse());
  });

  it('when filtered by ?status, then only orders in that status come back', async () => {
    const confirmed = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}?status=confirmed`, {
      token: loop.tokens.customer,
    });
    expect(ids(confirmed.body)).toEqual([mine[1]!.id]);
    const cancelled = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}/?status=cancelled`, {
      token: loop.tokens.customer,
    });
    expect(cancelled.body.map((o) => [o.id, o.status, o.cancel_reason])).toEqual([[mine[2]!.id, 'cancelled', 'cancelled by customer']]);
    const none = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}?status=completed`, { token: loop.tokens.customer });
    expect(none.body).toEqual([]);
  });

  it('when a user has no orders, then it is an empty list', async () => {
    const res = await loop.call<Order[]>('GET', `/api/orders/user/777777`, { token: loop.tokens.staff });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("when a customer lists another user's orders, then it is 403", async () => {
    expectError(await loop.call('GET', `/api/orders/user/${USERS.otherCustomer}`, { token: loop.tokens.customer }), 403, 'FORBIDDEN');
    expectError(await loop.call('GET', `/api/orders/user/${USERS.otherCustomer}/active`, { token: loop.tokens.customer }), 403);
  });

  it("when staff list a customer's orders, then it is 200", async () => {
    const res = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.otherCustomer}`, { token: loop.tokens.staff });
    expect(ids(res.body)).toEqual([theirs.id]);
  });

  it('when there is no token, then it is 401', async () => {
    expectError(await loop.call('GET', `/api/orders/user/${USERS.customer}`), 401);
  });
});

describe('GET /api/orders/user/{userId}/active', () => {
  it('when asked, then only placed/confirmed/preparing/ready orders come back, newest first', async () => {
    const res = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}/active`, { token: loop.tokens.customer });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([mine[1]!.id, mine[0]!.id]);
  });

  it('when an order completes, then it leaves the active list', async () => {
    const id = mine[1]!.id;
    for (const status of ['preparing', 'ready', 'completed']) {
      expect((await loop.call('PUT', `/api/orders/${id}/status`, { token: loop.tokens.staff, body: { status } })).status).toBe(200);
    }
    const res = await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}/active/`, { token: loop.tokens.customer });
    expect(ids(res.body)).toEqual([mine[0]!.id]);
  });
});

describe('GET /api/orders/ (staff)', () => {
  it('when staff list all orders, then every customer’s orders are there, newest first', async () => {
    const res = await loop.call<Order[]>('GET', '/api/orders/', { token: loop.tokens.staff });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([theirs.id, ...ids(mine).reverse()]);
  });

  it('when filtered by status and paged, then it is that slice', async () => {
    const placed = await loop.call<Order[]>('GET', '/api/orders/?status=placed', { token: loop.tokens.admin });
    expect(ids(placed.body)).toEqual([theirs.id, mine[0]!.id]);
    const page = await loop.call<Order[]>('GET', '/api/orders/?limit=1&offset=1', { token: loop.tokens.staff });
    expect(ids(page.body)).toHaveLength(1);
  });

  it('when a customer asks, then it is 403; without a token, 401', async () => {
    expectError(await loop.call('GET', '/api/orders/', { token: loop.tokens.customer }), 403, 'FORBIDDEN');
    expectError(await loop.call('GET', '/api/orders/'), 401);
  });
});
