import { randomUUID } from 'node:crypto';
import {
  PaymentFailedEventSchema,
  PaymentRefundedEventSchema,
  PaymentSucceededEventSchema,
  ROUTING_KEYS,
} from '@canteen/contracts';
import type { NewOutboxEvent } from '@canteen/service-kit';
import { fromMinor, type PaymentRecord, type RefundRecord } from '../domain/payment.ts';

/**
 * The events a payment's change announces, built inside its transaction and written to the
 * outbox with it. Each is parsed with its contract first, so a payload that drifted from the
 * schema fails the transaction here instead of a consumer later.
 */

const envelope = (eventType: string, at: Date) => ({
  event_id: randomUUID(),
  event_type: eventType,
  schema_version: 1,
  timestamp: at.toISOString(),
});

const outboxEvent = (routingKey: string, payload: { event_id: string }): NewOutboxEvent => ({
  eventId: payload.event_id,
  routingKey,
  payload,
});

/** The event a settled payment announces (none for pending or refund states). */
export function settledEvents(payment: PaymentRecord): NewOutboxEvent[] {
  if (payment.status === 'success') return [paymentSucceeded(payment)];
  if (payment.status === 'failed' || payment.status === 'cancelled') return [paymentFailed(payment)];
  return [];
}

export function paymentSucceeded(payment: PaymentRecord): NewOutboxEvent {
  const payload = PaymentSucceededEventSchema.parse({
    ...envelope('payment_completed', payment.updatedAt),
    order_id: payment.orderId,
    user_id: payment.userId,
    payment_id: payment.paymentId,
    payment_status: 'success',
    amount: fromMinor(payment.amountMinor),
    payment_method: payment.method,
  });
  return outboxEvent(ROUTING_KEYS.paymentSucceeded, payload);
}

export function paymentFailed(payment: PaymentRecord): NewOutboxEvent {
  const payload = PaymentFailedEventSchema.parse({
    ...envelope('payment_failed', payment.updatedAt),
    order_id: payment.orderId,
    user_id: payment.userId,
    payment_id: payment.paymentId,
    payment_status: payment.status,
    reason: payment.failureReason ?? payment.status,
  });
  return outboxEvent(ROUTING_KEYS.paymentFailed, payload);
}

export function paymentRefunded(payment: PaymentRecord, refund: RefundRecord): NewOutboxEvent {
  const payload = PaymentRefundedEventSchema.parse({
    ...envelope('payment_refunded', refund.createdAt),
    order_id: payment.orderId,
    user_id: payment.userId,
    payment_id: payment.paymentId,
    refund_id: refund.refundId,
    amount: fromMinor(refund.amountMinor),
    refunded_total: fromMinor(payment.refundedMinor),
    fully_refunded: payment.status === 'refunded',
  });
  return outboxEvent(ROUTING_KEYS.paymentRefunded, payload);
}
