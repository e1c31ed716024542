import type { QueueItem } from '@canteen/contracts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { StreamMessage } from '../store/queue.store.ts';
import type { QueueDeps } from './deps.ts';
import { toQueueItem } from './views.ts';

/**
 * Puts a change on the real-time stream (which every instance tails and broadcasts), with
 * the order's fresh position and ETA. Everyone behind it moved too: `positionsChanged`
 * refreshes them a moment later, in one batch.
 */
export async function announce(deps: QueueDeps, type: 'queue_update' | 'status_update', entry: QueueEntry): Promise<void> {
  deps.planner.invalidate();
  const { plan } = await deps.planner.current();
  await deps.store.appendStream({
    type,
    orderId: entry.orderId,
    userId: entry.userId,
    queueNumber: entry.queueNumber,
    status: entry.status,
    data: toQueueItem(entry, plan),
    at: deps.now(),
  });
  deps.positionsChanged();
}

export async function announceRemoval(deps: QueueDeps, entry: Pick<QueueEntry, 'orderId' | 'userId' | 'queueNumber'>) {
  deps.planner.invalidate();
  await deps.store.appendStream({
    type: 'queue_removed',
    orderId: entry.orderId,
    userId: entry.userId,
    queueNumber: entry.queueNumber,
    data: { order_id: entry.orderId, queue_number: entry.queueNumber, user_id: entry.userId },
    at: deps.now(),
  });
  deps.positionsChanged();
}

/**
 * After a change, the orders behind it have a new position or ETA. Debounced: one pass per
 * `delayMs` however many changes came in, and a `queue_update` only for orders whose position
 * or whole-minute ETA really moved since this instance last said so.
 */
export function createPositionRefresher(deps: Omit<QueueDeps, 'positionsChanged'>, delayMs = 250) {
  const lastSaid = new Map<number, string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function refresh() {
    const { entries, plan } = await deps.planner.current();
    for (const id of lastSaid.keys()) if (!entries.has(id)) lastSaid.delete(id);
    for (const entry of entries.values()) {
      const eta = plan.byOrder.get(entry.orderId);
      const said = `${eta?.position}:${eta?.estimatedWaitMinutes}`;
      if (lastSaid.get(entry.orderId) === said) continue;
      const first = !lastSaid.has(entry.orderId);
      lastSaid.set(entry.orderId, said);
      // The announcement of the change itself already told clients about new entries.
      if (first) continue;
      await deps.store.appendStream({
        type: 'queue_update',
        orderId: entry.orderId,
        userId: entry.userId,
        queueNumber: entry.queueNumber,
        status: entry.status,
        data: toQueueItem(entry, plan),
        at: deps.now(),
      });
    }
  }

  return {
    /**
     * Every message on the stream (from this instance or another) says where an order stands;
     * remembering it lets the next pass tell what clients have not heard yet, even for an order
     * whose position moved before this instance's first pass saw it.
     */
    observe(message: StreamMessage) {
      if (message.type === 'queue_removed') lastSaid.delete(message.orderId);
      else {
        const item = message.data as Partial<QueueItem>;
        lastSaid.set(message.orderId, `${item.position}:${item.estimated_wait_time}`);
      }
    },
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        running = refresh()
          .catch((err) => deps.logger.warn({ err }, 'position refresh failed'))
          .finally(() => {
            running = undefined;
          });
      }, delayMs);
      timer.unref();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
