import { randomUUID } from 'node:crypto';
import type { OrderStatusChangedEvent, PaymentFailedEvent } from '@canteen/contracts';

/** An `order.<status>` event as the orders service publishes it, with a person's details in it. */
export function orderEvent(overrides: Partial<OrderStatusChangedEvent> = {}): OrderStatusChangedEvent {
  return {
    event_id: randomUUID(),
    event_type: 'order_status_changed',
    schema_version: 1,
    timestamp: new Date().toISOString(),
    order_id: 4711,
    user_id: 7,
    old_status: 'preparing',
    new_status: 'ready',
    total_amount: 180.5,
    queue_number: 42,
    items: [{ menu_item_id: 'm1', item_name: 'Masala Dosa', quantity: 2, price: 90.25, special_instructions: 'Priya: no onions' }],
    cancel_reason: null,
    cancelled_by: null,
    ...overrides,
  };
}

export function paymentFailedEvent(overrides: Partial<PaymentFailedEvent> = {}): PaymentFailedEvent {
  return {
    event_id: randomUUID(),
    event_type: 'payment_failed',
    schema_version: 1,
    timestamp: new Date().toISOString(),
    order_id: 4711,
    user_id: 7,
    payment_id: 'pay_123',
    payment_status: 'failed',
    reason: 'card 4000 0000 0000 0002 of Priya Sharma declined',
    ...overrides,
  };
}
