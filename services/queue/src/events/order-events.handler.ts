import { OrderStatusChangedEventSchema, type OrderStatusChangedEvent } from '@canteen/contracts';
import { inOrderPer, type BusMessage, type EventBus, type Subscription } from '@canteen/service-kit';
import type { QueueDeps } from '../app/deps.ts';
import { promiseReadyTime } from '../app/eta-promise.ts';
import { admit, advance, cancel, FINISHED } from '../app/queue-changes.ts';

export const ORDER_EVENTS_CONSUMER = 'queue.order-events';
export const ORDER_EVENT_KEYS = ['order.confirmed', 'order.preparing', 'order.ready', 'order.completed', 'order.cancelled'];
/**
 * Events handled at once: in a rush each one waits on the store several times, and handling
 * them one by one (with a broker round trip in between) capped the whole queue's rate.
 */
const ORDER_EVENTS_PREFETCH = 32;

/**
 * The queue follows the orders service's events. Every change is guarded (a number is given
 * once, a status only moves forward), so a repeated or late event changes nothing; the event
 * id is recorded only after the change and its announcement, so a crash in between redoes
 * both rather than losing the announcement (clients may then see one update twice). Events of
 * different orders are handled side by side, each order's one at a time in delivery order.
 */
export function orderEventsHandler(deps: QueueDeps, bus: Pick<EventBus, 'publish'>) {
  const inOrder = inOrderPer<number>();
  return async (message: BusMessage): Promise<void> => {
    const event = OrderStatusChangedEventSchema.parse(message.body);
    return inOrder(event.order_id, () => handle(deps, bus, message, event));
  };
}

async function handle(deps: QueueDeps, bus: Pick<EventBus, 'publish'>, message: BusMessage, event: OrderStatusChangedEvent): Promise<void> {
  if (await deps.store.isRecorded(ORDER_EVENTS_CONSUMER, message.messageId)) return;
  const at = Number.isNaN(Date.parse(event.timestamp)) ? deps.now() : Date.parse(event.timestamp);
  switch (event.new_status) {
    case 'confirmed':
    case 'preparing':
    case 'ready': {
      // Events can arrive out of order: a `preparing` before its `confirmed` still queues it.
      const entry = await admit(deps, {
        orderId: event.order_id,
        userId: event.user_id,
        queueNumber: event.queue_number,
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
      // The order joined the queue: the student now sees its ETA, which the orders service
      // keeps as the promise. Published before the event is recorded, so a failed publish
      // (the broker away) makes this event come again and the promise go out then.
      else if (entry) await promiseReadyTime(deps, bus, entry);
      break;
    }
    case 'completed':
      // Remembered as finished even when the queue never had it: a reconciliation that read
      // the order a moment before must not bring it back.
      if (!(await advance(deps, event.order_id, 'completed', at))) await deps.store.recordOnce(FINISHED, String(event.order_id));
      break;
    case 'cancelled':
      await cancel(deps, event.order_id);
      break;
    default:
      break;
  }
  await deps.store.recordOnce(ORDER_EVENTS_CONSUMER, message.messageId);
}

export async function subscribeQueue(bus: EventBus, deps: QueueDeps, queuePrefix = ''): Promise<Subscription[]> {
  return [
    await bus.subscribe({
      queue: `${queuePrefix}${ORDER_EVENTS_CONSUMER}`,
      routingKeys: ORDER_EVENT_KEYS,
      handler: orderEventsHandler(deps, bus),
      prefetch: ORDER_EVENTS_PREFETCH,
    }),
  ];
}
