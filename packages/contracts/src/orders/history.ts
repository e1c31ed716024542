import { z } from 'zod';
import { RoleSchema } from '../common.ts';
import { OrderStatusSchema } from './orders.ts';

/**
 * One move of an order (`GET /api/orders/{id}/history`): its new status, when, and who made it —
 * a person (`actor_id` and `actor_role` from their token) or `system` (payment events, no id).
 * The first line (`from_status` null) is the placement.
 */
export const OrderStatusChangeSchema = z.object({
  from_status: OrderStatusSchema.nullable(),
  to_status: OrderStatusSchema,
  actor_id: z.number().int().nullable(),
  actor_role: z.union([RoleSchema, z.literal('system')]),
  /** Why, for a cancellation. */
  reason: z.string().nullable(),
  at: z.string(),
});
export type OrderStatusChange = z.infer<typeof OrderStatusChangeSchema>;

export const OrderHistorySchema = z.object({
  order_id: z.number().int(),
  /** Oldest first. Empty for an order placed before the history was kept. */
  history: z.array(OrderStatusChangeSchema),
});
export type OrderHistory = z.infer<typeof OrderHistorySchema>;
