import { z } from 'zod';

/**
 * What every integration event carries besides its own payload. `event_id` is also the AMQP
 * messageId and the key consumers record in their inbox. Consumers ignore unknown fields
 * (zod strips them), so adding a field is not a breaking change; a breaking change is a new
 * `schema_version`.
 */
export const EventEnvelopeSchema = z.object({
  event_id: z.uuid(),
  event_type: z.string().min(1),
  schema_version: z.number().int().positive(),
  timestamp: z.string(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
