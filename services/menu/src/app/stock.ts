import type { CreateStockReservation, StockReservation, StockShortage } from '@canteen/contracts';
import { AppError, notFound } from '@canteen/service-kit';
import { describeShortfall, type StockReservationRecord } from '../domain/stock.ts';
import type { ReleaseOutcome } from '../store/menu.store.ts';
import type { MenuDeps } from './deps.ts';
import { itemChangedEvents } from './item-events.ts';

const toReservationView = (reservation: StockReservationRecord): StockReservation => ({
  reservation_id: reservation.id,
  state: reservation.state,
  order_id: reservation.orderId,
});

/**
 * Holds the stock of an order being placed (the orders service asks before it commits the
 * order). All or nothing: 409 `OUT_OF_STOCK` names each short line and what is left of it. An
 * item taken to 0 goes off sale, announced like any availability change (menu.item.changed).
 */
export async function reserveStock(deps: MenuDeps, input: CreateStockReservation): Promise<{ status: 200 | 201; body: StockReservation }> {
  const lines = input.lines.map((line) => ({ itemId: line.menu_item_id, quantity: line.quantity }));
  const outcome = await deps.store.reserveStock({ id: input.reservation_id, lines, at: deps.now() }, itemChangedEvents);
  if (outcome.kind === 'short') {
    const details: StockShortage[] = outcome.shortfalls.map((shortfall) => ({
      path: `lines.${lines.findIndex((line) => line.itemId === shortfall.itemId)}`,
      message: describeShortfall(shortfall),
      menu_item_id: shortfall.itemId,
      left: shortfall.left,
    }));
    throw new AppError(409, 'OUT_OF_STOCK', `Not enough stock: ${details.map((d) => d.message).join('; ')}`, details);
  }
  deps.eventsWritten();
  if (outcome.kind === 'held') deps.logger.info({ reservationId: outcome.reservation.id, lines: outcome.reservation.lines }, 'stock held');
  return { status: outcome.kind === 'held' ? 201 : 200, body: toReservationView(outcome.reservation) };
}

/** The orders service gives back a hold whose order did not commit. Releasing twice gives back once. */
export async function releaseStock(deps: MenuDeps, reservationId: string): Promise<StockReservation> {
  const outcome = await deps.store.releaseReservation({ reservationId }, deps.now(), itemChangedEvents);
  if (outcome === 'unknown') throw notFound(`Stock reservation ${reservationId} not found`);
  deps.eventsWritten();
  logRelease(deps, outcome, { reservationId });
  const reservation = await deps.store.getReservation(reservationId);
  return toReservationView(reservation!);
}

/** `order.cancelled` (a customer or staff cancel, a failed payment, a full refund): the order's hold goes back. */
export async function releaseOrderStock(deps: MenuDeps, orderId: number): Promise<ReleaseOutcome> {
  const outcome = await deps.store.releaseReservation({ orderId }, deps.now(), itemChangedEvents);
  deps.eventsWritten();
  logRelease(deps, outcome, { orderId });
  return outcome;
}

/** `order.created`: the hold now belongs to that order (and goes back at once if it was cancelled already). */
export async function claimStock(deps: MenuDeps, reservationId: string, orderId: number): Promise<void> {
  const reservation = await deps.store.claimReservation(reservationId, orderId, deps.now(), itemChangedEvents);
  deps.eventsWritten();
  if (!reservation) deps.logger.warn({ reservationId, orderId }, 'order placed with a stock reservation this menu does not know');
  else if (reservation.state === 'released') deps.logger.info({ reservationId, orderId }, 'stock of an order cancelled before it was claimed given back');
}

/** Holds whose placement died before committing (no order ever claimed them) go back after a while. */
export async function sweepUnclaimedStock(deps: MenuDeps, olderThanMs: number): Promise<number> {
  const at = deps.now();
  const released = await deps.store.releaseUnclaimed(new Date(at.getTime() - olderThanMs), at, itemChangedEvents);
  if (released) {
    deps.eventsWritten();
    deps.logger.warn({ released }, 'stock holds no order claimed were given back');
  }
  return released;
}

function logRelease(deps: MenuDeps, outcome: ReleaseOutcome, ids: { reservationId?: string; orderId?: number }) {
  if (outcome === 'released') deps.logger.info(ids, 'stock given back');
  else deps.logger.debug({ ...ids, outcome }, 'nothing to give back');
}
