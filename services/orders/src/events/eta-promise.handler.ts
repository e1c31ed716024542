import { EtaPromisedEventSchema } from '@canteen/contracts';
import type { BusMessage } from '@canteen/service-kit';
import type { OrdersDeps } from '../app/deps.ts';

export const ETA_PROMISES_CONSUMER = 'orders.eta-promises';

/**
 * The ready time the queue promised the student, kept for the ETA error of the analytics. The
 * first promise per order stands (the store only fills an empty column), so a redelivery or a
 * later promise changes nothing and needs no inbox; a promise for an order this service does
 * not have is dropped.
 */
export function etaPromiseHandler(deps: Pick<OrdersDeps, 'store' | 'logger'>) {
  return async (message: BusMessage): Promise<void> => {
    const event = EtaPromisedEventSchema.parse(message.body);
    const recorded = await deps.store.recordPromisedReadyAt(event.order_id, new Date(event.promised_ready_at));
    if (!recorded) deps.logger.debug({ orderId: event.order_id }, 'ETA promise not kept: the order has one already or is unknown');
  };
}
