import type { CreateOrder } from '@canteen/contracts';
import { AppError, forbidden, isStaff, validationFailed, type Principal } from '@canteen/service-kit';
import type { NewOrder } from '../domain/order.ts';
import { priceOrder } from '../domain/pricing.ts';
import { IdempotencyKeyTaken, type IdempotencyFinish, type IdempotencyKey } from '../store/order.store.ts';
import type { OrdersDeps } from './deps.ts';
import { idempotencyKeyOf, idempotent, requestHashOf, type Outcome } from './idempotency.ts';
import { placedEvents } from './order-events.ts';
import { toOrderView } from './views.ts';

export const PLACE_ORDER_SCOPE = 'POST /api/orders';

/**
 * Places an order: priced from the menu (never from the client), saved as `placed` together
 * with `order.created` and `payment.initiated` in one transaction; the payments service takes
 * it from there and its answer confirms or cancels the order. With a claimed idempotency key,
 * the key's result is stored in the same transaction.
 */
export async function placeOrder(deps: OrdersDeps, caller: Principal, input: CreateOrder, idempotencyKey?: IdempotencyKey): Promise<Outcome> {
  const order = await pricedOrder(deps, caller, input);
  return save(deps, input, order, idempotencyKey && finishing(idempotencyKey, deps.now()));
}

/**
 * `POST /api/orders` with its `Idempotency-Key`, in as few writes as it takes: priced first,
 * then one store call claims the key, saves the order and stores the key's result (on MySQL
 * the claim rides in the order's first round trip, one fewer per order in a rush). Everything
 * else takes the usual way (`idempotent`), which answers as the key says: a key seen before
 * (a retry, a race, 409 while the first runs, 422 for another body), and a refusal (sold out,
 * unknown item), which the key must remember too.
 */
export async function placeOrderOnce(deps: OrdersDeps, caller: Principal, input: CreateOrder, key: string | undefined): Promise<Outcome> {
  const usual = () => idempotent(deps, Number(caller.userId), PLACE_ORDER_SCOPE, key, input, (claimed) => placeOrder(deps, caller, input, claimed));
  if (key === undefined) return placeOrder(deps, caller, input);
  const id = idempotencyKeyOf(Number(caller.userId), PLACE_ORDER_SCOPE, key);
  let order: NewOrder;
  try {
    order = await pricedOrder(deps, caller, input);
  } catch {
    return usual();
  }
  try {
    return await save(deps, input, order, { ...finishing(id, deps.now()), claim: { requestHash: requestHashOf(input) } });
  } catch (err) {
    if (err instanceof IdempotencyKeyTaken) return usual();
    throw err;
  }
}

/** A retry with the same key gets this very answer: stored with the order, in its transaction. */
const finishing = (key: IdempotencyKey, at: Date): IdempotencyFinish => ({ key, result: (saved) => ({ status: 201, body: toOrderView(saved) }), at });

/** The order as the menu prices it; throws the refusals (403 for another user, 400 unknown items, 409 unavailable). */
async function pricedOrder(deps: OrdersDeps, caller: Principal, input: CreateOrder): Promise<NewOrder> {
  const callerId = Number(caller.userId);
  const userId = input.user_id ?? callerId;
  if (userId !== callerId && !isStaff(caller)) throw forbidden('You can only place orders for yourself');

  const priced = priceOrder(input.items, await deps.menu.items());
  if (!priced.ok) {
    if (priced.unknown.length) throw validationFailed(priced.unknown);
    throw new AppError(409, 'ITEM_UNAVAILABLE', 'Some of the items are not available right now', priced.unavailable);
  }
  const now = deps.now();
  return {
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
  };
}

async function save(deps: OrdersDeps, input: CreateOrder, order: NewOrder, finish?: IdempotencyFinish): Promise<Outcome> {
  const saved = await deps.store.createOrder(order, (_before, created) => placedEvents(created, input.payment_token), finish);
  deps.eventsWritten();
  deps.logger.info({ orderId: saved.id, userId: saved.userId, total: saved.totalMinor }, 'order placed');
  return { status: 201, body: toOrderView(saved), keyFinished: finish !== undefined };
}
