import type { KitchenTicket, KitchenTickets, QueueItem } from '../../packages/contracts/src/index.ts';

const DISHES = [
  ['Masala Dosa', 'dosa'], ['Idli Sambar', 'tiffin'], ['Veg Thali', 'meals'], ['Chole Bhature', 'grill'], ['Masala Chaas', 'drinks'],
  ['Paneer Roll', 'grill'], ['Veg Biryani', 'meals'], ['Filter Coffee', 'drinks'], ['Medu Vada', 'tiffin'], ['Rava Upma', 'tiffin'],
] as const;
const NEXT: Record<string, QueueItem['status']> = { waiting: 'preparing', preparing: 'ready', ready: 'completed' };
export type BenchLane = 'new' | 'preparing' | 'ready' | null;

interface BenchOrder {
  id: number;
  number: number;
  status: QueueItem['status'];
  createdAt: string;
  lines: { name: string; station: string; quantity: number }[];
}

/**
 * A kitchen of `count` live orders for the render benchmark: the scripted server's state.
 * `step()` moves a random order one step on; a handed-out order is replaced by a new one,
 * announced by the next step as the real stream does (an entry the screen has never seen).
 */
export function generatedKitchen(count: number, random: () => number = Math.random) {
  const orders = new Map<number, BenchOrder>();
  let nextId = 1;
  let pendingNew: BenchOrder | null = null;
  const make = (): BenchOrder => {
    const id = nextId++;
    const lines = Array.from({ length: 1 + (id % 3) }, (_, n) => {
      const [name, station] = DISHES[(id * 3 + n) % DISHES.length]!;
      return { name, station, quantity: 1 + ((id + n) % 2) };
    });
    return { id, number: id, status: 'waiting', createdAt: new Date(Date.now() - (count - id) * 9000).toISOString(), lines };
  };
  for (let i = 0; i < count; i += 1) {
    const order = make();
    order.status = (['waiting', 'waiting', 'preparing', 'ready'] as const)[i % 4]!;
    orders.set(order.id, order);
  }

  const queueItem = (order: BenchOrder): QueueItem => ({
    order_id: order.id, user_id: 1, queue_number: order.number, estimated_wait_time: 5, status: order.status, created_at: order.createdAt,
    position: order.status === 'ready' ? 0 : 1, priority: order.id % 17 === 0 ? 3 : 0, expected_ready_at: null, expected_ready_at_p90: null,
    preparing_at: null, ready_at: null, items: order.lines.map((line) => ({ item_name: line.name, quantity: line.quantity, station: line.station, preparation_time: 5 })),
  });
  const ticket = (order: BenchOrder): KitchenTicket => ({
    id: order.id, user_id: 1, total_amount: 120, currency: 'INR', status: order.status === 'waiting' ? 'confirmed' : (order.status as 'preparing' | 'ready'),
    payment_id: `p-${order.id}`, payment_method: 'mock', payment_status: 'paid', refunded_amount: 0, queue_number: order.number,
    special_instructions: order.id % 7 === 0 ? 'pack to take away' : null, cancel_reason: null, created_at: order.createdAt, updated_at: order.createdAt,
    items: order.lines.map((line, n) => ({
      id: order.id * 10 + n, menu_item_id: `dish-${line.name}`, item_name: line.name, quantity: line.quantity, price: 60, special_instructions: n === 0 && order.id % 5 === 0 ? 'no onion' : null,
      total_price: 60 * line.quantity, options: order.id % 4 === 0 ? [{ group_id: 'add-ons', group_name: 'Add-ons', option_id: 'cheese', name: 'Cheese', price_delta: 20 }] : [],
      station: line.station, preparation_time: 5,
    })),
    queue: queueItem(order), age_seconds: 60,
  });

  return {
    snapshot: (): KitchenTickets => ({ tickets: [...orders.values()].map(ticket), all_day: {}, queue_available: true }),
    queueItems: () => [...orders.values()].map(queueItem),
    /** GET /api/orders/:id: the order with its lines (a KitchenTicket is an Order and more), or null once it is gone. */
    order: (id: number): KitchenTicket | null => {
      const order = orders.get(id);
      return order ? ticket(order) : null;
    },
    /** One update of the stream and the column the screen should then show the order in. */
    step(): { item: QueueItem; from: QueueItem['status'] | null; lane: BenchLane } {
      if (pendingNew) {
        const order = pendingNew;
        pendingNew = null;
        orders.set(order.id, order);
        return { item: queueItem(order), from: null, lane: 'new' };
      }
      const live = [...orders.values()];
      const order = live[Math.floor(random() * live.length)]!;
      const from = order.status;
      order.status = NEXT[order.status]!;
      if (order.status === 'completed') {
        orders.delete(order.id);
        pendingNew = make();
        return { item: queueItem(order), from, lane: null };
      }
      return { item: queueItem(order), from, lane: order.status === 'waiting' ? 'new' : (order.status as 'preparing' | 'ready') };
    },
  };
}
