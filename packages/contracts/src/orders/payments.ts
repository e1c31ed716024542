import { z } from 'zod';
import { atMost } from '../common.ts';
import { PaymentMethodSchema } from './orders.ts';

export const PAYMENT_STATUSES = ['pending', 'success', 'failed', 'cancelled', 'refunded', 'partially_refunded'] as const;
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

const Amount = z
  .number({ message: 'must be a number' })
  .finite()
  .positive('must be greater than 0')
  .max(1_000_000, atMost(1_000_000))
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'must have at most two decimals');

export const PaymentIdSchema = z.string().regex(/^pay_[0-9a-f]{12,32}$/, 'must be a payment id like pay_3f9a0c1b2d4e');

/** Staff creating a payment by hand (the usual path is the `payment.initiated` event). */
export const CreatePaymentSchema = z.object({
  order_id: z.number().int().positive(),
  user_id: z.number().int().positive(),
  amount: Amount,
  payment_method: PaymentMethodSchema.default('mock'),
  payment_token: z.string().trim().min(1).max(100).optional(),
  /**
   * Online methods are charged by the gateway at once unless this is `false`: the payment then
   * stays pending until `POST /api/payments/{payment_id}/process`. Cash always waits for staff.
   */
  process: z.boolean().optional(),
});
export type CreatePayment = z.infer<typeof CreatePaymentSchema>;

/** `POST /api/payments/{payment_id}/process`: runs the gateway for a pending online payment. */
export const ProcessPaymentSchema = z.object({
  payment_token: z.string().trim().min(1).max(100).optional(),
});
export type ProcessPayment = z.infer<typeof ProcessPaymentSchema>;

/** Staff moves: settle cash (success), record a failure, or cancel a pending payment. */
export const UpdatePaymentStatusSchema = z.object({
  status: z.enum(['success', 'failed', 'cancelled']),
  reason: z.string().trim().max(300).optional(),
});

export const RefundRequestSchema = z.object({
  /** Omitted: refund everything still captured. */
  amount: Amount.optional(),
  reason: z.string().trim().max(300).optional(),
});

export const RefundSchema = z.object({
  refund_id: z.string(),
  amount: z.number(),
  reason: z.string().nullable(),
  created_at: z.string(),
});

export const PaymentSchema = z.object({
  id: z.number().int(),
  payment_id: z.string(),
  order_id: z.number().int(),
  user_id: z.number().int(),
  amount: z.number(),
  currency: z.string(),
  status: PaymentStatusSchema,
  payment_method: PaymentMethodSchema,
  failure_reason: z.string().nullable(),
  refunded_amount: z.number(),
  refunds: z.array(RefundSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/**
 * What one refund did, in the answer to `POST /api/payments/{id}/refund`: `covers` is `all`
 * when nothing stays captured (the orders service then cancels an order not yet completed),
 * `part` when some does (the order carries on); `message` says so in words.
 */
export const RefundOutcomeSchema = z.object({
  refund_id: z.string(),
  amount: z.number(),
  /** Refunded so far, this refund included. */
  refunded_total: z.number(),
  /** Still captured after this refund. */
  remaining: z.number(),
  covers: z.enum(['all', 'part']),
  message: z.string(),
});
export type RefundOutcome = z.infer<typeof RefundOutcomeSchema>;

export const RefundAnswerSchema = PaymentSchema.extend({ refund: RefundOutcomeSchema });
export type RefundAnswer = z.infer<typeof RefundAnswerSchema>;

export const PaymentStatsSchema = z.object({
  total_payments: z.number().int(),
  successful_payments: z.number().int(),
  total_revenue: z.number(),
  success_rate: z.number(),
  failed_payments: z.number().int(),
  pending_payments: z.number().int(),
  refunded_amount: z.number(),
  by_method: z.record(z.string(), z.object({ count: z.number().int(), revenue: z.number() })),
});
export type PaymentStats = z.infer<typeof PaymentStatsSchema>;
