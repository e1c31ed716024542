import { ROUTING_KEYS } from '@canteen/contracts';
import type { EventBus, MessageHandler, Subscription } from '@canteen/service-kit';
import type { PaymentsDeps } from '../app/deps.ts';
import { ORDER_CANCELLED_CONSUMER, orderCancelledHandler } from './order-cancelled.handler.ts';
import { PAYMENT_INITIATED_CONSUMER, paymentInitiatedHandler } from './payment-initiated.handler.ts';

export interface PaymentSubscription {
  /** The durable queue (dead letters in `<queue>.dead`); also the inbox's consumer name. */
  queue: string;
  routingKeys: string[];
  handler: (deps: PaymentsDeps) => MessageHandler;
}

/** Everything the payments service consumes: routing key → queue → handler. */
export const PAYMENT_SUBSCRIPTIONS: readonly PaymentSubscription[] = [
  { queue: PAYMENT_INITIATED_CONSUMER, routingKeys: [ROUTING_KEYS.paymentInitiated], handler: paymentInitiatedHandler },
  { queue: ORDER_CANCELLED_CONSUMER, routingKeys: [ROUTING_KEYS.orderStatus('cancelled')], handler: orderCancelledHandler },
];

/**
 * Declares the queues and starts consuming. `queuePrefix` (tests on a shared broker) only
 * renames the queues; the inbox keeps the plain consumer names, so it means the same thing.
 */
export async function subscribePayments(
  bus: EventBus,
  deps: PaymentsDeps,
  options: { queuePrefix?: string; prefetch?: number } = {},
): Promise<Subscription[]> {
  const subscriptions: Subscription[] = [];
  try {
    for (const entry of PAYMENT_SUBSCRIPTIONS) {
      subscriptions.push(
        await bus.subscribe({
          queue: `${options.queuePrefix ?? ''}${entry.queue}`,
          routingKeys: entry.routingKeys,
          handler: entry.handler(deps),
          ...(options.prefetch ? { prefetch: options.prefetch } : {}),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(subscriptions.map((subscription) => subscription.cancel()));
    throw err;
  }
  return subscriptions;
}
