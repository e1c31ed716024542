import type { QueueStatus } from '@canteen/contracts';

/** One line of an order as the kitchen model needs it. */
export interface QueueLine {
  menuItemId: string;
  itemName: string;
  quantity: number;
  station: string;
  /** The menu's nominal prep time, minutes. */
  preparationTime: number;
}

/** An order in the kitchen's queue. Times are epoch milliseconds. */
export interface QueueEntry {
  orderId: number;
  userId: number;
  /** The day's number, given once at confirmation and never changed. */
  queueNumber: number;
  /** The canteen's day (YYYY-MM-DD in its time zone) the number belongs to. */
  day: string;
  status: QueueStatus;
  priority: number;
  confirmedAt: number;
  preparingAt: number | null;
  readyAt: number | null;
  completedAt: number | null;
  lines: QueueLine[];
}

/** Still to be handed out: waiting, being cooked, or ready at the counter. */
export const isActive = (entry: QueueEntry): boolean => entry.status !== 'completed';

/** How far along the kitchen an order is; a stored entry never goes back to a lower rank. */
export const STATUS_RANK: Record<QueueStatus, number> = { waiting: 0, preparing: 1, ready: 2, completed: 3 };
