import { z } from 'zod';
import { OrderSchema } from '../orders/orders.ts';
import { PaymentStatsSchema } from '../orders/payments.ts';
import { QueueItemSchema, QueueStatsSchema } from '../queue/queue.ts';

/*
 * The BFF's own answers (`bff/src/http/aggregate.routes.ts`): contracts put together for the
 * apps. They live here because the apps (PWA, kitchen display, admin) read them.
 */

/** An order with its place in the queue; `queue` is null when the queue service does not know it (or is down). */
export const ActiveOrderSchema = OrderSchema.extend({ queue: QueueItemSchema.nullable() });
export type ActiveOrder = z.infer<typeof ActiveOrderSchema>;
export const ActiveOrderListSchema = z.array(ActiveOrderSchema);

export const KitchenTicketSchema = ActiveOrderSchema.extend({ age_seconds: z.number().int() });
export type KitchenTicket = z.infer<typeof KitchenTicketSchema>;
export const KitchenTicketsSchema = z.object({
  tickets: z.array(KitchenTicketSchema),
  /** Portions still to make, per dish name, most first. */
  all_day: z.record(z.string(), z.number().int()),
  queue_available: z.boolean(),
});
export type KitchenTickets = z.infer<typeof KitchenTicketsSchema>;

export const AdminOverviewSchema = z.object({
  payments: PaymentStatsSchema.nullable(),
  queue: QueueStatsSchema.nullable(),
  menu: z.object({ items: z.number().int(), sold_out: z.number().int() }).nullable(),
  recent_orders_by_status: z.record(z.string(), z.number().int()).nullable(),
});
export type AdminOverview = z.infer<typeof AdminOverviewSchema>;
