import type { OrderStatusChangedEvent, PaymentFailedEvent } from '@canteen/contracts';

export type OrderPushEvent = OrderStatusChangedEvent | PaymentFailedEvent;

export type PushType = 'order.ready' | 'order.cancelled' | 'payment.failed';

/**
 * What the service worker receives. Deliberately nothing about the person: push services and
 * lock screens see it, so it carries the order number and fixed wording only, never a name,
 * an item, an amount or a free-text reason.
 */
export interface PushPayload {
  type: PushType;
  order_id: number;
  queue_number: number | null;
  title: string;
  body: string;
  /** Where a tap on the notification opens the PWA. */
  url: string;
}

export const payloadBytes = (payload: PushPayload): number => Buffer.byteLength(JSON.stringify(payload));

const cancelledBodies: Record<'customer' | 'staff' | 'unknown', (label: string) => string> = {
  customer: (label) => `Order ${label} was cancelled as you asked.`,
  staff: (label) => `Order ${label} was cancelled by the canteen. Open the app for details.`,
  unknown: (label) => `Order ${label} was cancelled. Open the app for details.`,
};

/** The notification an event deserves, or undefined when the customer need not hear of it. */
export function notificationFor(event: OrderPushEvent): PushPayload | undefined {
  const base = { order_id: event.order_id, url: `/orders/${event.order_id}` };
  if (event.event_type === 'payment_failed') {
    const label = `#${event.order_id}`;
    return {
      ...base,
      type: 'payment.failed',
      queue_number: null,
      title: event.payment_status === 'cancelled' ? 'Payment cancelled' : 'Payment failed',
      body:
        event.payment_status === 'cancelled'
          ? `The payment for order ${label} was cancelled. Open the app for details.`
          : `The payment for order ${label} did not go through. Open the app for details.`,
    };
  }
  const label = `#${event.queue_number ?? event.order_id}`;
  if (event.new_status === 'ready') {
    return {
      ...base,
      type: 'order.ready',
      queue_number: event.queue_number,
      title: 'Your order is ready',
      body: `Order ${label} is ready — collect it at the counter`,
    };
  }
  if (event.new_status === 'cancelled') {
    // A failed payment cancels the order too; its `payment.failed` already told the customer
    // why, and a second notice for the same order would only repeat it.
    if (event.cancelled_by === 'payment') return undefined;
    return {
      ...base,
      type: 'order.cancelled',
      queue_number: event.queue_number,
      title: 'Order cancelled',
      body: cancelledBodies[event.cancelled_by ?? 'unknown'](label),
    };
  }
  return undefined;
}
