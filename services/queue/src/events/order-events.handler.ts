import { OrderStatusChangedEventSchema } from '@canteen/contracts';
import type { BusMessage, EventBus, Subscription } from '@canteen/service-kit';
import type { QueueDeps } from '../app/deps.ts';
import { admit, advance, cancel } from '../app/queue-changes.ts';

export const ORDER_EVENTS_CONSUMER = 'queue.order-events';
export const ORDER_EVENT_KEYS = ['order.confirmed', 'order.preparing', 'order.ready', 'order.completed', 'order.cancelled'];

/**
 * The queue follows the orders service's events. Every change is guarded (a number is given
 * once, a status only moves forward), so a repeated or late event changes nothing; the event
 * id is recorded only after the change and its announcement, so a crash in between redoes
 * both rather than losing the announcement (clients may then see one update twice).
 */
export function orderEventsHandler(deps: QueueDeps) {
  return async (message: BusMessage): Promise<void> => {
    if (await deps.store.isRecorded(ORDER_EVENTS_CONSUMER, message.messageId)) return;
    const event = OrderStatusChangedEventSchema.parse(message.body);
    const at = Number.isNaN(Date.parse(event.timestamp)) ? deps.now() : Date.parse(event.timestamp);
    switch (event.new_status) {
      case 'confirmed':
      case 'preparing':
      case 'ready': {
        // Events can arrive out of order: a `preparing` before its `confirmed` still queues it.
        await admit(deps, {
          orderId: event.order_id,
          userId: event.user_id,
          confirmedAt: at,
          lines: event.items.map((item) => ({
            menuItemId: item.menu_item_id,
            itemName: item.item_name,
            quantity: item.quantity,
            station: item.station ?? 'counter',
            preparationTime: item.preparation_time ?? 5,
          })),
        });
        if (event.new_status !== 'confirmed') await advance(deps, event.order_id, event.new_status, at);
        break;
      }
      case 'completed':
        await advance(deps, event.order_id, 'completed', at);
        break;
      case 'cancelled':
        await cancel(deps, event.order_id);
        break;
      default:
        break;
    }
    await deps.store.recordOnce(ORDER_EVENTS_CONSUMER, message.messageId);
  };
}

export async function subscribeQueue(bus: EventBus, deps: QueueDeps, queuePrefix = ''): Promise<Subscription[]> {
  return [
    await bus.subscribe({
      queue: `${queuePrefix}${ORDER_EVENTS_CONSUMER}`,
      routingKeys: ORDER_EVENT_KEYS,
      handler: orderEventsHandler(deps),
      // One order's events in order: a single consumer per instance keeps it simple.
      prefetch: 1,
    }),
  ];
}
