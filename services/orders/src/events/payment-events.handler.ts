import {
  PaymentFailedEventSchema,
  PaymentRefundedEventSchema,
  PaymentSucceededEventSchema,
  ROUTING_KEYS,
} from '@canteen/contracts';
import { PoisonMessageError, type BusMessage } from '@canteen/service-kit';
import type { OrdersDeps } from '../app/deps.ts';
import { statusEvents } from '../app/order-events.ts';
import { paymentFailed, paymentRefunded, paymentSucceeded } from '../domain/payment-answers.ts';
import type { EventUpdateResult, OrderChange } from '../store/order.store.ts';

export const PAYMENT_EVENTS_CONSUMER = 'orders.payment-events';

const minor = (amount: number) => Math.round(amount * 100);

/**
 * The order's side of the payment answers: parsed here, decided by the domain
 * (domain/payment-answers.ts, through the state machine's payment rules), applied at most once
 * (inbox). A refund of everything captured cancels an order the kitchen has not finished
 * (`order.cancelled`, cancelled_by payment): the queue takes it off and the menu gets its
 * stock back, and the payments service, finding nothing left to refund, refunds nothing twice.
 */
const changes: Record<string, (body: unknown, now: Date) => { orderId: number; change: OrderChange }> = {
  [ROUTING_KEYS.paymentSucceeded]: (body, now) => {
    const event = PaymentSucceededEventSchema.parse(body);
    return { orderId: event.order_id, change: (order) => paymentSucceeded(order, { paymentId: event.payment_id }, now) };
  },
  [ROUTING_KEYS.paymentFailed]: (body, now) => {
    const event = PaymentFailedEventSchema.parse(body);
    const status = event.payment_status === 'cancelled' ? 'cancelled' : 'failed';
    return {
      orderId: event.order_id,
      change: (order) => paymentFailed(order, { paymentId: event.payment_id, status, reason: event.reason }, now),
    };
  },
  [ROUTING_KEYS.paymentRefunded]: (body, now) => {
    const event = PaymentRefundedEventSchema.parse(body);
    const answer = { paymentId: event.payment_id, refundedTotalMinor: minor(event.refunded_total), fullyRefunded: event.fully_refunded };
    return { orderId: event.order_id, change: (order) => paymentRefunded(order, answer, now) };
  },
};

/**
 * Applies one payment answer to its order, at most once per (consumer, eventId). The event
 * handler and the reconciliation (app/reconcile-payments.ts) both come this way, so a repair
 * is the very change the lost event would have made. Undefined: no such order.
 */
export async function applyPaymentEvent(
  deps: OrdersDeps,
  consumer: string,
  eventId: string,
  routingKey: string,
  body: unknown,
): Promise<EventUpdateResult | 'unexpected'> {
  const build = changes[routingKey];
  if (!build) return 'unexpected';
  const { orderId, change } = build(body, deps.now());
  const result = await deps.store.updateOrderOnce(consumer, eventId, orderId, change, (before, after) => statusEvents(before, after, 'payment'));
  if (result !== undefined && result !== 'duplicate' && result.changed) {
    deps.eventsWritten();
    deps.logger.info({ orderId, routingKey, status: result.after.status, payment: result.after.paymentStatus, consumer }, 'payment event applied');
  }
  return result;
}

export function paymentEventsHandler(deps: OrdersDeps) {
  return async (message: BusMessage): Promise<void> => {
    const result = await applyPaymentEvent(deps, PAYMENT_EVENTS_CONSUMER, message.messageId, message.routingKey, message.body);
    if (result === 'unexpected') {
      deps.logger.warn({ routingKey: message.routingKey }, 'unexpected routing key on the payment events queue');
      return;
    }
    if (result === undefined) {
      // A payment for no order we know: dropping it would hide a charged student, so it goes
      // to the dead letters at once (not recorded in the inbox), to be redriven once the
      // order is there (a restore, a late replica) or looked into.
      throw new PoisonMessageError(`${message.routingKey} ${message.messageId} is for an order that does not exist`);
    }
  };
}
