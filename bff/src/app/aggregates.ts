import type { ActiveOrder, AdminOverview, KitchenTicket, KitchenTickets, Order, PaymentStats, QueueItem, QueueStats } from '@canteen/contracts';

/*
 * What the apps get in one call, put together from the services' answers. Pure: the routes
 * fetch (each service still checks the caller's token and role itself) and pass them here.
 */

const byOrderId = (queue: readonly QueueItem[] | null) => new Map((queue ?? []).map((item) => [item.order_id, item]));

/**
 * The student's unfinished orders, each with its place in the queue (null where the queue
 * does not know it, or `queue` is null: the queue service did not answer). The number is the
 * order's own; an order from before the orders service gave numbers takes the queue's.
 */
export function activeOrders(orders: readonly Order[], queue: readonly QueueItem[] | null): ActiveOrder[] {
  const entries = byOrderId(queue);
  return orders.map((order) => {
    const entry = entries.get(order.id) ?? null;
    return { ...order, queue_number: order.queue_number ?? entry?.queue_number ?? null, queue: entry };
  });
}

/** Where a ticket stands in the kitchen: the queue's position (1 = next); ready (0) last; unknown to the queue just before ready. */
const kitchenRank = (ticket: KitchenTicket) =>
  ticket.queue ? ticket.queue.position || Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1;

/**
 * The kitchen's tickets: the orders in its hands in the queue's order where known, then the
 * oldest first; with the all-day counts (portions still to make per dish, ready tickets not
 * counted, most first). `queue` null: the queue service did not answer.
 */
export function kitchenTickets(orders: readonly Order[], queue: readonly QueueItem[] | null, now: number): KitchenTickets {
  const entries = byOrderId(queue);
  const tickets: KitchenTicket[] = orders.map((order) => {
    const entry = entries.get(order.id) ?? null;
    return {
      ...order,
      queue_number: order.queue_number ?? entry?.queue_number ?? null,
      age_seconds: Math.max(0, Math.round((now - Date.parse(order.created_at)) / 1000)),
      queue: entry,
    };
  });
  tickets.sort((a, b) => kitchenRank(a) - kitchenRank(b) || b.age_seconds - a.age_seconds);
  return { tickets, all_day: allDayCounts(tickets), queue_available: queue !== null };
}

/** Portions still to make per dish name (tickets not yet ready), most first. */
export function allDayCounts(tickets: readonly Pick<KitchenTicket, 'status' | 'items'>[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const ticket of tickets) {
    if (ticket.status === 'ready') continue;
    for (const item of ticket.items) counts.set(item.item_name, (counts.get(item.item_name) ?? 0) + item.quantity);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** The admin's overview; each part is null when its service did not answer. */
export function adminOverview(parts: {
  payments: PaymentStats | null;
  queue: QueueStats | null;
  menu: readonly { available: boolean }[] | null;
  recent: readonly Pick<Order, 'status'>[] | null;
}): AdminOverview {
  const { payments, queue, menu, recent } = parts;
  const byStatus: Record<string, number> = {};
  for (const order of recent ?? []) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
  return {
    payments,
    queue,
    menu: menu ? { items: menu.length, sold_out: menu.filter((item) => !item.available).length } : null,
    recent_orders_by_status: recent ? byStatus : null,
  };
}
