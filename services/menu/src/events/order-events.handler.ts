import { OrderCreatedEventSchema, OrderStatusChangedEventSchema, ROUTING_KEYS } from '@canteen/contracts';
import { inOrderPer, type BusMessage, type EventBus, type Subscription } from '@canteen/service-kit';
import type { MenuDeps } from '../app/deps.ts';
import { claimStock, releaseOrderStock } from '../app/stock.ts';

export const ORDER_EVENTS_CONSUMER = 'menu.order-events';

/**
 * The menu follows orders only for their stock: `order.created` ties the placement's hold to
 * the order, `order.cancelled` gives it back. A failed payment needs no key of its own: the
 * orders service cancels the order it failed (`order.cancelled`, cancelled_by payment), and a
 * `payment.failed` the order survives (it was already confirmed) must not give stock back.
 *
 * Each change is guarded by the reservation's state (held → released happens once), so a
 * redelivered or repeated event changes nothing; no inbox is needed. Events of one order are
 * handled one at a time, in delivery order; a cancellation that still overtakes its creation
 * is remembered by the store and applied when the creation arrives.
 */
export function orderEventsHandler(deps: MenuDeps) {
  const inOrder = inOrderPer<number>();
  return async (message: BusMessage): Promise<void> => {
    if (message.routingKey === ROUTING_KEYS.orderCreated) {
      const event = OrderCreatedEventSchema.parse(message.body);
      if (!event.stock_reservation_id) return;
      const reservationId = event.stock_reservation_id;
      return inOrder(event.order_id, () => claimStock(deps, reservationId, event.order_id));
    }
    const event = OrderStatusChangedEventSchema.parse(message.body);
    if (event.new_status !== 'cancelled') return;
    return inOrder(event.order_id, async () => void (await releaseOrderStock(deps, event.order_id)));
  };
}

export async function subscribeMenu(bus: EventBus, deps: MenuDeps, queuePrefix = ''): Promise<Subscription[]> {
  return [
    await bus.subscribe({
      queue: `${queuePrefix}${ORDER_EVENTS_CONSUMER}`,
      routingKeys: [ROUTING_KEYS.orderCreated, ROUTING_KEYS.orderStatus('cancelled')],
      handler: orderEventsHandler(deps),
    }),
  ];
}
