import type { Order, QueueItem } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../helpers.ts';
import { dish, eventually, expectError, placeConfirmed, queued, startBffWith, startSystem, USERS, type System } from './system.ts';

type ActiveOrder = Order & { queue: QueueItem | null };

let system: System;
let mine: Order[];
let theirs: Order;

beforeAll(async () => {
  system = await startSystem();
  const { tokens } = system.loop;
  mine = [
    await placeConfirmed(system, tokens.customer, [dish(system, 'Masala Dosa', 2)]),
    await placeConfirmed(system, tokens.customer, [dish(system, 'Medu Vada')]),
  ];
  theirs = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Veg Thali')]);
  for (const order of [...mine, theirs]) await queued(system, order.id);
});
afterAll(async () => {
  await system?.stop();
});

describe('GET /api/me/orders/active', () => {
  it('when a student has two confirmed orders, then both come back with their queue place and the queue number', async () => {
    const res = await system.bff.call<ActiveOrder[]>('GET', '/api/me/orders/active', { token: system.loop.tokens.customer });

    expect(res.status).toBe(200);
    expect(res.body.map((o) => o.id).sort()).toEqual(mine.map((o) => o.id).sort());
    for (const order of res.body) {
      expect(order).toMatchObject({ user_id: USERS.customer, status: 'confirmed' });
      expect(order.queue).toMatchObject({
        order_id: order.id,
        user_id: USERS.customer,
        status: 'waiting',
        position: expect.any(Number),
        estimated_wait_time: expect.any(Number),
        queue_number: expect.any(Number),
      });
      expect(order.queue!.position).toBeGreaterThanOrEqual(1);
      expect(order.queue!.estimated_wait_time).toBeGreaterThanOrEqual(0);
      // The orders service does not know the number; the BFF takes it from the queue.
      expect(order.queue_number).toBe(order.queue!.queue_number);
      expect(order.queue_number).toBeGreaterThanOrEqual(1);
    }
    const positions = res.body.map((o) => o.queue!.position);
    expect(new Set(positions).size).toBe(2);
    expect(new Set(res.body.map((o) => o.queue_number)).size).toBe(2);
  });

  it("when another student asks, then they see only their own order, not the first student's", async () => {
    const res = await system.bff.call<ActiveOrder[]>('GET', '/api/me/orders/active', { token: system.loop.tokens.otherCustomer });

    expect(res.status).toBe(200);
    expect(res.body.map((o) => o.id)).toEqual([theirs.id]);
    expect(res.body[0]!.queue).toMatchObject({ order_id: theirs.id, user_id: USERS.otherCustomer });
  });

  it('when there is no token, then it is 401 JSON', async () => {
    const res = await system.bff.call('GET', '/api/me/orders/active');

    expectError(res, 401);
  });

  it('when the token is not a valid one, then it is 401 JSON', async () => {
    const res = await system.bff.call('GET', '/api/me/orders/active', { token: `${system.loop.tokens.customer}x` });

    expectError(res, 401);
  });

  it('when the queue service is down, then the orders still come back, with queue null and their own queue number', async () => {
    // A second BFF in front of the same system, whose queue service is unreachable.
    const blind = await startBffWith({ ...system.bffEnv, QUEUE_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const res = await blind.call<ActiveOrder[]>('GET', '/api/me/orders/active', { token: system.loop.tokens.customer });

      expect(res.status).toBe(200);
      expect(res.body.map((o) => o.id).sort()).toEqual(mine.map((o) => o.id).sort());
      for (const order of res.body) {
        expect(order.queue).toBeNull();
        // The number is the order's own (the orders service gives it), not the queue's.
        expect(order.queue_number).toBe(mine.find((o) => o.id === order.id)!.queue_number);
        expect(order.queue_number).toEqual(expect.any(Number));
      }
    } finally {
      await blind.stop();
    }
  });

  it('when a student has several active orders, then the BFF asks the queue service once for all of them', async () => {
    // A relay in front of the real queue service that counts what reaches it.
    const asked: string[] = [];
    const relay = await startFakeUpstream((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      void fetch(`${system.queue.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(await answer.text());
      });
    });
    const counted = await startBffWith({ ...system.bffEnv, QUEUE_SERVICE_URL: relay.url });
    try {
      const res = await counted.call<ActiveOrder[]>('GET', '/api/me/orders/active', { token: system.loop.tokens.customer });

      expect(res.status).toBe(200);
      expect(res.body.filter((o) => o.queue !== null).map((o) => o.id).sort()).toEqual(mine.map((o) => o.id).sort());
      expect(asked).toEqual(['GET /api/queue/mine']);
    } finally {
      await counted.stop();
      await relay.close();
    }
  });

  it('when the orders service answers something its contract does not allow, then 502 UPSTREAM_INVALID, not the bad data', async () => {
    const liar = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 'one', status: 'sort of confirmed' }]));
    });
    const fooled = await startBffWith({ ...system.bffEnv, ORDERS_SERVICE_URL: liar.url });
    try {
      const res = await fooled.call('GET', '/api/me/orders/active', { token: system.loop.tokens.customer });

      expectError(res, 502);
      expect((res.body as { error: { code: string } }).error.code).toBe('UPSTREAM_INVALID');
      expect(res.text).not.toContain('sort of confirmed');
    } finally {
      await fooled.stop();
      await liar.close();
    }
  });

  it('when an order is picked up, then it is no longer among the active ones', async () => {
    const { tokens } = system.loop;
    const done = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Medu Vada')]);
    for (const status of ['preparing', 'ready', 'completed']) {
      const res = await system.bff.call('PUT', `/api/orders/${done.id}/status`, { token: tokens.staff, body: { status } });
      expect(res.status, res.text).toBe(200);
    }

    const res = await eventually(async () => {
      const r = await system.bff.call<ActiveOrder[]>('GET', '/api/me/orders/active', { token: tokens.otherCustomer });
      if (r.body.some((o) => o.id === done.id)) throw new Error('still active');
      return r;
    });
    expect(res.body.map((o) => o.id)).toEqual([theirs.id]);
  });
});
