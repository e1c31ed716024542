import { z } from 'zod';
import { atLeast, atMost } from '../common.ts';
import { MenuIdSchema } from '../menu/menu.ts';

export const ORDER_STATUSES = ['placed', 'confirmed', 'preparing', 'ready', 'completed', 'cancelled'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;
export const ACTIVE_ORDER_STATUSES: readonly OrderStatus[] = ['placed', 'confirmed', 'preparing', 'ready'];

export const PAYMENT_METHODS = ['mock', 'card', 'upi', 'cash'] as const;
export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/** The order's view of its payment, kept up to date from the payment events. */
export const ORDER_PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'refunded', 'partially_refunded', 'cancelled'] as const;
export const OrderPaymentStatusSchema = z.enum(ORDER_PAYMENT_STATUSES);
export type OrderPaymentStatus = z.infer<typeof OrderPaymentStatusSchema>;

const Instructions = z.string().trim().max(500);

export const OptionSelectionSchema = z.object({
  group_id: z.string().min(1).max(40),
  option_ids: z.array(z.string().min(1).max(40)).max(20),
});
export type OptionSelection = z.infer<typeof OptionSelectionSchema>;

export const OrderLineInputSchema = z.object({
  menu_item_id: MenuIdSchema,
  quantity: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, atLeast(1)).max(50, atMost(50)),
  special_instructions: Instructions.optional(),
  options: z.array(OptionSelectionSchema).max(10).default([]),
});

/**
 * `user_id` is optional: the caller's id comes from the token. Given, it must be the caller's
 * own unless the caller is STAFF/ADMIN (ordering at the counter for a student).
 * `payment_token` drives the mock gateway's documented test triggers.
 */
export const CreateOrderSchema = z.object({
  user_id: z.number().int().positive().optional(),
  items: z.array(OrderLineInputSchema).min(1, 'an order needs at least one item').max(30, 'at most 30 lines'),
  special_instructions: Instructions.nullish(),
  payment_method: PaymentMethodSchema.default('mock'),
  payment_token: z.string().trim().min(1).max(100).optional(),
});
export type CreateOrder = z.infer<typeof CreateOrderSchema>;

export const UpdateOrderStatusSchema = z.object({
  status: OrderStatusSchema,
  reason: z.string().trim().max(300).optional(),
});
export type UpdateOrderStatus = z.infer<typeof UpdateOrderStatusSchema>;

export const CancelOrderSchema = z.object({ reason: z.string().trim().max(300).optional() });

export const ListOrdersQuerySchema = z.object({
  status: OrderStatusSchema.optional(),
  /** Orders with this queue number (numbers start again each day: newest first, today's on top). */
  queue_number: z.coerce.number().int().min(1).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const OrderLineOptionSchema = z.object({
  group_id: z.string(),
  group_name: z.string(),
  option_id: z.string(),
  name: z.string(),
  price_delta: z.number(),
});

export const OrderItemSchema = z.object({
  id: z.number().int(),
  menu_item_id: z.string(),
  item_name: z.string(),
  quantity: z.number().int(),
  /** Unit price including the chosen options. */
  price: z.number(),
  special_instructions: z.string().nullable(),
  total_price: z.number(),
  options: z.array(OrderLineOptionSchema),
  station: z.string(),
  preparation_time: z.number().int(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderSchema = z.object({
  id: z.number().int(),
  user_id: z.number().int(),
  total_amount: z.number(),
  currency: z.string(),
  status: OrderStatusSchema,
  payment_id: z.string().nullable(),
  payment_method: PaymentMethodSchema,
  payment_status: OrderPaymentStatusSchema,
  refunded_amount: z.number(),
  queue_number: z.number().int().nullable(),
  special_instructions: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  items: z.array(OrderItemSchema),
});
export type Order = z.infer<typeof OrderSchema>;

/** Orders in the kitchen's hands (confirmed, preparing, ready). */
export const KITCHEN_ORDER_STATUSES: readonly OrderStatus[] = ['confirmed', 'preparing', 'ready'];

/** The most orders one page of the kitchen snapshot holds. */
export const KITCHEN_SNAPSHOT_PAGE_MAX = 5000;

/** `GET /internal/orders/active?after_id=&limit=`: one page of the kitchen snapshot. */
export const ActiveOrdersQuerySchema = z.object({
  /** The cursor: orders with a higher id only (0, the default, is the first page). */
  after_id: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(KITCHEN_SNAPSHOT_PAGE_MAX).default(2000),
});

/**
 * `GET /internal/orders/active` (service token): the orders in the kitchen's hands, with
 * their queue numbers, for the queue service to rebuild or check its queue from; a page at a
 * time, lowest id first. `complete` is true when nothing follows this page; otherwise the next
 * page is asked for with `after_id=next_after_id`. A queue that did not read every page removes
 * nothing on the strength of what it read.
 */
export const ActiveOrdersSnapshotSchema = z.object({
  orders: z.array(OrderSchema),
  complete: z.boolean(),
  /** The cursor for the next page; null on the last one. */
  next_after_id: z.number().int().nullable().optional(),
  /** When the orders service read them. */
  taken_at: z.string(),
});
export type ActiveOrdersSnapshot = z.infer<typeof ActiveOrdersSnapshotSchema>;
