import { giveBackStock, mergeStockLines, takeStock, type StockLine, type StockReservationRecord, type StockShortfall } from '../domain/stock.ts';
import type { MenuItemRecord } from '../domain/menu.ts';
import type { EventsOf, MenuStore } from './menu.store.ts';

interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

interface ReservationRow {
  id: string;
  order_id: number | null;
  lines: string;
  state: 'held' | 'released';
  created_at: number;
  released_at: number | null;
}

/** What the stock half of the SQLite store borrows from the rest of it. */
export interface SqliteStockDeps {
  sql(text: string): Statement;
  write<T>(fn: () => T): T;
  readItem(id: string): MenuItemRecord | undefined;
  /** Stores the item changed from `before` (its updatedAt bumped) and appends `events`. */
  saveItem(before: MenuItemRecord, after: MenuItemRecord, events: EventsOf<MenuItemRecord>): void;
}

type StockMethods = Pick<MenuStore, 'reserveStock' | 'getReservation' | 'releaseReservation' | 'claimReservation' | 'releaseUnclaimed'>;

const toReservation = (row: ReservationRow): StockReservationRecord => ({
  id: row.id,
  orderId: row.order_id,
  lines: JSON.parse(row.lines) as StockLine[],
  state: row.state,
  createdAt: new Date(row.created_at),
  releasedAt: row.released_at === null ? null : new Date(row.released_at),
});

/**
 * Stock reservations on the embedded store. Each method is one IMMEDIATE transaction: the
 * check of every line and the takes happen under the write lock, so no two holds get the same
 * last unit, and a hold with one short line takes nothing.
 */
export function sqliteStockReservations({ sql, write, readItem, saveItem }: SqliteStockDeps): StockMethods {
  const readReservation = (id: string) => {
    const row = sql('SELECT * FROM stock_reservations WHERE id = ?').get(id) as ReservationRow | undefined;
    return row && toReservation(row);
  };

  /** Gives a held reservation back; false when it was released already. */
  const release = (reservation: StockReservationRecord, at: Date, events: EventsOf<MenuItemRecord>): boolean => {
    if (reservation.state === 'released') return false;
    for (const line of reservation.lines) {
      const item = readItem(line.itemId);
      // A deleted item has nowhere to go back to.
      if (item) saveItem(item, giveBackStock(item, line.quantity), events);
    }
    sql("UPDATE stock_reservations SET state = 'released', released_at = ? WHERE id = ?").run(at.getTime(), reservation.id);
    reservation.state = 'released';
    reservation.releasedAt = at;
    return true;
  };

  return {
    async reserveStock({ id, lines, at }, events) {
      return write(() => {
        const existing = readReservation(id);
        if (existing) return { kind: 'exists' as const, reservation: existing };
        const shortfalls: StockShortfall[] = [];
        const takes: { before: MenuItemRecord; after: MenuItemRecord; line: StockLine }[] = [];
        for (const line of mergeStockLines(lines)) {
          const before = readItem(line.itemId);
          const take = takeStock(before, line.itemId, line.quantity);
          if (!take.ok) shortfalls.push(take.shortfall);
          else if (take.counted) takes.push({ before: before!, after: take.after, line });
        }
        if (shortfalls.length) return { kind: 'short' as const, shortfalls };
        for (const take of takes) saveItem(take.before, take.after, events);
        const taken = takes.map((take) => take.line);
        sql("INSERT INTO stock_reservations (id, order_id, lines, state, created_at) VALUES (?, NULL, ?, 'held', ?)").run(
          id,
          JSON.stringify(taken),
          at.getTime(),
        );
        return { kind: 'held' as const, reservation: { id, orderId: null, lines: taken, state: 'held' as const, createdAt: at, releasedAt: null } };
      });
    },

    getReservation: async (id) => readReservation(id),

    async releaseReservation(target, at, events) {
      return write(() => {
        let reservation: StockReservationRecord | undefined;
        if ('reservationId' in target) reservation = readReservation(target.reservationId);
        else {
          const row = sql('SELECT * FROM stock_reservations WHERE order_id = ?').get(target.orderId) as ReservationRow | undefined;
          reservation = row && toReservation(row);
          if (!reservation) sql('INSERT INTO cancelled_orders (order_id, cancelled_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(target.orderId, at.getTime());
        }
        if (!reservation) return 'unknown' as const;
        return release(reservation, at, events) ? ('released' as const) : ('already_released' as const);
      });
    },

    async claimReservation(reservationId, orderId, at, events) {
      return write(() => {
        const reservation = readReservation(reservationId);
        if (!reservation) return undefined;
        if (reservation.orderId === null) {
          sql('UPDATE stock_reservations SET order_id = ? WHERE id = ?').run(orderId, reservationId);
          reservation.orderId = orderId;
        }
        if (sql('SELECT 1 FROM cancelled_orders WHERE order_id = ?').get(orderId)) release(reservation, at, events);
        return reservation;
      });
    },

    async releaseUnclaimed(before, at, events) {
      return write(() => {
        const rows = sql("SELECT * FROM stock_reservations WHERE state = 'held' AND order_id IS NULL AND created_at < ?").all(
          before.getTime(),
        ) as ReservationRow[];
        for (const row of rows) release(toReservation(row), at, events);
        return rows.length;
      });
    },
  };
}
