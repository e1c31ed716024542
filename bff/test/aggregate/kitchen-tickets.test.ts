import type { Order, QueueItem } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dish, eventually, expectError, placeConfirmed, queued, startBffWith, startSystem, type System } from './system.ts';

type Ticket = Order & { age_seconds: number; queue: QueueItem | null };
interface Tickets {
  tickets: Ticket[];
  all_day: Record<string, number>;
  queue_available: boolean;
}

let system: System;
let confirmed: Order;
let preparing: Order;
let ready: Order;
let cancelled: Order;

async function setStatus(order: Order, status: string): Promise<void> {
  const res = await system.bff.call('PUT', `/api/orders/${order.id}/status`, { token: system.loop.tokens.staff, body: { status } });
  if (res.status !== 200) throw new Error(`moving order ${order.id} to ${status}: ${res.status} ${res.text}`);
}

beforeAll(async () => {
  system = await startSystem();
  const { tokens } = system.loop;
  confirmed = await placeConfirmed(system, tokens.customer, [dish(system, 'Masala Dosa', 2), dish(system, 'Medu Vada')]);
  preparing = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Medu Vada', 3)]);
  ready = await placeConfirmed(system, tokens.customer, [dish(system, 'Veg Thali')]);
  cancelled = await placeConfirmed(system, tokens.otherCustomer, [dish(system, 'Veg Thali', 5)]);
  for (const order of [confirmed, preparing, ready, cancelled]) await queued(system, order.id);
  await setStatus(preparing, 'preparing');
  await setStatus(ready, 'preparing');
  await setStatus(ready, 'ready');
  await setStatus(cancelled, 'cancelled');
});
afterAll(async () => {
  await system?.stop();
});

/** Polls until the queue has heard of every status change, so each ticket carries its queue state. */
function settledTickets(): Promise<Tickets> {
  return eventually(async () => {
    const res = await system.bff.call<Tickets>('GET', '/api/kitchen/tickets', { token: system.loop.tokens.staff });
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    const states = new Map(res.body.tickets.map((t) => [t.id, t.queue?.status]));
    if (states.get(preparing.id) !== 'preparing' || states.get(ready.id) !== 'ready' || states.has(cancelled.id)) {
      throw new Error(`queue not settled: ${JSON.stringify([...states])}`);
    }
    return res.body;
  });
}

describe('GET /api/kitchen/tickets', () => {
  it('when staff ask, then they get the confirmed, preparing and ready orders with age and queue state', async () => {
    const body = await settledTickets();

    expect(body.queue_available).toBe(true);
    expect(body.tickets.map((t) => t.id).sort()).toEqual([confirmed.id, preparing.id, ready.id].sort());
    const byId = new Map(body.tickets.map((t) => [t.id, t]));
    expect(byId.get(confirmed.id)).toMatchObject({ status: 'confirmed', queue: { order_id: confirmed.id, status: 'waiting' } });
    expect(byId.get(preparing.id)).toMatchObject({ status: 'preparing', queue: { order_id: preparing.id, status: 'preparing' } });
    expect(byId.get(ready.id)).toMatchObject({ status: 'ready', queue: { order_id: ready.id, status: 'ready', position: 0 } });
    for (const ticket of body.tickets) {
      expect(ticket.age_seconds).toEqual(expect.any(Number));
      expect(ticket.age_seconds).toBeGreaterThanOrEqual(0);
      expect(ticket.queue_number).toBe(ticket.queue!.queue_number);
    }
    // The kitchen's order is the queue's: next first, and food that is ready at the end.
    const cooking = body.tickets.slice(0, -1).map((t) => t.queue!.position);
    expect(cooking.every((position) => position >= 1)).toBe(true);
    expect(cooking).toEqual([...cooking].sort((a, b) => a - b));
    expect(body.tickets.at(-1)!.id).toBe(ready.id);
  });

  it('when staff ask, then all_day sums the quantities of the tickets not yet ready', async () => {
    const body = await settledTickets();

    // Confirmed: 2 dosa + 1 vada; preparing: 3 vada. The ready thali and the cancelled order do not count.
    expect(body.all_day).toEqual({ 'Medu Vada': 4, 'Masala Dosa': 2 });
    // Most wanted first.
    expect(Object.keys(body.all_day)).toEqual(['Medu Vada', 'Masala Dosa']);
  });

  it('when an admin asks, then the tickets come back too', async () => {
    const res = await system.bff.call<Tickets>('GET', '/api/kitchen/tickets', { token: system.loop.tokens.admin });

    expect(res.status).toBe(200);
    expect(res.body.tickets.map((t) => t.id).sort()).toEqual([confirmed.id, preparing.id, ready.id].sort());
  });

  it('when a customer asks, then it is 403', async () => {
    const res = await system.bff.call('GET', '/api/kitchen/tickets', { token: system.loop.tokens.customer });

    expectError(res, 403);
  });

  it('when there is no token, then it is 401', async () => {
    const res = await system.bff.call('GET', '/api/kitchen/tickets');

    expectError(res, 401);
  });

  it('when the queue service is down, then the tickets still come back without queue state', async () => {
    const blind = await startBffWith({ ...system.bffEnv, QUEUE_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const res = await blind.call<Tickets>('GET', '/api/kitchen/tickets', { token: system.loop.tokens.staff });

      expect(res.status).toBe(200);
      expect(res.body.queue_available).toBe(false);
      expect(res.body.tickets.map((t) => t.id).sort()).toEqual([confirmed.id, preparing.id, ready.id].sort());
      expect(res.body.tickets.every((t) => t.queue === null)).toBe(true);
      expect(res.body.all_day).toEqual({ 'Medu Vada': 4, 'Masala Dosa': 2 });
    } finally {
      await blind.stop();
    }
  });
});
