import type { Order, OrderStatus, QueueStatus } from '@canteen/contracts';
import { canteenDay } from './day.ts';
import type { QueueEntry } from './queue-entry.ts';

const QUEUE_STATUS_OF: Partial<Record<OrderStatus, QueueStatus>> = { confirmed: 'waiting', preparing: 'preparing', ready: 'ready' };

/** The queue status of an order in the kitchen's hands; undefined for placed, completed and cancelled ones. */
export const queueStatusOf = (status: OrderStatus): QueueStatus | undefined => QUEUE_STATUS_OF[status];

/**
 * The queue entry an order in the kitchen's hands stands for, as the orders service records it
 * (what the queue rebuilds from after a restart or a data loss). The order keeps its number
 * and status, not the queue's own times: the last status change (`updated_at`) stands for when
 * it started preparing or became ready, and for when it was confirmed while it waits; an order
 * further along counts as confirmed when it was placed. Priority is the queue's own: 0.
 */
/** An order's entry as the orders service has it; no number from an orders service older than numbers. */
export type WantedEntry = Omit<QueueEntry, 'queueNumber'> & { queueNumber: number | null };

export function entryFromOrder(order: Order, timeZone: string): WantedEntry {
  const status = queueStatusOf(order.status);
  if (!status) throw new Error(`order ${order.id} is ${order.status}, not in the kitchen's hands`);
  const createdAt = Date.parse(order.created_at);
  const changedAt = Date.parse(order.updated_at);
  const confirmedAt = status === 'waiting' ? changedAt : createdAt;
  return {
    orderId: order.id,
    userId: order.user_id,
    queueNumber: order.queue_number,
    day: canteenDay(confirmedAt, timeZone),
    status,
    priority: 0,
    confirmedAt,
    preparingAt: status === 'preparing' ? changedAt : null,
    readyAt: status === 'ready' ? changedAt : null,
    completedAt: null,
    lines: order.items.map((item) => ({
      menuItemId: item.menu_item_id,
      itemName: item.item_name,
      quantity: item.quantity,
      station: item.station,
      preparationTime: item.preparation_time,
    })),
  };
}
