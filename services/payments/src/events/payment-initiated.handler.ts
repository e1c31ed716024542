import { PaymentInitiatedEventSchema } from '@canteen/contracts';
import type { MessageHandler } from '@canteen/service-kit';
import type { PaymentsDeps } from '../app/deps.ts';
import { openPayment } from '../app/payment-flows.ts';
import { isValidAmount, toMinor } from '../domain/payment.ts';
import { receiptLinesOf } from '../domain/receipt-line.ts';
import { InvalidEventError, parseEvent } from './invalid-event.ts';

export const PAYMENT_INITIATED_CONSUMER = 'payments.payment-initiated';

/**
 * `payment.initiated`: the order wants paying. Creates the order's one payment and, for an
 * online method, charges it at once (the outcome goes out as payment.success/failed through
 * the outbox). Idempotent twice over: the inbox drops a redelivered event, and the UNIQUE
 * order_id turns a second initiation with another event id into nothing.
 */
export function paymentInitiatedHandler(deps: PaymentsDeps): MessageHandler {
  const logger = deps.logger.child({ consumer: PAYMENT_INITIATED_CONSUMER });
  return async (message) => {
    const event = parseEvent(PaymentInitiatedEventSchema, message, logger);
    const log = logger.child({ eventId: event.event_id, orderId: event.order_id });
    if (!isValidAmount(event.amount)) {
      log.error({ amount: event.amount }, 'payment.initiated with an amount that cannot be charged; rejecting it');
      throw new InvalidEventError(`payment.initiated ${event.event_id}: amount ${event.amount} is not a positive amount in minor units`);
    }
    const at = deps.now();
    const outcome = await deps.store.transaction((tx) => {
      if (!tx.recordOnce(PAYMENT_INITIATED_CONSUMER, event.event_id)) return { kind: 'duplicate' as const };
      const opened = openPayment(tx, {
        orderId: event.order_id,
        userId: event.user_id,
        amountMinor: toMinor(event.amount),
        method: event.payment_method,
        currency: deps.currency,
        paymentToken: event.payment_token,
        charge: true,
        paymentId: deps.newPaymentId(),
        at,
        lines: receiptLinesOf(event.items),
      });
      return opened.created
        ? { kind: 'created' as const, paymentId: opened.payment.paymentId, status: opened.payment.status }
        : { kind: 'exists' as const, paymentId: opened.existing.paymentId, status: opened.existing.status };
    });
    deps.eventsWritten();
    if (outcome.kind === 'duplicate') log.info('payment.initiated seen before; nothing to do');
    else if (outcome.kind === 'exists') log.info({ paymentId: outcome.paymentId }, 'the order already has a payment; nothing created');
    else log.info({ paymentId: outcome.paymentId, status: outcome.status }, 'payment created');
  };
}
