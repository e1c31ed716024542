import type { Order, OrderItem, QueueItem } from '@canteen/contracts';
import { describe, expect, it } from 'vitest';
import { activeOrders, adminOverview, allDayCounts, kitchenTickets } from './aggregates.ts';

const NOON = Date.UTC(2026, 0, 5, 12, 0, 0);

const dish = (item_name: string, quantity = 1): OrderItem => ({
  id: 1,
  menu_item_id: item_name.toLowerCase(),
  item_name,
  quantity,
  price: 50,
  special_instructions: null,
  total_price: 50 * quantity,
  options: [],
  station: 'hot',
  preparation_time: 5,
});

const order = (id: number, overrides: Partial<Order> = {}): Order => ({
  id,
  user_id: 7,
  total_amount: 50,
  currency: 'INR',
  status: 'confirmed',
  payment_id: null,
  payment_method: 'cash',
  payment_status: 'paid',
  refunded_amount: 0,
  queue_number: null,
  special_instructions: null,
  cancel_reason: null,
  created_at: new Date(NOON - id * 60_000).toISOString(),
  updated_at: new Date(NOON).toISOString(),
  items: [dish('Dosa')],
  ...overrides,
});

const entry = (order_id: number, position: number, overrides: Partial<QueueItem> = {}): QueueItem => ({
  order_id,
  user_id: 7,
  queue_number: 100 + order_id,
  estimated_wait_time: 5,
  status: position === 0 ? 'ready' : 'waiting',
  created_at: new Date(NOON).toISOString(),
  position,
  priority: 0,
  expected_ready_at: null,
  expected_ready_at_p90: null,
  preparing_at: null,
  ready_at: null,
  items: [],
  ...overrides,
});

describe('activeOrders', () => {
  it('when the queue knows an order, then it comes with its entry, and the queue number fills a missing one', () => {
    const result = activeOrders([order(1), order(2, { queue_number: 9 }), order(3)], [entry(1, 2), entry(2, 1)]);

    expect(result.map((o) => [o.id, o.queue_number, o.queue?.position ?? null])).toEqual([
      [1, 101, 2],
      [2, 9, 1], // the order's own number stands
      [3, null, null], // not in the queue (not paid yet)
    ]);
  });

  it('when the queue did not answer, then every order comes with queue null and its own number', () => {
    const result = activeOrders([order(1, { queue_number: 4 })], null);

    expect(result).toEqual([{ ...order(1, { queue_number: 4 }), queue: null }]);
  });
});

describe('kitchenTickets', () => {
  it("when orders are in the queue, then they come in the queue's order, the unknown ones next (oldest first), ready ones last", () => {
    const orders = [order(1, { status: 'ready' }), order(2), order(3), order(4), order(5)];
    const queue = [entry(1, 0), entry(2, 2), entry(3, 1)];

    const { tickets, queue_available } = kitchenTickets(orders, queue, NOON);

    // 4 and 5 are unknown to the queue: 5 is older (created 5 minutes before noon).
    expect(tickets.map((t) => t.id)).toEqual([3, 2, 5, 4, 1]);
    expect(tickets.find((t) => t.id === 5)!.age_seconds).toBe(300);
    expect(queue_available).toBe(true);
  });

  it('when the queue did not answer, then the tickets are oldest first and queue_available is false', () => {
    const { tickets, queue_available } = kitchenTickets([order(1), order(3), order(2)], null, NOON);

    expect(tickets.map((t) => t.id)).toEqual([3, 2, 1]);
    expect(tickets.every((t) => t.queue === null)).toBe(true);
    expect(queue_available).toBe(false);
  });

  it('when an order was stamped after "now" (clock skew), then its age is 0, not negative', () => {
    const { tickets } = kitchenTickets([order(1, { created_at: new Date(NOON + 5000).toISOString() })], [], NOON);

    expect(tickets[0]!.age_seconds).toBe(0);
  });
});

describe('allDayCounts', () => {
  it('when tickets share dishes, then the portions still to make add up per dish, most first, ready tickets left out', () => {
    const counts = allDayCounts([
      { status: 'confirmed', items: [dish('Dosa', 2), dish('Vada')] },
      { status: 'preparing', items: [dish('Vada', 3)] },
      { status: 'ready', items: [dish('Thali', 5)] },
    ]);

    expect(Object.entries(counts)).toEqual([
      ['Vada', 4],
      ['Dosa', 2],
    ]);
  });
});

describe('adminOverview', () => {
  it('when every part answered, then the menu and recent orders are counted', () => {
    const overview = adminOverview({
      payments: null,
      queue: null,
      menu: [{ available: true }, { available: false }, { available: true }],
      recent: [{ status: 'confirmed' }, { status: 'ready' }, { status: 'confirmed' }],
    });

    expect(overview.menu).toEqual({ items: 3, sold_out: 1 });
    expect(overview.recent_orders_by_status).toEqual({ confirmed: 2, ready: 1 });
  });

  it('when a service did not answer, then its part is null', () => {
    expect(adminOverview({ payments: null, queue: null, menu: null, recent: null })).toEqual({
      payments: null,
      queue: null,
      menu: null,
      recent_orders_by_status: null,
    });
  });
});
