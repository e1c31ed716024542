import type { QueueItem } from '@canteen/contracts';
import type { LiveMessage } from '@canteen/client';

/** What the staff stream of `/ws` has said about the kitchen: every active order, by id. */
export interface LiveBoard {
  orders: Map<number, QueueItem>;
  /** When each order joined the queue (ms), for orders per minute. */
  joined: number[];
}

export const emptyBoard = (): LiveBoard => ({ orders: new Map(), joined: [] });

/** Applies one message (pure: a new board, the old one untouched). */
export function applyMessage(board: LiveBoard, message: LiveMessage, now: number): LiveBoard {
  if (message.type === 'snapshot') {
    const items = (message.data as QueueItem[]) ?? [];
    return { orders: new Map(items.map((item) => [item.order_id, item])), joined: items.map((item) => Date.parse(item.created_at)) };
  }
  if (message.type === 'queue_update' || message.type === 'status_update') {
    const item = message.data as QueueItem;
    const orders = new Map(board.orders);
    const isNew = !orders.has(item.order_id);
    orders.set(item.order_id, item);
    return { orders, joined: isNew ? [...board.joined.filter((t) => now - t < 3_600_000), now] : board.joined };
  }
  if (message.type === 'queue_removed') {
    const orders = new Map(board.orders);
    orders.delete((message.data as { order_id: number }).order_id);
    return { ...board, orders };
  }
  return board;
}

export interface LiveFigures {
  queueLength: number;
  /** The queue's states: waiting (confirmed, not started), preparing, ready. */
  byState: Record<'waiting' | 'preparing' | 'ready', number>;
  /** Orders that joined in each of the last 15 minutes, oldest first. */
  perMinute: number[];
  /** Portions still to make per station. */
  stations: [string, number][];
  /** Minutes until the last order in the queue is expected ready. */
  etaMinutes: number | null;
}

export function figuresOf(board: LiveBoard, now: number): LiveFigures {
  const byState = { waiting: 0, preparing: 0, ready: 0 };
  const stations = new Map<string, number>();
  let latest: number | null = null;
  for (const order of board.orders.values()) {
    if (order.status in byState) byState[order.status as keyof typeof byState] += 1;
    if (order.status === 'ready' || order.status === 'completed') continue;
    for (const item of order.items) stations.set(item.station, (stations.get(item.station) ?? 0) + item.quantity);
    const eta = order.expected_ready_at ? Date.parse(order.expected_ready_at) : null;
    if (eta !== null && (latest === null || eta > latest)) latest = eta;
  }
  const perMinute = Array.from({ length: 15 }, (_, i) => {
    const from = now - (15 - i) * 60_000;
    return board.joined.filter((t) => t >= from && t < from + 60_000).length;
  });
  return {
    queueLength: byState.waiting + byState.preparing,
    byState,
    perMinute,
    stations: [...stations].sort((a, b) => b[1] - a[1]),
    etaMinutes: latest === null ? null : Math.max(0, Math.round((latest - now) / 60_000)),
  };
}
