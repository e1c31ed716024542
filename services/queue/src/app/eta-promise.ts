import { randomUUID } from 'node:crypto';
import { ETA_PROMISED, type EtaPromisedEvent } from '@canteen/contracts';
import type { EventBus } from '@canteen/service-kit';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { QueueDeps } from './deps.ts';

/**
 * Tells the orders service (on the bus, so nothing is lost while it is down: the message waits
 * in its queue) the ready time the student was just promised: the late end of the ETA range
 * the student app shows. The orders service keeps the first promise per order, so one said
 * again (this order's `confirmed` handled twice) changes nothing there. An order already ready
 * (events out of order) was promised nothing.
 */
export async function promiseReadyTime(deps: Pick<QueueDeps, 'planner' | 'now'>, bus: Pick<EventBus, 'publish'>, entry: QueueEntry): Promise<void> {
  if (entry.status === 'ready' || entry.status === 'completed') return;
  const { plan } = await deps.planner.fresh();
  const eta = plan.byOrder.get(entry.orderId);
  if (!eta) return;
  const event: EtaPromisedEvent = {
    event_id: randomUUID(),
    event_type: ETA_PROMISED,
    schema_version: 1,
    timestamp: new Date(deps.now()).toISOString(),
    order_id: entry.orderId,
    promised_ready_at: new Date(eta.expectedReadyAtP90).toISOString(),
  };
  await bus.publish(ETA_PROMISED, event, { messageId: event.event_id });
}
