import { z } from 'zod';
import { EventEnvelopeSchema } from '../events/envelope.ts';

/**
 * `queue.eta_promised`: the ready time the queue promised the student when the order joined
 * the queue (the upper end of the ETA range the student app shows, "ready 12:41–12:46"). The
 * orders service keeps the first one per order, for the ETA error of the analytics; a repeat
 * (a redelivery, the queue handling the order's `confirmed` again) changes nothing.
 */
export const EtaPromisedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('queue.eta_promised'),
  order_id: z.number().int(),
  promised_ready_at: z.iso.datetime({ offset: true }),
});
export type EtaPromisedEvent = z.infer<typeof EtaPromisedEventSchema>;

export const ETA_PROMISED = 'queue.eta_promised';
