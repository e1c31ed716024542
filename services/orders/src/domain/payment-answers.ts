import { canTransition, isTerminal } from './order-state.ts';
import type { OrderRecord } from './order.ts';

/**
 * What each payment answer does to an order, pure, through the state machine's payment rules
 * (`canTransition(…, 'payment')`). Undefined: the answer changes nothing (already applied, or
 * overtaken: a late success for an order already cancelled is refunded by the payments
 * service on `order.cancelled`; a failure after the order was confirmed is ignored; refunds
 * only ever grow).
 */
export interface PaymentAnswer {
  paymentId: string;
}

export function paymentSucceeded(order: OrderRecord, answer: PaymentAnswer, now: Date): OrderRecord | undefined {
  if (order.paymentStatus !== 'pending' && order.paymentStatus !== 'failed') return undefined;
  const next: OrderRecord = { ...order, paymentId: answer.paymentId, paymentStatus: 'paid', updatedAt: now };
  // Paid confirms a placed order; an order the kitchen already has keeps its state.
  if (canTransition(order.status, 'confirmed', 'payment').ok) next.status = 'confirmed';
  return next;
}

export function paymentFailed(
  order: OrderRecord,
  answer: PaymentAnswer & { status: 'failed' | 'cancelled'; reason: string },
  now: Date,
): OrderRecord | undefined {
  if (order.paymentStatus !== 'pending') return undefined;
  const next: OrderRecord = { ...order, paymentId: answer.paymentId, paymentStatus: answer.status, updatedAt: now };
  // Only an order still waiting for its money is cancelled by a failed payment.
  if (order.status === 'placed' && canTransition(order.status, 'cancelled', 'payment').ok) {
    next.status = 'cancelled';
    next.cancelReason = `payment ${answer.status}: ${answer.reason}`;
  }
  return next;
}

export function paymentRefunded(
  order: OrderRecord,
  answer: PaymentAnswer & { refundedTotalMinor: number; fullyRefunded: boolean },
  now: Date,
): OrderRecord | undefined {
  if (answer.refundedTotalMinor <= order.refundedMinor) return undefined;
  const next: OrderRecord = {
    ...order,
    paymentId: order.paymentId ?? answer.paymentId,
    refundedMinor: answer.refundedTotalMinor,
    paymentStatus: answer.fullyRefunded ? 'refunded' : 'partially_refunded',
    updatedAt: now,
  };
  // Everything given back: an order the kitchen has not finished is cancelled with it.
  if (answer.fullyRefunded && !isTerminal(order.status) && canTransition(order.status, 'cancelled', 'payment').ok) {
    next.status = 'cancelled';
    next.cancelReason = 'refunded in full';
  }
  return next;
}
