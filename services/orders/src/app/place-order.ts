import type { CreateOrder } from '@canteen/contracts';
import { AppError, forbidden, isStaff, validationFailed, type Principal } from '@canteen/service-kit';
import { priceOrder } from '../domain/pricing.ts';
import type { IdempotencyKey } from '../store/order.store.ts';
import type { OrdersDeps } from './deps.ts';
import { placedEvents } from './order-events.ts';
import { toOrderView } from './views.ts';
import type { Outcome } from './idempotency.ts';

/**
 * Places an order: priced from the menu (never from the client), saved as `placed` together
 * with `order.created` and `payment.initiated` in one transaction; the payments service takes
 * it from there and its answer confirms or cancels the order.
 */
export async function placeOrder(deps: OrdersDeps, caller: Principal, input: CreateOrder, idempotencyKey?: IdempotencyKey): Promise<Outcome> {
  const callerId = Number(caller.userId);
  const userId = input.user_id ?? callerId;
  if (userId !== callerId && !isStaff(caller)) throw forbidden('You can only place orders for yourself');

  const priced = priceOrder(input.items, await deps.menu.items());
  if (!priced.ok) {
    if (priced.unknown.length) throw validationFailed(priced.unknown);
    throw new AppError(409, 'ITEM_UNAVAILABLE', 'Some of the items are not available right now', priced.unavailable);
  }
  const now = deps.now();
  const order = await deps.store.createOrder(
    {
      userId,
      status: 'placed',
      totalMinor: priced.totalMinor,
      currency: deps.currency,
      paymentId: null,
      paymentMethod: input.payment_method,
      paymentStatus: 'pending',
      refundedMinor: 0,
      queueNumber: null,
      specialInstructions: input.special_instructions?.trim() || null,
      cancelReason: null,
      createdAt: now,
      updatedAt: now,
      items: priced.lines,
    },
    (_before, saved) => placedEvents(saved, input.payment_token),
    // A retry with the same key gets this very answer: stored with the order, in its transaction.
    idempotencyKey && { key: idempotencyKey, result: (saved) => ({ status: 201, body: toOrderView(saved) }), at: now },
  );
  deps.eventsWritten();
  deps.logger.info({ orderId: order.id, userId, total: order.totalMinor }, 'order placed');
  return { status: 201, body: toOrderView(order), keyFinished: idempotencyKey !== undefined };
}
