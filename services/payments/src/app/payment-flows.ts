import type { PaymentMethod } from '@canteen/contracts';
import { chargeWithMockGateway } from '../domain/mock-gateway.ts';
import { refund, settle, type PaymentRecord, type RefundRecord, type SettledStatus } from '../domain/payment.ts';
import type { ReceiptLine } from '../domain/receipt-line.ts';
import type { PaymentTx } from '../store/payment.store.ts';
import { paymentRefunded, settledEvents } from './payment-events.ts';

/**
 * The payment's stories as steps inside one store transaction: each applies a domain rule,
 * stores the result and appends its event, so the change and its announcement commit together.
 * They are shared by the HTTP use cases and the event handlers.
 */

export const ORDER_CANCELLED_REASON = 'order_cancelled';

export interface OpenPaymentInput {
  orderId: number;
  userId: number;
  amountMinor: number;
  method: PaymentMethod;
  currency: string;
  paymentToken?: string | null | undefined;
  /** Run the gateway now (online methods); false leaves the payment pending. */
  charge: boolean;
  paymentId: string;
  at: Date;
  /** The order's lines for the receipt (from payment.initiated). */
  lines?: readonly ReceiptLine[];
}

export type OpenedPayment = { created: true; payment: PaymentRecord } | { created: false; existing: PaymentRecord };

/**
 * Creates the order's one payment, or finds the one it has. An order already cancelled (its
 * `order.cancelled` overtook this) gets a cancelled payment and is never charged.
 */
export function openPayment(tx: PaymentTx, input: OpenPaymentInput): OpenedPayment {
  const existing = tx.paymentByOrder(input.orderId);
  if (existing) return { created: false, existing };
  const inserted = tx.insertPayment({
    paymentId: input.paymentId,
    orderId: input.orderId,
    userId: input.userId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    method: input.method,
    at: input.at,
    ...(input.lines ? { lines: input.lines } : {}),
  });
  // Only another writer could have inserted in between, and the write lock rules that out;
  // still, the UNIQUE order_id is what decides, so read what it kept.
  if (!inserted) return { created: false, existing: tx.paymentByOrder(input.orderId)! };
  if (tx.isOrderCancelled(input.orderId)) {
    return { created: true, payment: settlePayment(tx, inserted, 'cancelled', ORDER_CANCELLED_REASON, input.at) };
  }
  return { created: true, payment: input.charge ? chargePayment(tx, inserted, input.paymentToken, input.at) : inserted };
}

/** Runs the mock gateway; cash (and anything it leaves pending) stays as it is. */
export function chargePayment(tx: PaymentTx, payment: PaymentRecord, paymentToken: string | null | undefined, at: Date): PaymentRecord {
  const result = chargeWithMockGateway(payment.method, paymentToken);
  if (result.outcome === 'pending') return payment;
  return settlePayment(tx, payment, result.outcome, result.outcome === 'failed' ? result.reason : null, at);
}

export function settlePayment(
  tx: PaymentTx,
  payment: PaymentRecord,
  to: SettledStatus,
  reason: string | null | undefined,
  at: Date,
): PaymentRecord {
  const settled = settle(payment, to, { reason: reason ?? null, at });
  tx.updatePayment(settled);
  tx.appendEvents(settledEvents(settled));
  return settled;
}

export function refundPaymentIn(
  tx: PaymentTx,
  payment: PaymentRecord,
  request: { amountMinor?: number | undefined; reason?: string | null | undefined; refundId: string; at: Date },
): { payment: PaymentRecord; refund: RefundRecord } {
  const result = refund(payment, request);
  tx.updatePayment(result.payment);
  tx.insertRefund(result.payment, result.refund);
  tx.appendEvents([paymentRefunded(result.payment, result.refund)]);
  return result;
}
