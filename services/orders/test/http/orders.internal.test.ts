import { ActiveOrdersSnapshotSchema, type Order } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, line, orderWhen, placeOrder, startLoop, SERVICE_TOKEN, type Loop } from './helpers.ts';

let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

const snapshot = (token?: string, query = '') =>
  fetch(`${loop.orders.url}/internal/orders/active${query}`, { headers: token === undefined ? {} : { 'x-service-token': token } });

describe('GET /internal/orders/active (the kitchen snapshot for the queue service)', () => {
  it('when asked with the service token, then every confirmed, preparing and ready order comes with its queue number, and no placed, completed or cancelled one', async () => {
    const token = loop.tokens.customer;
    const order = () => placeOrder(loop.call, token, { items: [line(item(loop, 'Chole Bhature'))] });
    const [waiting, cooking, done, unpaid] = [await order(), await order(), await order(), await placeOrder(loop.call, token, { items: [line(item(loop, 'Chole Bhature'))], payment_method: 'cash' })];
    for (const placed of [waiting, cooking, done]) await orderWhen(loop.call, token, placed.id, (o) => o.status === 'confirmed');
    for (const [placed, status] of [[cooking, 'preparing'], [done, 'ready'], [done, 'completed']] as const) {
      expect((await loop.call<Order>('PUT', `/api/orders/${placed.id}/status`, { token: loop.tokens.staff, body: { status } })).status).toBe(200);
    }

    const response = await snapshot(SERVICE_TOKEN);

    expect(response.status).toBe(200);
    const body = ActiveOrdersSnapshotSchema.parse(await response.json());
    expect(body.complete).toBe(true);
    const mine = body.orders.filter((o) => [waiting.id, cooking.id, done.id, unpaid.id].includes(o.id));
    expect(mine.map((o) => [o.id, o.status])).toEqual(expect.arrayContaining([[waiting.id, 'confirmed'], [cooking.id, 'preparing']]));
    expect(mine).toHaveLength(2);
    expect(mine.every((o) => typeof o.queue_number === 'number' && o.queue_number > 0)).toBe(true);
  });

  it('when asked a page at a time, then the pages follow the id cursor: lowest id first, no order twice, and the last one says it is complete', async () => {
    const token = loop.tokens.customer;
    for (let i = 0; i < 3; i++) {
      const placed = await placeOrder(loop.call, token, { items: [line(item(loop, 'Chole Bhature'))] });
      await orderWhen(loop.call, token, placed.id, (o) => o.status === 'confirmed');
    }
    const all = ActiveOrdersSnapshotSchema.parse(await (await snapshot(SERVICE_TOKEN)).json());

    const paged: number[] = [];
    let afterId = 0;
    let pages = 0;
    for (;;) {
      const response = await snapshot(SERVICE_TOKEN, `?after_id=${afterId}&limit=2`);
      expect(response.status).toBe(200);
      const page = ActiveOrdersSnapshotSchema.parse(await response.json());
      pages += 1;
      paged.push(...page.orders.map((o) => o.id));
      if (page.complete) {
        expect(page.next_after_id).toBeNull();
        break;
      }
      expect(page.orders).toHaveLength(2);
      expect(page.next_after_id).toBe(page.orders.at(-1)!.id);
      afterId = page.next_after_id!;
    }

    expect(all.orders.length).toBeGreaterThanOrEqual(3);
    expect(pages).toBe(Math.floor(all.orders.length / 2) + 1);
    expect(paged).toEqual(all.orders.map((o) => o.id).sort((a, b) => a - b));
  });

  it('when the cursor or the page size is not a valid number, then 400 and no orders', async () => {
    for (const query of ['?after_id=-1', '?limit=0', '?limit=5001', '?after_id=abc']) {
      const response = await snapshot(SERVICE_TOKEN, query);
      const text = await response.text();
      expectError({ status: response.status, headers: response.headers, body: JSON.parse(text), text }, 400);
    }
  });

  it('when asked without the service token or with another, then 401 with the error shape', async () => {
    for (const token of [undefined, 'not-the-service-token-but-long-enough-to-look-like-one']) {
      const response = await snapshot(token);
      const text = await response.text();
      expectError({ status: response.status, headers: response.headers, body: JSON.parse(text), text }, 401);
    }
  });
});
