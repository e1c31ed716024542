import { ROUTING_KEYS } from '@canteen/contracts';
import type { EventBus, Subscription } from '@canteen/service-kit';
import type { OrdersDeps } from '../app/deps.ts';
import { PAYMENT_EVENTS_CONSUMER, paymentEventsHandler } from './payment-events.handler.ts';

/** What the orders service listens to: routing key → handler, in one place. */
export async function subscribeOrders(bus: EventBus, deps: OrdersDeps, queuePrefix = ''): Promise<Subscription[]> {
  return [
    await bus.subscribe({
      queue: `${queuePrefix}${PAYMENT_EVENTS_CONSUMER}`,
      routingKeys: [ROUTING_KEYS.paymentSucceeded, ROUTING_KEYS.paymentFailed, ROUTING_KEYS.paymentRefunded],
      handler: paymentEventsHandler(deps),
    }),
  ];
}
