import { z } from 'zod';

/** A message a consumer gave up on, as the admin API shows it (`/api/admin/dead-letters`). */
export const DeadLetterDtoSchema = z.object({
  queue: z.string(),
  message_id: z.string(),
  routing_key: z.string(),
  body: z.unknown(),
  /** poison (cannot succeed), retries-exhausted (transient for too long), malformed, delivery-limit (the consumer crashed on it). */
  reason: z.enum(['poison', 'retries-exhausted', 'malformed', 'delivery-limit']),
  error: z.string(),
  attempts: z.number().int(),
  dead_at: z.string().optional(),
});
export type DeadLetterDto = z.infer<typeof DeadLetterDtoSchema>;

export const DeadLetterQueueDtoSchema = z.object({
  /** The service that consumes the queue (orders, payments, queue, bff). */
  service: z.string(),
  queue: z.string(),
  /** All dead letters of the queue; `dead_letters` holds at most `limit` of them. */
  count: z.number().int(),
  dead_letters: z.array(DeadLetterDtoSchema),
});
export type DeadLetterQueueDto = z.infer<typeof DeadLetterQueueDtoSchema>;

export const DeadLettersResponseSchema = z.object({
  queues: z.array(DeadLetterQueueDtoSchema),
  /** Services that did not answer: their dead letters are not in `queues`. */
  unavailable: z.array(z.string()),
});
export type DeadLettersResponse = z.infer<typeof DeadLettersResponseSchema>;

export const ListDeadLettersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** One dead letter (`message_id`) or all of them (`all: true`) back to their queue. */
export const RedriveRequestSchema = z
  .object({
    queue: z.string().min(1).max(255),
    message_id: z.string().min(1).max(255).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((body) => (body.message_id === undefined) !== (body.all === undefined), {
    message: 'give either message_id (one dead letter) or all: true (every dead letter of the queue)',
  });
export type RedriveRequest = z.infer<typeof RedriveRequestSchema>;

export const RedriveResponseSchema = z.object({ queue: z.string(), redriven: z.number().int() });
export type RedriveResponse = z.infer<typeof RedriveResponseSchema>;
