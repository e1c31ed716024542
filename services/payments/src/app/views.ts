import type { Payment, PaymentStats, RefundOutcome } from '@canteen/contracts';
import { fromMinor, type PaymentRecord, type RefundRecord } from '../domain/payment.ts';
import type { StatsRow } from '../store/payment.store.ts';

/** The original payment representation (snake_case, decimal amount) plus currency and refunds. */
export function toPaymentView(payment: PaymentRecord): Payment {
  return {
    id: payment.id,
    payment_id: payment.paymentId,
    order_id: payment.orderId,
    user_id: payment.userId,
    amount: fromMinor(payment.amountMinor),
    currency: payment.currency,
    status: payment.status,
    payment_method: payment.method,
    failure_reason: payment.failureReason,
    refunded_amount: fromMinor(payment.refundedMinor),
    refunds: payment.refunds.map((refund) => ({
      refund_id: refund.refundId,
      amount: fromMinor(refund.amountMinor),
      reason: refund.reason,
      created_at: refund.createdAt.toISOString(),
    })),
    created_at: payment.createdAt.toISOString(),
    updated_at: payment.updatedAt.toISOString(),
  };
}

/** One refund's effect, for the staff member who asked for it: all of what was captured, or part of it. */
export function toRefundOutcome(payment: PaymentRecord, refund: RefundRecord): RefundOutcome {
  const money = (minor: number) => `${fromMinor(minor).toFixed(2)} ${payment.currency}`;
  const remainingMinor = payment.amountMinor - payment.refundedMinor;
  const covers = remainingMinor === 0 ? 'all' : 'part';
  const message =
    covers === 'all'
      ? `Refunded ${money(refund.amountMinor)}: everything captured (${money(payment.amountMinor)}) is returned, so an order not yet completed is cancelled`
      : `Refunded ${money(refund.amountMinor)}, part of the ${money(payment.amountMinor)} captured: ${money(payment.refundedMinor)} refunded so far, ${money(remainingMinor)} still captured; the order is not cancelled`;
  return {
    refund_id: refund.refundId,
    amount: fromMinor(refund.amountMinor),
    refunded_total: fromMinor(payment.refundedMinor),
    remaining: fromMinor(remainingMinor),
    covers,
    message,
  };
}

const CAPTURED = new Set(['success', 'partially_refunded', 'refunded']);

/**
 * Today's payments. `successful_payments` counts every payment that was captured, even if
 * refunded later; `total_revenue` is what the canteen keeps (captured minus refunded), so a
 * cancelled-and-refunded order adds nothing. `success_rate` is a percentage with two decimals.
 */
export function toStatsView(rows: StatsRow[]): PaymentStats {
  let total = 0;
  let successful = 0;
  let failed = 0;
  let pending = 0;
  let revenueMinor = 0;
  let refundedMinor = 0;
  const byMethod = new Map<string, { count: number; revenueMinor: number }>();
  for (const row of rows) {
    const captured = CAPTURED.has(row.status);
    const revenue = captured ? row.amountMinor - row.refundedMinor : 0;
    total += row.count;
    if (captured) successful += row.count;
    if (row.status === 'failed') failed += row.count;
    if (row.status === 'pending') pending += row.count;
    revenueMinor += revenue;
    refundedMinor += row.refundedMinor;
    const method = byMethod.get(row.method) ?? { count: 0, revenueMinor: 0 };
    method.count += row.count;
    method.revenueMinor += revenue;
    byMethod.set(row.method, method);
  }
  return {
    total_payments: total,
    successful_payments: successful,
    total_revenue: fromMinor(revenueMinor),
    success_rate: total === 0 ? 0 : Math.round((successful / total) * 10_000) / 100,
    failed_payments: failed,
    pending_payments: pending,
    refunded_amount: fromMinor(refundedMinor),
    by_method: Object.fromEntries(
      [...byMethod].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => [name, { count: value.count, revenue: fromMinor(value.revenueMinor) }]),
    ),
  };
}
