import { z } from 'zod';

/*
 * The admin panel's analytics: the orders and payments services each aggregate their own
 * data in SQL (`/api/orders/analytics`, `/api/payments/analytics`, ADMIN only) and the BFF
 * composes both in one call (`/api/admin/analytics`). Days and hours are the canteen's
 * (its TIMEZONE). Money is in rupees with paise as decimals, like every other API amount.
 */

/** The longest range one view may cover, in days (both ends included). */
export const ANALYTICS_MAX_DAYS = 366;
/** The range when none is given: the last 30 days, today included. */
export const ANALYTICS_DEFAULT_DAYS = 30;

const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a date that exists');

/** Whole days from `from` to `to`, both included (1 for one day). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const AnalyticsQuerySchema = z
  .object({
    from: IsoDay.optional(),
    to: IsoDay.optional(),
    /** `csv`: the same figures as a CSV file (BFF only). */
    format: z.enum(['json', 'csv']).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from === undefined || query.to === undefined) return;
    if (query.from > query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${query.to})` });
    else if (daysInRange(query.from, query.to) > ANALYTICS_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may cover at most ${ANALYTICS_MAX_DAYS} days` });
    }
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

const Count = z.number().int().nonnegative();
const Money = z.number();
/** Null when there is nothing to average. */
const Seconds = z.number().nullable();

export const AnalyticsDaySchema = z.object({
  date: z.string(),
  orders: Count,
  completed: Count,
  cancelled: Count,
  /** Paid, less what was refunded. */
  revenue: Money,
  refunded: Money,
});
export const AnalyticsHourSchema = z.object({ hour: z.number().int().min(0).max(23), today: Count, last_week: Count });
export const TopDishSchema = z.object({ menu_item_id: z.string(), name: z.string(), quantity: Count, revenue: Money });

export const OrderAnalyticsSchema = z.object({
  time_zone: z.string(),
  from: z.string(),
  to: z.string(),
  /** The canteen's today and the same weekday a week before, for `hours`. */
  today: z.string(),
  last_week_day: z.string(),
  totals: z.object({ orders: Count, completed: Count, cancelled: Count, revenue: Money, refunded: Money, average_order_value: Money.nullable() }),
  days: z.array(AnalyticsDaySchema),
  hours: z.array(AnalyticsHourSchema),
  top_dishes: z.array(TopDishSchema),
  wait: z.object({
    /** Orders that turned ready in the range. */
    ready_orders: Count,
    /** Confirmed (paid) to ready. */
    average_wait_seconds: Seconds,
    /** Ready orders that had a promised ready time. */
    promised_orders: Count,
    /** Actual minus promised: positive is late. */
    average_eta_error_seconds: Seconds,
    average_abs_eta_error_seconds: Seconds,
    /** Ready more than a minute after the promise. */
    late_orders: Count,
  }),
  cancellations: z.object({ count: Count, by_reason: z.array(z.object({ reason: z.string(), count: Count })) }),
});
export type OrderAnalytics = z.infer<typeof OrderAnalyticsSchema>;

export const PaymentMethodFigureSchema = z.object({
  method: z.string(),
  attempts: Count,
  succeeded: Count,
  failed: Count,
  amount: Money,
});
export const PaymentAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  attempts: Count,
  succeeded: Count,
  failed: Count,
  pending: Count,
  /** Succeeded out of those decided (succeeded + failed), 0–1; null when none was decided. */
  success_rate: z.number().min(0).max(1).nullable(),
  methods: z.array(PaymentMethodFigureSchema),
  refunds: z.object({ count: Count, amount: Money }),
});
export type PaymentAnalytics = z.infer<typeof PaymentAnalyticsSchema>;

/** `GET /api/admin/analytics`: both services' figures; `payments` is null when that service did not answer. */
export const AdminAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  time_zone: z.string(),
  generated_at: z.string(),
  orders: OrderAnalyticsSchema,
  payments: PaymentAnalyticsSchema.nullable(),
});
export type AdminAnalytics = z.infer<typeof AdminAnalyticsSchema>;

/** `PUT /internal/orders/{id}/promised-ready-at` (queue → orders, service token): the first ETA an order was given. */
export const PromisedReadyAtSchema = z.object({ promised_ready_at: z.iso.datetime({ offset: true }) });
export type PromisedReadyAt = z.infer<typeof PromisedReadyAtSchema>;
