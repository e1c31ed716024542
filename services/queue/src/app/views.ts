import type { BoardItem, QueueItem } from '@canteen/contracts';
import type { KitchenPlan } from '../domain/kitchen-plan.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** The original QueueItem plus position, priority and the ETA with its spread. */
export function toQueueItem(entry: QueueEntry, plan: KitchenPlan): QueueItem {
  const eta = plan.byOrder.get(entry.orderId);
  return {
    order_id: entry.orderId,
    user_id: entry.userId,
    queue_number: entry.queueNumber,
    estimated_wait_time: eta?.estimatedWaitMinutes ?? 0,
    status: entry.status,
    created_at: new Date(entry.confirmedAt).toISOString(),
    position: eta?.position ?? 0,
    priority: entry.priority,
    expected_ready_at: eta ? iso(eta.expectedReadyAt) : iso(entry.readyAt),
    expected_ready_at_p90: eta ? iso(eta.expectedReadyAtP90) : iso(entry.readyAt),
    preparing_at: iso(entry.preparingAt),
    ready_at: iso(entry.readyAt),
    items: entry.lines.map((line) => ({
      item_name: line.itemName,
      quantity: line.quantity,
      station: line.station,
      preparation_time: line.preparationTime,
    })),
  };
}

/** The pickup board's view: a number and a state, nothing about the person. */
export const toBoardItem = (entry: QueueEntry): BoardItem => ({ queue_number: entry.queueNumber, status: entry.status });
