import { OrderStatusChangedEventSchema, PaymentFailedEventSchema, ROUTING_KEYS } from '@canteen/contracts';
import { describeZodError, type BusMessage, type EventBus, type Logger, type MessageHandler, type Subscription } from '@canteen/service-kit';
import type { OrderPushEvent } from './notification.ts';
import type { PushSender } from './push-sender.ts';

export const PUSH_CONSUMER = 'bff.push-notifications';
export const PUSH_EVENT_KEYS = [ROUTING_KEYS.orderStatus('ready'), ROUTING_KEYS.orderStatus('cancelled'), ROUTING_KEYS.paymentFailed];

export interface PushHandlerDeps {
  sender: Pick<PushSender, 'notifyOrder'>;
  logger: Logger;
  /** How many recent event ids to remember. */
  recentIds?: number;
}

/** Insertion-ordered Map as an LRU of event ids. */
class RecentIds {
  private readonly ids = new Map<string, true>();
  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    if (!this.ids.has(id)) return false;
    this.ids.delete(id);
    this.ids.set(id, true);
    return true;
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value!);
  }
}

function parse(message: BusMessage): OrderPushEvent {
  const schema = message.routingKey === ROUTING_KEYS.paymentFailed ? PaymentFailedEventSchema : OrderStatusChangedEventSchema;
  const result = schema.safeParse(message.body);
  if (!result.success) {
    // Thrown on: the bus redelivers it and then dead-letters it to `<queue>.dead`.
    throw Object.assign(new Error(`${message.routingKey} ${message.messageId} breaks its contract`), {
      details: describeZodError(result.error),
    });
  }
  return result.data;
}

/**
 * Pushes `order.ready`, `order.cancelled` and `payment.failed` to the customer's browsers.
 *
 * Idempotent by event id only within this process, in a bounded LRU rather than an inbox
 * table: the BFF keeps no database, and the worst a redelivery after a restart (or to another
 * replica) can do is a second, identical notification under the same per-order topic, an
 * annoyance and not a loss. The id is remembered once the sender is done, whatever each
 * subscription's outcome: redelivering the event for one failed browser would push again to
 * all the ones that already got it. Only a failure to read the subscriptions throws, so the
 * event comes back.
 */
export function pushNotificationsHandler(deps: PushHandlerDeps): MessageHandler {
  const recent = new RecentIds(deps.recentIds ?? 10_000);
  const logger = deps.logger.child({ component: 'push-handler' });
  return async (message) => {
    if (recent.has(message.messageId)) {
      logger.debug({ messageId: message.messageId, routingKey: message.routingKey }, 'event already pushed; skipped');
      return;
    }
    let event: OrderPushEvent;
    try {
      event = parse(message);
    } catch (err) {
      logger.error({ err, messageId: message.messageId, routingKey: message.routingKey, deliveryCount: message.deliveryCount }, 'event rejected');
      throw err;
    }
    // A routing key and a body that disagree (`order.ready` saying `preparing`) push nothing.
    if (event.event_type === 'order_status_changed' && message.routingKey !== ROUTING_KEYS.orderStatus(event.new_status)) {
      logger.warn({ messageId: message.messageId, routingKey: message.routingKey, orderId: event.order_id }, 'routing key does not match the status; ignored');
      recent.add(message.messageId);
      return;
    }
    await deps.sender.notifyOrder(event);
    recent.add(message.messageId);
  };
}

export async function subscribePushNotifications(
  bus: EventBus,
  deps: PushHandlerDeps,
  options: { queuePrefix?: string; prefetch?: number; maxDeliveries?: number } = {},
): Promise<Subscription> {
  return bus.subscribe({
    queue: `${options.queuePrefix ?? ''}${PUSH_CONSUMER}`,
    routingKeys: PUSH_EVENT_KEYS,
    handler: pushNotificationsHandler(deps),
    // Pushes are slow round trips to outside services; several at once keep one slow push
    // service (or a Retry-After) from holding back every other customer's notification.
    prefetch: options.prefetch ?? 16,
    ...(options.maxDeliveries ? { maxDeliveries: options.maxDeliveries } : {}),
  });
}
