import { z } from 'zod';
import { EventEnvelopeSchema } from '../events/envelope.ts';
import { OrderStatusSchema, PaymentMethodSchema } from './orders.ts';

/**
 * The order loop's events, on the topic exchange `canteen.orders`. Bodies are the original
 * payloads plus `event_id` (also the AMQP messageId) and `schema_version`; consumers ignore
 * unknown fields (zod strips them), so adding a field is not a breaking change.
 */
export const ROUTING_KEYS = {
  orderCreated: 'order.created',
  paymentInitiated: 'payment.initiated',
  paymentSucceeded: 'payment.success',
  paymentFailed: 'payment.failed',
  paymentRefunded: 'payment.refunded',
  orderStatus: (status: z.infer<typeof OrderStatusSchema>) => `order.${status}` as const,
} as const;

/** What the kitchen and the queue's ETA model need to know of each line. */
export const EventItemSchema = z.object({
  menu_item_id: z.string(),
  item_name: z.string(),
  quantity: z.number().int(),
  price: z.number(),
  special_instructions: z.string().nullable().optional(),
  station: z.string().optional(),
  preparation_time: z.number().int().optional(),
  options: z.array(z.string()).optional(),
});
export type EventItem = z.infer<typeof EventItemSchema>;

export const OrderCreatedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('order_created'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  total_amount: z.number(),
  items: z.array(EventItemSchema),
  special_instructions: z.string().nullable(),
  /**
   * The menu service's hold on the order's stock-counted items, made at placement; the menu
   * service ties it to the order from this event, to give it back when the order is cancelled.
   */
  stock_reservation_id: z.string().nullable().optional(),
});
export type OrderCreatedEvent = z.infer<typeof OrderCreatedEventSchema>;

/**
 * Asks the payments service to take payment. `payment_token` only steers the mock gateway's
 * test triggers; real card data never travels on the bus.
 */
export const PaymentInitiatedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('payment_initiated'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  amount: z.number(),
  payment_method: PaymentMethodSchema,
  payment_token: z.string().nullable().optional(),
  payment_id: z.string().nullable(),
  /**
   * The order's lines as priced when it was placed (names and unit prices with options): the
   * receipt lists these, so renaming or deleting a dish later changes no receipt. Optional:
   * events from before it was added have none.
   */
  items: z.array(EventItemSchema).optional(),
});
export type PaymentInitiatedEvent = z.infer<typeof PaymentInitiatedEventSchema>;

/** `order.confirmed|preparing|ready|completed|cancelled` (and `order.placed`). */
export const OrderStatusChangedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('order_status_changed'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  old_status: OrderStatusSchema,
  new_status: OrderStatusSchema,
  total_amount: z.number(),
  queue_number: z.number().int().nullable(),
  items: z.array(EventItemSchema),
  cancel_reason: z.string().nullable().optional(),
  /** Who cancelled: the customer, staff, or the payment failing. */
  cancelled_by: z.enum(['customer', 'staff', 'payment']).nullable().optional(),
});
export type OrderStatusChangedEvent = z.infer<typeof OrderStatusChangedEventSchema>;

export const PaymentSucceededEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('payment_completed'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  payment_id: z.string(),
  payment_status: z.literal('success'),
  amount: z.number(),
  payment_method: PaymentMethodSchema,
});
export type PaymentSucceededEvent = z.infer<typeof PaymentSucceededEventSchema>;

export const PaymentFailedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('payment_failed'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  payment_id: z.string(),
  payment_status: z.enum(['failed', 'cancelled']),
  reason: z.string(),
});
export type PaymentFailedEvent = z.infer<typeof PaymentFailedEventSchema>;

export const PaymentRefundedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('payment_refunded'),
  order_id: z.number().int(),
  user_id: z.number().int(),
  payment_id: z.string(),
  refund_id: z.string(),
  amount: z.number(),
  /** Refunded so far, this refund included. */
  refunded_total: z.number(),
  fully_refunded: z.boolean(),
});
export type PaymentRefundedEvent = z.infer<typeof PaymentRefundedEventSchema>;
