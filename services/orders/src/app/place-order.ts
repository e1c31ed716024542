import { randomUUID } from 'node:crypto';
import type { CreateOrder } from '@canteen/contracts';
import { AppError, forbidden, isStaff, validationFailed, type Principal } from '@canteen/service-kit';
import { StockRefused } from '../clients/menu-stock.ts';
import type { NewOrder } from '../domain/order.ts';
import { priceOrder } from '../domain/pricing.ts';
import { countedLines, shortLinesOfOrder, type StockHoldLine } from '../domain/stock.ts';
import { IdempotencyKeyTaken, type IdempotencyFinish, type IdempotencyKey, type StatusActor } from '../store/order.store.ts';
import { actorOf } from './actor.ts';
import type { OrdersDeps } from './deps.ts';
import { idempotencyKeyOf, idempotent, requestHashOf, type Outcome } from './idempotency.ts';
import { placedEvents } from './order-events.ts';
import { toOrderView } from './views.ts';

export const PLACE_ORDER_SCOPE = 'POST /api/orders';

/**
 * Places an order: priced from the menu (never from the client), its stock-counted lines held
 * by the menu service (409 when they cannot all be had: nothing is saved or charged), then saved
 * as `placed` together with `order.created` and `payment.initiated` in one transaction; the
 * payments service takes it from there and its answer confirms or cancels the order. A free
 * order (total 0) needs no payment: it is saved `confirmed` and paid, with `order.confirmed`
 * instead of `payment.initiated`. With a claimed idempotency key, the key's result is stored
 * in the same transaction.
 */
export async function placeOrder(deps: OrdersDeps, caller: Principal, input: CreateOrder, idempotencyKey?: IdempotencyKey): Promise<Outcome> {
  const priced = await pricedOrder(deps, caller, input);
  return holdAndSave(deps, input, priced, idempotencyKey && finishing(idempotencyKey, deps.now()));
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
  let priced: PricedOrder;
  try {
    priced = await pricedOrder(deps, caller, input);
  } catch {
    return usual();
  }
  try {
    return await holdAndSave(deps, input, priced, { ...finishing(id, deps.now()), claim: { requestHash: requestHashOf(input) } });
  } catch (err) {
    // Sold out may also be a retry of a placement that got the last units: the key knows.
    if (err instanceof IdempotencyKeyTaken || isStockRefusal(err)) return usual();
    throw err;
  }
}

interface PricedOrder {
  order: NewOrder;
  /** Who placed it (the student, or staff at the counter), for the status history. */
  placedBy: StatusActor;
  /** The lines the menu counts, to hold before saving. */
  counted: StockHoldLine[];
}

const isStockRefusal = (err: unknown) => err instanceof AppError && err.code === 'ITEM_UNAVAILABLE';

/**
 * Holds the counted stock (a fresh reservation id per attempt: a retry's hold never shares the
 * first one's, so giving one back cannot strip the other), then saves. A save that fails (a
 * database error, a key another request took) gives the hold back; if the process dies in
 * between, the menu's sweep returns holds no order claimed.
 */
async function holdAndSave(deps: OrdersDeps, input: CreateOrder, priced: PricedOrder, finish?: IdempotencyFinish): Promise<Outcome> {
  const reservationId = priced.counted.length ? randomUUID() : null;
  if (reservationId) {
    try {
      await deps.stock.hold(reservationId, priced.counted);
    } catch (err) {
      // The code of every "you cannot have this now" at placement, whichever check found it.
      if (err instanceof StockRefused) throw new AppError(409, 'ITEM_UNAVAILABLE', err.message, shortLinesOfOrder(input.items, err.shortfalls));
      // No answer (a timeout) may still have left a hold behind.
      await giveBack(deps, reservationId);
      throw err;
    }
  }
  try {
    return await save(deps, input, priced, reservationId, finish);
  } catch (err) {
    if (reservationId) await giveBack(deps, reservationId);
    throw err;
  }
}

/** Best effort: a release that fails is left to the menu's sweep of unclaimed holds. */
async function giveBack(deps: OrdersDeps, reservationId: string): Promise<void> {
  await deps.stock.release(reservationId).catch((err: unknown) => deps.logger.warn({ err, reservationId }, 'stock hold not given back; the menu sweeps it later'));
}

/** A retry with the same key gets this very answer: stored with the order, in its transaction. */
const finishing = (key: IdempotencyKey, at: Date): IdempotencyFinish => ({ key, result: (saved) => ({ status: 201, body: toOrderView(saved) }), at });

/** The order as the menu prices it; throws the refusals (403 for another user, 400 unknown items, 409 unavailable). */
async function pricedOrder(deps: OrdersDeps, caller: Principal, input: CreateOrder): Promise<PricedOrder> {
  const callerId = Number(caller.userId);
  const userId = input.user_id ?? callerId;
  if (userId !== callerId && !isStaff(caller)) throw forbidden('You can only place orders for yourself');

  const menu = await deps.menu.items();
  const priced = priceOrder(input.items, menu);
  if (!priced.ok) {
    if (priced.unknown.length) throw validationFailed(priced.unknown);
    throw new AppError(409, 'ITEM_UNAVAILABLE', 'Some of the items are not available right now', priced.unavailable);
  }
  const now = deps.now();
  // Nothing to charge: the payments service refuses a zero amount, and the student is owed a number now.
  const free = priced.totalMinor === 0;
  const order: NewOrder = {
    userId,
    status: free ? 'confirmed' : 'placed',
    totalMinor: priced.totalMinor,
    currency: deps.currency,
    paymentId: null,
    paymentMethod: input.payment_method,
    paymentStatus: free ? 'paid' : 'pending',
    refundedMinor: 0,
    queueNumber: null,
    specialInstructions: input.special_instructions?.trim() || null,
    cancelReason: null,
    createdAt: now,
    updatedAt: now,
    items: priced.lines,
  };
  return { order, placedBy: actorOf(caller), counted: countedLines(input.items, menu) };
}

async function save(
  deps: OrdersDeps,
  input: CreateOrder,
  { order, placedBy }: PricedOrder,
  reservationId: string | null,
  finish?: IdempotencyFinish,
): Promise<Outcome> {
  const saved = await deps.store.createOrder(order, (_before, created) => placedEvents(created, input.payment_token, reservationId), finish, placedBy);
  deps.eventsWritten();
  deps.logger.info({ orderId: saved.id, userId: saved.userId, total: saved.totalMinor }, 'order placed');
  return { status: 201, body: toOrderView(saved), keyFinished: finish !== undefined };
}
