import type { ClientSession } from 'mongoose';
import type { MenuItemRecord } from '../domain/menu.ts';
import { giveBackStock, mergeStockLines, takeStock, type StockReservationRecord, type StockShortfall } from '../domain/stock.ts';
import { bumpedDate, itemFromDoc, type MenuItemDoc } from './menu.documents.ts';
import type { EventsOf, MenuStore } from './menu.store.ts';
import type { MenuModels, StockReservationDoc } from './mongo.schemas.ts';

type StockMethods = Pick<MenuStore, 'reserveStock' | 'getReservation' | 'releaseReservation' | 'claimReservation' | 'releaseUnclaimed'>;

export interface MongoStockDeps {
  models: MenuModels;
  inTransaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T>;
  appendEvents(events: ReturnType<EventsOf<MenuItemRecord>>, session: ClientSession): Promise<void>;
  now(): number;
}

/** Thrown inside the transaction to roll back the takes already made. */
class Short extends Error {
  constructor(readonly shortfalls: StockShortfall[]) {
    super('stock short');
  }
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

const toReservation = (doc: StockReservationDoc): StockReservationRecord => ({
  id: doc._id,
  orderId: doc.order_id ?? null,
  lines: doc.lines.map((line) => ({ itemId: line.itemId, quantity: line.quantity })),
  state: doc.state,
  createdAt: new Date(doc.created_at),
  releasedAt: doc.released_at ? new Date(doc.released_at) : null,
});

/**
 * Stock reservations on MongoDB. Every take is a conditional update (`stock: {$gte: n}` on an
 * item on sale), so two holds can never both get the last unit, with or without the
 * transaction around them; the transaction makes a hold all-or-nothing and commits it with the
 * items' events. A release first flips the reservation from held to released (conditionally,
 * so only one releaser wins) and only then gives the units back with `$inc`.
 */
export function mongoStockReservations({ models, inTransaction, appendEvents, now }: MongoStockDeps): StockMethods {
  const { Item, Reservation, CancelledOrder } = models;

  /** Writes what changed besides the count (availability, updated_at) and the item's events. */
  async function announce(before: MenuItemRecord, after: MenuItemRecord, events: EventsOf<MenuItemRecord>, session: ClientSession) {
    const updatedAt = bumpedDate(now(), before.updatedAt);
    await Item.updateOne({ _id: before.id }, { $set: { available: after.available, updated_at: updatedAt } }, { session });
    await appendEvents(events(before, { ...after, updatedAt }), session);
  }

  async function release(reservation: StockReservationRecord, at: Date, events: EventsOf<MenuItemRecord>, session: ClientSession) {
    const flipped = await Reservation.updateOne(
      { _id: reservation.id, state: 'held' },
      { $set: { state: 'released', released_at: at } },
      { session },
    );
    if (flipped.modifiedCount === 0) return false;
    for (const line of reservation.lines) {
      const doc = await Item.findOneAndUpdate(
        { _id: line.itemId, stock: { $type: 'number' } },
        { $inc: { stock: line.quantity, __v: 1 } },
        { session, returnDocument: 'before' },
      ).lean<MenuItemDoc>();
      if (!doc) continue; // deleted, or no longer counted
      const before = itemFromDoc(doc);
      await announce(before, giveBackStock(before, line.quantity), events, session);
    }
    return true;
  }

  const readReservation = async (filter: Record<string, unknown>, session?: ClientSession) => {
    const doc = await Reservation.findOne(filter, null, session ? { session } : {}).lean<StockReservationDoc>();
    return doc ? toReservation(doc) : undefined;
  };

  return {
    async reserveStock({ id, lines, at }, events) {
      const existing = await readReservation({ _id: id });
      if (existing) return { kind: 'exists', reservation: existing };
      try {
        return await inTransaction(async (session) => {
          const shortfalls: StockShortfall[] = [];
          const taken: { itemId: string; quantity: number }[] = [];
          for (const line of mergeStockLines(lines)) {
            const doc = await Item.findById(line.itemId, null, { session }).lean<MenuItemDoc>();
            const take = takeStock(doc ? itemFromDoc(doc) : undefined, line.itemId, line.quantity);
            if (!take.ok) {
              shortfalls.push(take.shortfall);
              continue;
            }
            if (!take.counted) continue;
            // The condition decides, not the read above: a hold that took the units since makes this match nothing.
            const beforeDoc = await Item.findOneAndUpdate(
              { _id: line.itemId, available: true, stock: { $gte: line.quantity } },
              { $inc: { stock: -line.quantity, __v: 1 } },
              { session, returnDocument: 'before' },
            ).lean<MenuItemDoc>();
            if (!beforeDoc) throw new Short([{ itemId: line.itemId, name: doc!.name, left: 0 }]);
            const before = itemFromDoc(beforeDoc);
            const after = takeStock(before, line.itemId, line.quantity);
            if (after.ok) await announce(before, after.after, events, session);
            taken.push(line);
          }
          if (shortfalls.length) throw new Short(shortfalls);
          await Reservation.insertMany([{ _id: id, order_id: null, lines: taken, state: 'held', created_at: at, released_at: null }], { session });
          return { kind: 'held' as const, reservation: { id, orderId: null, lines: taken, state: 'held' as const, createdAt: at, releasedAt: null } };
        });
      } catch (err) {
        if (err instanceof Short) return { kind: 'short', shortfalls: err.shortfalls };
        if (isDuplicateKey(err)) {
          const raced = await readReservation({ _id: id });
          if (raced) return { kind: 'exists', reservation: raced };
        }
        throw err;
      }
    },

    getReservation: (id) => readReservation({ _id: id }),

    async releaseReservation(target, at, events) {
      return inTransaction(async (session) => {
        const filter = 'reservationId' in target ? { _id: target.reservationId } : { order_id: target.orderId };
        const reservation = await readReservation(filter, session);
        if (!reservation) {
          if ('orderId' in target) {
            await CancelledOrder.updateOne({ _id: target.orderId }, { $setOnInsert: { cancelled_at: at } }, { session, upsert: true });
          }
          return 'unknown' as const;
        }
        return (await release(reservation, at, events, session)) ? ('released' as const) : ('already_released' as const);
      });
    },

    async claimReservation(reservationId, orderId, at, events) {
      return inTransaction(async (session) => {
        const reservation = await readReservation({ _id: reservationId }, session);
        if (!reservation) return undefined;
        if (reservation.orderId === null) {
          await Reservation.updateOne({ _id: reservationId, order_id: null }, { $set: { order_id: orderId } }, { session });
          reservation.orderId = orderId;
        }
        if (await CancelledOrder.exists({ _id: orderId }).session(session)) {
          if (await release(reservation, at, events, session)) {
            reservation.state = 'released';
            reservation.releasedAt = at;
          }
        }
        return reservation;
      });
    },

    async releaseUnclaimed(before, at, events) {
      const docs = await Reservation.find({ state: 'held', order_id: null, created_at: { $lt: before } }).lean<StockReservationDoc[]>();
      let released = 0;
      for (const doc of docs) {
        if (await inTransaction((session) => release(toReservation(doc), at, events, session))) released++;
      }
      return released;
    },
  };
}
