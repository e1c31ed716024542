import { createSqliteOutbox, type NewOutboxEvent, openSqliteSession, writeOutboxEvents } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { cloneRecord } from './clone-record.ts';
import type { OrderRecord } from '../domain/order.ts';
import { giveNumbers, numbersWanted } from '../domain/queue-number.ts';
import {
  changedOrder,
  isOrderId,
  ITEM_COLUMNS,
  ITEM_WRITE_COLUMNS,
  type ItemRow,
  itemValues,
  judgeIdempotency,
  linesByOrder,
  nonNegativeInt,
  ORDER_COLUMNS,
  ORDER_UPDATE_SQL,
  ORDER_WRITE_COLUMNS,
  orderFromRow,
  type OrderRow,
  orderValues,
  orderUpdateValues,
  OUTBOX_KEEP_SENT_MS,
  OUTBOX_LEASE_MS,
  DEFAULT_TIME_ZONE,
  savedOrder,
} from './order.rows.ts';
import {
  type EventUpdate,
  type EventUpdateResult,
  IdempotencyKeyTaken,
  type IdempotencyBegin,
  type IdempotencyKey,
  type OrderChange,
  type OrderEvents,
  type OrderStore,
  type OrderUpdate,
  type StatusActor,
  SYSTEM_ACTOR,
} from './order.store.ts';
import { runMigrations } from './sqlite.migrations.ts';
import { createSqliteOrderAnalytics } from './sqlite.order-analytics.ts';
import { HISTORY_INSERT_SQL, HISTORY_SELECT, historyFromRow, type HistoryRow, historyValues, statusChangeOf } from './status-history.rows.ts';

export interface SqliteOrderStoreOptions {
  /** Injected so tests can move time (leases, retries). */
  now?: () => Date;
  /** The canteen's time zone: queue numbers start again at 1 each day there. */
  timeZone?: string;
}

/** Reserves `count` numbers of a day and returns the highest (the counter row's new value). */
const SQLITE_RESERVE_NUMBERS =
  'INSERT INTO queue_counters (day, last_number) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET last_number = last_number + excluded.last_number RETURNING last_number';

const toDate = (ms: number): Date => new Date(ms);
const fromDate = (date: Date): number => date.getTime();
const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * The orders store embedded in the process (all-in-one mode), on better-sqlite3. Each write runs
 * synchronously inside one IMMEDIATE transaction, so an order and its outbox (and inbox) rows
 * commit together, and read-modify-write cannot interleave with another writer: in this process
 * the event loop serialises them, across processes the database's write lock does.
 */
export function createSqliteOrderStore(path: string, options: SqliteOrderStoreOptions = {}): OrderStore {
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const db = new Database(path);
  const { sql, write, writeSoon } = openSqliteSession<Database.Statement>(db);

  const readOrders = (rows: OrderRow<number>[]): OrderRecord[] => {
    if (rows.length === 0) return [];
    const items = sql(
      `SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, position`,
    ).all(JSON.stringify(rows.map((row) => row.id))) as ItemRow[];
    const linesOf = linesByOrder(items);
    return rows.map((row) => orderFromRow(row, linesOf.get(Number(row.id)) ?? [], toDate));
  };

  const readOrder = (id: number): OrderRecord | undefined => {
    if (!isOrderId(id)) return undefined;
    const row = sql(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?`).get(id) as OrderRow<number> | undefined;
    return row && readOrders([row])[0];
  };

  /** Numbers the orders of this write that reached the kitchen without one, inside its transaction. */
  const numberOrders = (orders: OrderRecord[]) => {
    const wanted = numbersWanted(orders, timeZone);
    if (wanted.size === 0) return;
    const last = new Map<string, number>();
    for (const [day, ids] of wanted) {
      last.set(day, (sql(SQLITE_RESERVE_NUMBERS).get(day, ids.length) as { last_number: number }).last_number);
    }
    giveNumbers(orders, wanted, last);
  };

  const appendEvents = (events: NewOutboxEvent[]) => writeOutboxEvents(db, events, now().getTime());
  const recordStatus = (before: OrderRecord | undefined, after: OrderRecord, actor: StatusActor) => {
    const line = statusChangeOf(before, after, actor);
    if (line) sql(HISTORY_INSERT_SQL).run(...(historyValues(after.id, line, fromDate) as unknown[]));
  };

  /** The body of updateOrder, inside the caller's transaction. */
  const applyChange = (id: number, change: OrderChange, events: OrderEvents, actor: StatusActor): OrderUpdate | undefined => {
    const before = readOrder(id);
    if (!before) return undefined;
    // change gets its own copy: whatever it does to it, `before` stays what was stored.
    const changed = change(cloneRecord(before));
    if (changed === undefined) return { before, after: cloneRecord(before), changed: false };
    const after = changedOrder(before, changed);
    numberOrders([after]);
    sql(ORDER_UPDATE_SQL).run(
      ...(orderUpdateValues(after, fromDate) as unknown[]),
      id,
    );
    recordStatus(before, after, actor);
    appendEvents(events(before, after));
    return { before, after, changed: true };
  };

  /** One event, inside the caller's transaction; throws NoSuchOrder when there is no such order. */
  const applyOnce = ({ consumer, eventId, id, change, events }: EventUpdate): EventUpdateResult => {
    const { changes } = sql('INSERT OR IGNORE INTO inbox (consumer, event_id, created_at) VALUES (?, ?, ?)').run(consumer, eventId, now().getTime());
    if (changes === 0) return 'duplicate';
    const update = applyChange(id, change, events, SYSTEM_ACTOR);
    // No such order: roll the inbox row back too, so the event is not marked handled.
    if (!update) throw new NoSuchOrder();
    return update;
  };

  const keyParams = (key: IdempotencyKey) => [key.userId, key.scope, key.key];
  /** True when the key was free and is now claimed (`running`). */
  const claimKey = (key: IdempotencyKey, requestHash: string, at: Date): boolean =>
    sql(
      `INSERT OR IGNORE INTO idempotency_keys (user_id, scope, idem_key, request_hash, state, created_at)
       VALUES (?, ?, ?, ?, 'running', ?)`,
    ).run(...keyParams(key), requestHash, at.getTime()).changes === 1;
  const finishKey = (key: IdempotencyKey, status: number, body: unknown, at: Date) =>
    sql(
      `UPDATE idempotency_keys SET state = 'done', status = ?, body = ?, finished_at = ?
       WHERE user_id = ? AND scope = ? AND idem_key = ?`,
    ).run(status, JSON.stringify(body === undefined ? null : body), at.getTime(), ...keyParams(key));

  return {
    ...createSqliteOrderAnalytics(db),
    // The relay's half, on the same database. The outbox table's retry_at and lease_until are
    // nullable here (NULL: due / not leased), which the shared outbox accepts.
    ...createSqliteOutbox(db, { now: () => now().getTime(), leaseMs: OUTBOX_LEASE_MS, keepSentMs: OUTBOX_KEEP_SENT_MS }),

    async migrate() {
      runMigrations(db);
    },

    async createOrder(order, events, finish, actor = SYSTEM_ACTOR) {
      // Group commit: the placements of a turn (a rush) share one transaction.
      return writeSoon(() => {
        // Claimed and finished in this one transaction: nobody can see the key in between.
        if (finish?.claim && !claimKey(finish.key, finish.claim.requestHash, finish.at)) throw new IdempotencyKeyTaken();
        const { lastInsertRowid } = sql(
          `INSERT INTO orders (${ORDER_WRITE_COLUMNS.join(', ')}) VALUES (${placeholders(ORDER_WRITE_COLUMNS.length)})`,
        ).run(...(orderValues(order, fromDate) as unknown[]));
        const id = Number(lastInsertRowid);
        const insertLine = sql(`INSERT INTO order_items (${ITEM_WRITE_COLUMNS.join(', ')}) VALUES (${placeholders(ITEM_WRITE_COLUMNS.length)})`);
        const lineIds = order.items.map((line, position) => Number(insertLine.run(...itemValues(id, position, line)).lastInsertRowid));
        const saved = savedOrder(order, id, lineIds);
        // An order that needs no payment (nothing to charge) is created confirmed: its number now.
        numberOrders([saved]);
        if (saved.queueNumber !== null) sql('UPDATE orders SET queue_number = ? WHERE id = ?').run(saved.queueNumber, id);
        recordStatus(undefined, saved, actor);
        appendEvents(events(undefined, cloneRecord(saved)));
        if (finish) {
          const { status, body } = finish.result(cloneRecord(saved));
          finishKey(finish.key, status, body, finish.at);
        }
        return saved;
      });
    },

    getOrder: async (id) => readOrder(id),

    async listOrders(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.userId !== undefined) {
        where.push('user_id = ?');
        params.push(filter.userId);
      }
      if (filter.statuses !== undefined) {
        if (filter.statuses.length === 0) return [];
        where.push('status IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(filter.statuses));
      }
      if (filter.queueNumber !== undefined) {
        where.push('queue_number = ?');
        params.push(filter.queueNumber);
      }
      if (filter.afterId !== undefined) {
        where.push('id > ?');
        params.push(nonNegativeInt(filter.afterId));
      }
      params.push(nonNegativeInt(filter.limit), nonNegativeInt(filter.offset));
      const rows = sql(
        `SELECT ${ORDER_COLUMNS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${filter.afterId === undefined ? 'created_at DESC, id DESC' : 'id'} LIMIT ? OFFSET ?`,
      ).all(...params) as OrderRow<number>[];
      return readOrders(rows);
    },

    async updateOrder(id, change, events, actor = SYSTEM_ACTOR) {
      return writeSoon(() => applyChange(id, change, events, actor));
    },

    async statusHistory(orderId) {
      if (!isOrderId(orderId)) return [];
      return (sql(HISTORY_SELECT).all(orderId) as HistoryRow<number>[]).map((row) => historyFromRow(row, toDate));
    },

    async updateOrderOnce(consumer, eventId, id, change, events) {
      try {
        // Group commit: the payment events of a turn share one transaction, as on MySQL.
        return await writeSoon(() => applyOnce({ consumer, eventId, id, change, events }));
      } catch (err) {
        if (err instanceof NoSuchOrder) return undefined;
        throw err;
      }
    },

    async beginIdempotent(key, requestHash, at, staleAfterMs): Promise<IdempotencyBegin> {
      return write(() => {
        if (claimKey(key, requestHash, at)) return { state: 'new' };
        const row = sql(
          `SELECT request_hash, state, status, body, created_at FROM idempotency_keys WHERE user_id = ? AND scope = ? AND idem_key = ?`,
        ).get(...keyParams(key)) as { request_hash: string; state: string; status: number | null; body: string | null; created_at: number };
        const verdict = judgeIdempotency({ ...row, createdAtMs: row.created_at }, requestHash, at, staleAfterMs);
        if (verdict.state !== 'take_over') return verdict;
        sql(`UPDATE idempotency_keys SET request_hash = ?, created_at = ? WHERE user_id = ? AND scope = ? AND idem_key = ?`).run(
          requestHash,
          at.getTime(),
          ...keyParams(key),
        );
        return { state: 'new' };
      });
    },

    async finishIdempotent(key, status, body, at) {
      write(() => finishKey(key, status, body, at));
    },

    async abandonIdempotent(key) {
      write(() => {
        sql(`DELETE FROM idempotency_keys WHERE user_id = ? AND scope = ? AND idem_key = ? AND state = 'running'`).run(...keyParams(key));
      });
    },

    async sweepIdempotency(before) {
      return write(
        () =>
          sql(
            `DELETE FROM idempotency_keys WHERE (state = 'done' AND finished_at < ?) OR (state = 'running' AND created_at < ?)`,
          ).run(before.getTime(), before.getTime()).changes,
      );
    },

    async ping() {
      sql('SELECT 1').get();
    },

    async close() {
      if (db.open) db.close();
    },
  };
}

/** Thrown inside a transaction to roll it back; never leaves the store. */
class NoSuchOrder extends Error {}
