import { z } from 'zod';

/** The kitchen's view of an order's progress (the original's queue statuses). */
export const QUEUE_STATUSES = ['waiting', 'preparing', 'ready', 'completed'] as const;
export const QueueStatusSchema = z.enum(QUEUE_STATUSES);
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

/** `POST /api/queue/` (staff or a service): put an order in the queue by hand. */
export const AddToQueueSchema = z.object({
  order_id: z.number().int().positive(),
  user_id: z.number().int().positive(),
});

/**
 * `DELETE /api/queue/order/{orderId}` (staff), body optional: taking an order off the queue is
 * finishing the order. `complete` hands it out; `cancel` cancels it (what was paid is
 * refunded). Without `action`: a ready order is completed, any other is cancelled.
 */
export const RemoveFromQueueSchema = z.object({
  action: z.enum(['complete', 'cancel']).optional(),
  reason: z.string().trim().max(300).optional(),
});
export type RemoveFromQueue = z.infer<typeof RemoveFromQueueSchema>;

/** What `DELETE /api/queue/order/{orderId}` answers: the original message, and what became of the order. */
export const RemovedFromQueueSchema = z.object({
  message: z.string(),
  order_id: z.number().int(),
  order_status: z.enum(['completed', 'cancelled']),
});

/** `PUT /api/queue/order/{orderId}` (staff): move it through the kitchen and/or raise its priority. */
export const UpdateQueueItemSchema = z
  .object({
    status: QueueStatusSchema.optional(),
    /** Higher goes first; 0 is normal. */
    priority: z.number().int().min(0).max(10).optional(),
  })
  .refine((body) => body.status !== undefined || body.priority !== undefined, { message: 'give status and/or priority' });
export type UpdateQueueItem = z.infer<typeof UpdateQueueItemSchema>;

export const QueueLineSchema = z.object({
  item_name: z.string(),
  quantity: z.number().int(),
  station: z.string(),
  preparation_time: z.number().int(),
});

/**
 * The original QueueItem fields (`queue_number` is now the day's number, fixed once given)
 * plus position, priority and an honest ETA with its spread.
 */
export const QueueItemSchema = z.object({
  order_id: z.number().int(),
  user_id: z.number().int(),
  queue_number: z.number().int(),
  /** Minutes until ready (P50), as the original field. */
  estimated_wait_time: z.number().int(),
  status: QueueStatusSchema,
  created_at: z.string(),
  /** 1 = next; 0 once the food is ready. */
  position: z.number().int(),
  priority: z.number().int(),
  expected_ready_at: z.string().nullable(),
  expected_ready_at_p90: z.string().nullable(),
  preparing_at: z.string().nullable(),
  ready_at: z.string().nullable(),
  items: z.array(QueueLineSchema),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

/** What the pickup board may show: numbers and states, nothing about people. */
export const BoardItemSchema = z.object({
  queue_number: z.number().int(),
  status: QueueStatusSchema,
});
export type BoardItem = z.infer<typeof BoardItemSchema>;

export const QueueStatsSchema = z.object({
  total_orders_today: z.number().int(),
  /** Minutes from confirmation to ready, measured over today's finished orders. */
  average_wait_time: z.number(),
  active_orders_count: z.number().int(),
  /** Orders made ready in the last hour. */
  throughput_last_hour: z.number().int(),
  ready_count: z.number().int(),
});
export type QueueStats = z.infer<typeof QueueStatsSchema>;
