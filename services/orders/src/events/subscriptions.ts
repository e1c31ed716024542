import { ETA_PROMISED, ROUTING_KEYS } from '@canteen/contracts';
import type { EventBus, Subscription } from '@canteen/service-kit';
import type { OrdersDeps } from '../app/deps.ts';
import { ETA_PROMISES_CONSUMER, etaPromiseHandler } from './eta-promise.handler.ts';
import { PAYMENT_EVENTS_CONSUMER, paymentEventsHandler } from './payment-events.handler.ts';

/**
 * Payment events handled at once. Each waits on two round trips to the database, and while a
 * rush of placements keeps MariaDB busy those take tens of milliseconds: with the default 10
 * (and 4 connections) the orders service confirmed at most ~250 orders/s and let the rest
 * queue up behind the new ones (measured with the order-loop bench). Matches the connections
 * the store keeps for payment events (8) with room for the events waiting on them.
 */
export const PAYMENT_EVENTS_PREFETCH = 32;

/** What the orders service listens to: routing key → handler, in one place. */
export async function subscribeOrders(bus: EventBus, deps: OrdersDeps, queuePrefix = ''): Promise<Subscription[]> {
  return [
    await bus.subscribe({
      queue: `${queuePrefix}${PAYMENT_EVENTS_CONSUMER}`,
      routingKeys: [ROUTING_KEYS.paymentSucceeded, ROUTING_KEYS.paymentFailed, ROUTING_KEYS.paymentRefunded],
      handler: paymentEventsHandler(deps),
      prefetch: PAYMENT_EVENTS_PREFETCH,
    }),
    await bus.subscribe({
      queue: `${queuePrefix}${ETA_PROMISES_CONSUMER}`,
      routingKeys: [ETA_PROMISED],
      handler: etaPromiseHandler(deps),
    }),
  ];
}
