import { randomUUID } from 'node:crypto';
import {
  ROUTING_KEYS,
  type EventItem,
  type OrderCreatedEvent,
  type OrderStatusChangedEvent,
  type PaymentInitiatedEvent,
} from '@canteen/contracts';
import type { NewOutboxEvent } from '@canteen/service-kit';
import type { Actor } from '../domain/order-state.ts';
import type { OrderRecord } from '../domain/order.ts';

const money = (minor: number) => minor / 100;

const envelope = <T extends string>(eventType: T, at: Date) => ({
  event_id: randomUUID(),
  event_type: eventType,
  schema_version: 1,
  timestamp: at.toISOString(),
});

const outbox = (routingKey: string, payload: { event_id: string }): NewOutboxEvent => ({
  eventId: payload.event_id,
  routingKey,
  payload,
});

export const eventItems = (order: OrderRecord): EventItem[] =>
  order.items.map((line) => ({
    menu_item_id: line.menuItemId,
    item_name: line.itemName,
    quantity: line.quantity,
    price: money(line.unitPriceMinor),
    special_instructions: line.specialInstructions,
    station: line.station,
    preparation_time: line.preparationTime,
    options: line.options.map((option) => option.name),
  }));

/**
 * `order.created` (with the stock hold the menu ties to the order) and the `payment.initiated`
 * that asks the payments service to charge, or, for a free order saved confirmed, `order.confirmed`.
 */
export function placedEvents(order: OrderRecord, paymentToken: string | undefined, stockReservationId: string | null = null): NewOutboxEvent[] {
  const created: OrderCreatedEvent = {
    ...envelope('order_created', order.createdAt),
    order_id: order.id,
    user_id: order.userId,
    total_amount: money(order.totalMinor),
    items: eventItems(order),
    special_instructions: order.specialInstructions,
    stock_reservation_id: stockReservationId,
  };
  if (order.status === 'confirmed') {
    return [outbox(ROUTING_KEYS.orderCreated, created), ...statusEvents({ ...order, status: 'placed' }, order, 'payment')];
  }
  const payment: PaymentInitiatedEvent = {
    ...envelope('payment_initiated', order.createdAt),
    order_id: order.id,
    user_id: order.userId,
    amount: money(order.totalMinor),
    payment_method: order.paymentMethod,
    payment_token: paymentToken ?? null,
    payment_id: null,
    items: eventItems(order),
  };
  return [outbox(ROUTING_KEYS.orderCreated, created), outbox(ROUTING_KEYS.paymentInitiated, payment)];
}

/** `order.<new status>` when the status moved; nothing when only payment details changed. */
export function statusEvents(before: OrderRecord | undefined, after: OrderRecord, actor: Actor): NewOutboxEvent[] {
  if (!before || before.status === after.status) return [];
  const event: OrderStatusChangedEvent = {
    ...envelope('order_status_changed', after.updatedAt),
    order_id: after.id,
    user_id: after.userId,
    old_status: before.status,
    new_status: after.status,
    total_amount: money(after.totalMinor),
    queue_number: after.queueNumber,
    items: eventItems(after),
    cancel_reason: after.status === 'cancelled' ? after.cancelReason : null,
    cancelled_by: after.status === 'cancelled' ? actor : null,
  };
  return [outbox(ROUTING_KEYS.orderStatus(after.status), event)];
}
