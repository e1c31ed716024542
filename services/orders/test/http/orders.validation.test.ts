import type { Order } from '@canteen/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, item, line, placeOrder, startLoop, type ApiResponse, type Loop } from './helpers.ts';

let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

const allOrders = async (): Promise<Order[]> => {
  const res = await loop.call<Order[]>('GET', '/api/orders/?limit=500', { token: loop.tokens.staff });
  expect(res.status).toBe(200);
  return res.body;
};

describe('POST /api/orders/ with bad input', () => {
  let before: number;
  beforeEach(async () => {
    before = (await allOrders()).length;
  });
  /** Each refusal is JSON with the right 4xx, and no order came of it. */
  const refused = async (res: ApiResponse, status: number, code?: string) => {
    expectError(res, status, code);
    expect((await allOrders()).length).toBe(before);
  };
  const post = (body: unknown) => loop.call('POST', '/api/orders/', { token: loop.tokens.customer, body });
  const vadaPav = () => line(item(loop, 'Vada Pav'));

  it('when the JSON is malformed, then it is 400', async () => {
    await refused(await loop.call('POST', '/api/orders/', { token: loop.tokens.customer, rawBody: '{"items": [' }), 400);
  });

  it('when the body is not JSON at all, then it is 4xx', async () => {
    const res = await loop.call('POST', '/api/orders/', {
      token: loop.tokens.customer,
      rawBody: 'items=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await refused(res, res.status);
  });

  it('when items are missing or empty, then it is 400', async () => {
    await refused(await post({}), 400, 'VALIDATION_FAILED');
    await refused(await post({ items: [] }), 400, 'VALIDATION_FAILED');
  });

  it('when there are 31 lines, then it is 400 (30 are the most)', async () => {
    await refused(await post({ items: Array.from({ length: 31 }, vadaPav) }), 400, 'VALIDATION_FAILED');
  });

  it.each([0, 51, 1.5, -1, '2'])('when a quantity is %s, then it is 400', async (quantity) => {
    await refused(await post({ items: [{ ...vadaPav(), quantity }] }), 400, 'VALIDATION_FAILED');
  });

  it('when a menu id is not a menu id, then it is 400', async () => {
    await refused(await post({ items: [{ menu_item_id: 'dosa', quantity: 1 }] }), 400, 'VALIDATION_FAILED');
  });

  it('when an item is not on the menu, then it is 400 naming the line', async () => {
    const res = await post({ items: [vadaPav(), { menu_item_id: 'f'.repeat(24), quantity: 1 }] });
    await refused(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details)).toContain('items.1.menu_item_id');
  });

  it('when an item is sold out, then it is 409 ITEM_UNAVAILABLE', async () => {
    const shake = item(loop, 'Mango Milkshake');
    expect(shake.available).toBe(false);
    await refused(await post({ items: [line(shake, 1, { size: ['regular'] })] }), 409, 'ITEM_UNAVAILABLE');
  });

  it('when staff mark an item sold out on the menu, then the next order for it is 409', async () => {
    const samosa = item(loop, 'Samosa (2 pcs)');
    const menu = await fetch(`${loop.menu.url}/api/menu/items/${samosa.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${loop.tokens.staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ available: false }),
    });
    expect(menu.status).toBe(200);
    await refused(await post({ items: [line(samosa)] }), 409, 'ITEM_UNAVAILABLE');
  });

  it('when more portions are asked than are left, then it is 409', async () => {
    const special = item(loop, "Today's Special Paneer Thali");
    expect(special.stock).toBeGreaterThan(0);
    await refused(await post({ items: [line(special, special.stock! + 1)] }), 409, 'ITEM_UNAVAILABLE');
  });

  it('when a required option group without defaults is left out, then it is 400 naming the group', async () => {
    const uttapam = item(loop, 'Onion Uttapam');
    expect(uttapam.option_groups.some((g) => g.min > 0)).toBe(true);
    // The demo menu gives every required group a default; this admin takes the topping's away.
    const menu = await fetch(`${loop.menu.url}/api/menu/items/${uttapam.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${loop.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ option_groups: uttapam.option_groups.map((group) => ({ ...group, default_option_ids: [] })) }),
    });
    expect(menu.status).toBe(200);
    const res = await post({ items: [line(uttapam)] });
    await refused(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toContainEqual({ path: 'items.0.options', message: 'choose 1 of Topping' });
  });

  it('when an option or option group does not exist, then it is 400', async () => {
    const uttapam = item(loop, 'Onion Uttapam');
    await refused(await post({ items: [line(uttapam, 1, { topping: ['pineapple'] })] }), 400, 'VALIDATION_FAILED');
    await refused(await post({ items: [line(uttapam, 1, { topping: ['onion'], sauce: ['ketchup'] })] }), 400, 'VALIDATION_FAILED');
  });

  it('when the payment method is unknown, then it is 400', async () => {
    await refused(await post({ items: [vadaPav()], payment_method: 'bitcoin' }), 400, 'VALIDATION_FAILED');
  });

  it('when user_id is not a positive integer, then it is 400', async () => {
    await refused(await post({ user_id: 'me', items: [vadaPav()] }), 400, 'VALIDATION_FAILED');
  });
});

describe('bad ids and statuses in other requests', () => {
  let order: Order;
  beforeAll(async () => {
    order = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Vada Pav'))], payment_method: 'cash' });
  });

  it.each([
    ['GET', '/api/orders/abc', 'id'],
    ['GET', '/api/orders/0', 'id'],
    ['GET', '/api/orders/-3', 'id'],
    ['GET', '/api/orders/user/abc', 'userId'],
    ['GET', '/api/orders/user/abc/active', 'userId'],
    ['PUT', '/api/orders/abc/status', 'id'],
    ['DELETE', '/api/orders/1.5', 'id'],
  ])('when %s %s has a bad id, then it is 400 naming the parameter (%s)', async (method, path, name) => {
    const res = await loop.call<{ error: { details: { path: string }[] } }>(method, path, {
      token: loop.tokens.staff,
      body: method === 'PUT' ? { status: 'confirmed' } : undefined,
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.map((issue) => issue.path)).toEqual([name]);
  });

  it('when a status is not one of the order statuses, then it is 400 and the order is unchanged', async () => {
    for (const body of [{ status: 'eaten' }, {}, { status: 'CONFIRMED' }]) {
      expectError(await loop.call('PUT', `/api/orders/${order.id}/status`, { token: loop.tokens.staff, body }), 400, 'VALIDATION_FAILED');
    }
    const read = await loop.call<Order>('GET', `/api/orders/${order.id}`, { token: loop.tokens.staff });
    expect(read.body.status).toBe('placed');
  });

  it('when the list is filtered by a status that does not exist, then it is 400', async () => {
    expectError(await loop.call('GET', '/api/orders/?status=eaten', { token: loop.tokens.staff }), 400);
  });
});
