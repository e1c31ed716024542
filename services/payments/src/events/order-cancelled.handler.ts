import { OrderStatusChangedEventSchema } from '@canteen/contracts';
import type { MessageHandler } from '@canteen/service-kit';
import type { PaymentsDeps } from '../app/deps.ts';
import { ORDER_CANCELLED_REASON, refundPaymentIn, settlePayment } from '../app/payment-flows.ts';
import { isCaptured } from '../domain/payment.ts';
import { InvalidEventError, parseEvent } from './invalid-event.ts';

export const ORDER_CANCELLED_CONSUMER = 'payments.order-cancelled';

/**
 * `order.cancelled`: give the money back. A captured payment is refunded in full (what is
 * left of it) and announced with payment.refunded; a pending one is cancelled and announced
 * with payment.failed (status cancelled); with no payment yet a tombstone makes a late
 * payment.initiated create a cancelled payment instead of charging.
 *
 * The whole decision runs in one IMMEDIATE transaction with the inbox row, so a redelivery
 * changes nothing, and of two cancellations with different event ids the second finds the
 * payment already refunded: exactly one refund.
 */
export function orderCancelledHandler(deps: PaymentsDeps): MessageHandler {
  const logger = deps.logger.child({ consumer: ORDER_CANCELLED_CONSUMER });
  return async (message) => {
    const event = parseEvent(OrderStatusChangedEventSchema, message, logger);
    if (event.new_status !== 'cancelled') {
      throw new InvalidEventError(`order.cancelled ${event.event_id} says new_status ${event.new_status}`);
    }
    const log = logger.child({ eventId: event.event_id, orderId: event.order_id });
    const at = deps.now();
    const outcome = await deps.store.transaction((tx) => {
      if (!tx.recordOnce(ORDER_CANCELLED_CONSUMER, event.event_id)) return 'duplicate';
      const payment = tx.paymentByOrder(event.order_id);
      if (!payment) {
        tx.recordOrderCancelled(event.order_id, event.event_id, at);
        return 'tombstone';
      }
      if (payment.status === 'pending') {
        settlePayment(tx, payment, 'cancelled', ORDER_CANCELLED_REASON, at);
        return 'cancelled';
      }
      if (isCaptured(payment)) {
        refundPaymentIn(tx, payment, { reason: ORDER_CANCELLED_REASON, refundId: deps.newRefundId(), at });
        return 'refunded';
      }
      return `nothing (payment ${payment.status})`;
    });
    deps.eventsWritten();
    log.info({ outcome }, 'order cancellation handled');
  };
}
