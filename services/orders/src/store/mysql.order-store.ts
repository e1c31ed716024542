import type { Logger } from '@canteen/service-kit';
import mysql, { type Connection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { cloneRecord } from './clone-record.ts';
import type { OrderRecord } from '../domain/order.ts';
import { runMigrations } from './mysql.migrations.ts';
import { createEventBatcher } from './mysql.event-batch.ts';
import { createMysqlOutbox } from './mysql.outbox.ts';
import { numberAtCreation, numbersAtCommit } from './mysql.queue-numbers.ts';
import { inTransaction, runStatements, type Statement, type Transaction } from './mysql.transaction.ts';
import { HISTORY_SELECT, historyFromRow, type HistoryRow, historyStatements } from './status-history.rows.ts';
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
  DEFAULT_TIME_ZONE,
  orderFromRow,
  type OrderRow,
  orderValues,
  orderUpdateValues,
  savedOrder,
} from './order.rows.ts';
import { createMysqlOrderAnalytics } from './mysql.order-analytics.ts';
import {
  IdempotencyKeyTaken,
  type IdempotencyBegin,
  type IdempotencyFinish,
  type IdempotencyKey,
  type OrderChange,
  type OrderEvents,
  type OrderStore,
  type OrderUpdate,
  type StatusActor,
  SYSTEM_ACTOR,
} from './order.store.ts';

export interface MysqlOrderStoreOptions {
  /** Injected so tests can move time (leases, retries). */
  now?: () => Date;
  /** Told when a group of payment events could not commit together and ran one by one. */
  logger?: Pick<Logger, 'warn'>;
  /** The canteen's time zone: queue numbers start again at 1 each day there. */
  timeZone?: string;
}

type Queryable = Pick<Connection, 'query'>;
type Rows<T> = (T & RowDataPacket)[];

/** Stale idempotency take-overs race each other only a few times before one wins. */
const IDEMPOTENCY_ATTEMPTS = 5;

const identity = (date: Date): Date => date;

/**
 * The orders store on MySQL/MariaDB (MariaDB 10.6+ for SKIP LOCKED) through a small mysql2 pool.
 * Writes are InnoDB transactions: a read-modify-write locks its order row (SELECT … FOR UPDATE),
 * so concurrent changes to one order queue up instead of losing each other, and the events go
 * into the outbox in the same transaction. All times come from the injected clock and are
 * stored in UTC (`timezone: 'Z'`); the server's NOW() is never used.
 */
export function createMysqlOrderStore(url: string, options: MysqlOrderStoreOptions = {}): OrderStore {
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const poolOf = (connectionLimit: number) =>
    mysql.createPool({
      uri: url,
      connectionLimit,
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      // MariaDB marks json_valid-checked text as JSON and mysql2 would parse it; the mapping parses
      // itself, so a stored JSON string ("accepted") is not parsed twice.
      jsonStrings: true,
      // A transaction sends its statements together (see mysql.transaction.ts); every value
      // still goes through mysql2's escaping, never into the SQL text by hand.
      multipleStatements: true,
      // mysql2 otherwise captures a stack trace on every query for its errors: a third of this
      // adapter's CPU in a rush. Our errors are logged with their SQL message and our own stack.
      trace: false,
    });
  // Twenty for requests: a placement holds its connection for two round trips, and when a rush
  // starts MariaDB answers slower, so with ten the pool ran dry in the first seconds of a jump
  // to 300 orders/s and the BFF turned orders away (measured: 2 of 7 goal runs kept up with
  // ten, 3 of 4 with twenty and none refused).
  const pool = poolOf(20);
  // The outbox relay has connections of its own (see mysql.outbox.ts), and so do the consumers
  // of payment events, for the same reason one step later: a burst of placements (the BFF lets
  // dozens through at once) would queue every payment.success behind it, and the orders
  // already paid for would wait to be confirmed while new ones come in. Eight: with four,
  // confirmations fell behind placements at ~250 orders/s. The events of a turn share one
  // transaction (mysql.event-batch.ts).
  const relayPool = poolOf(2);
  const eventsPool = poolOf(8);
  const outbox = createMysqlOutbox(relayPool, now);
  let closed = false;

  const transaction = <T>(body: (tx: Transaction) => Promise<T>) => inTransaction(pool, body);

  async function readOrders(q: Queryable, rows: OrderRow<Date>[]): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const [items] = await q.query<Rows<ItemRow>>(
      `SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id IN (?) ORDER BY order_id, position`,
      [rows.map((row) => Number(row.id))],
    );
    const linesOf = linesByOrder(items);
    return rows.map((row) => orderFromRow(row, linesOf.get(Number(row.id)) ?? [], identity));
  }

  /** An order and its lines in one round trip (`lock`: the order row FOR UPDATE). */
  const orderStatements = (id: number, lock: boolean): Statement[] => [
    [`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, [id]],
    [`SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id = ? ORDER BY position`, [id]],
  ];
  const orderFromResults = ([rows, items]: unknown[]): OrderRecord | undefined => {
    const [row] = rows as OrderRow<Date>[];
    return row && orderFromRow(row, items as ItemRow[], identity);
  };

  /**
   * The body of updateOrder, inside the caller's transaction, in two round trips: the locked
   * read, then the write with its events, the queue number if it takes one, and COMMIT.
   */
  async function applyChange(tx: Transaction, before: OrderRecord, change: OrderChange, events: OrderEvents, actor: StatusActor): Promise<OrderUpdate> {
    // change gets its own copy: whatever it does to it, `before` stays what was stored.
    const changed = change(cloneRecord(before));
    if (changed === undefined) return { before, after: cloneRecord(before), changed: false };
    const after = changedOrder(before, changed);
    const numbers = numbersAtCommit([after], timeZone);
    const made = events(before, after);
    const written = outbox.write(made);
    const results = await tx.commit([
      [ORDER_UPDATE_SQL, [...orderUpdateValues(after, identity), before.id]],
      ...historyStatements(before, after, actor),
      ...written.statements,
      ...(numbers?.statements(() => made.map((event) => event.eventId)) ?? []),
    ]);
    numbers?.settle(results);
    numbers?.fill(after);
    written.committed(numbers && ((payload) => numbers.fillPayload(after.id, payload)));
    return { before, after, changed: true };
  }

  const updateOnce = createEventBatcher(eventsPool, outbox, now, timeZone, (err, size) =>
    options.logger?.warn({ err, events: size }, 'payment events could not commit together; running them one by one'),
  );

  const keyWhere = 'user_id = ? AND scope = ? AND idem_key = ?';
  const keyParams = (key: IdempotencyKey) => [key.userId, key.scope, key.key];
  const finishedKey = (key: IdempotencyKey, status: number, body: unknown, at: Date): Statement => [
    `UPDATE idempotency_keys SET state = 'done', status = ?, body = ?, finished_at = ? WHERE ${keyWhere}`,
    [status, JSON.stringify(body === undefined ? null : body), at, ...keyParams(key)],
  ];
  const claimStatement = (key: IdempotencyKey, requestHash: string, at: Date): Statement => [
    `INSERT IGNORE INTO idempotency_keys (user_id, scope, idem_key, request_hash, state, created_at) VALUES (?, ?, ?, ?, 'running', ?)`,
    [...keyParams(key), requestHash, at],
  ];
  const abandon = async (key: IdempotencyKey) => {
    await pool.query(`DELETE FROM idempotency_keys WHERE ${keyWhere} AND state = 'running'`, keyParams(key));
  };
  const finishStatement = (finish: IdempotencyFinish, saved: OrderRecord): Statement => {
    const { status, body } = finish.result(cloneRecord(saved));
    return finishedKey(finish.key, status, body, finish.at);
  };

  return {
    ...createMysqlOrderAnalytics(pool),
    migrate: () => runMigrations(pool),

    async createOrder(order, events, finish, actor = SYSTEM_ACTOR) {
      const claim = finish?.claim && claimStatement(finish.key, finish.claim.requestHash, finish.at);
      // Set once the claim committed: a deadlock victim runs again without claiming again.
      let claimed = false;
      try {
        return await transaction(async (tx) => {
          // The order, then its lines under the order's id, in one round trip; one statement per
          // line, so each insertId is its line's whatever the auto-increment settings.
          const statements: Statement[] = [
            // Not in the analytics rollups yet: the commit puts it there (mysql.migrations.ts, version 5).
            [`INSERT INTO orders (${ORDER_WRITE_COLUMNS.join(', ')}, in_rollups) VALUES (?, 0)`, [orderValues(order, identity)]],
            ['SET @order_id = LAST_INSERT_ID()'],
            ...order.items.map((line, position): Statement => [
              `INSERT INTO order_items (${ITEM_WRITE_COLUMNS.join(', ')}) VALUES (@order_id, ?)`,
              [itemValues(0, position, line).slice(1)],
            ]),
          ];
          const claimFirst = claim && !claimed ? [claim] : [];
          const results = (await tx.run(statements, claimFirst)) as ResultSetHeader[];
          if (claimFirst.length) {
            if (results[0]!.affectedRows !== 1) throw new IdempotencyKeyTaken();
            claimed = true;
          }
          const [inserted, , ...lines] = results.slice(claimFirst.length);
          const saved = savedOrder(order, Number(inserted!.insertId), lines.map((line) => Number(line.insertId)));
          // An order that needs no payment (nothing to charge) is created confirmed: its number now.
          const numbered = await numberAtCreation(tx, saved, timeZone);
          const written = outbox.write(events(undefined, cloneRecord(saved)));
          await tx.commit([
            ...numbered,
            ...historyStatements(undefined, saved, actor),
            ...written.statements,
            ...(finish ? [finishStatement(finish, saved)] : []),
            // In the commit's round trip, so the rollup rows it locks are held only to the COMMIT.
            ['UPDATE orders SET in_rollups = 1 WHERE id = ?', [saved.id]],
          ]);
          written.committed();
          return saved;
        });
      } catch (err) {
        // Claimed here, then failed: release the key, so a retry may run the request again.
        if (claimed && finish) await abandon(finish.key).catch(() => undefined);
        throw err;
      }
    },

    async getOrder(id) {
      if (!isOrderId(id)) return undefined;
      return orderFromResults(await runStatements(pool, orderStatements(id, false)));
    },

    async listOrders(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.userId !== undefined) {
        where.push('user_id = ?');
        params.push(filter.userId);
      }
      if (filter.statuses !== undefined) {
        if (filter.statuses.length === 0) return [];
        where.push('status IN (?)');
        params.push([...filter.statuses]);
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
      const [rows] = await pool.query<Rows<OrderRow<Date>>>(
        `SELECT ${ORDER_COLUMNS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${filter.afterId === undefined ? 'created_at DESC, id DESC' : 'id'} LIMIT ? OFFSET ?`,
        params,
      );
      return readOrders(pool, rows);
    },

    async updateOrder(id, change, events, actor = SYSTEM_ACTOR) {
      if (!isOrderId(id)) return undefined;
      return transaction(async (tx) => {
        const before = orderFromResults(await tx.run(orderStatements(id, true)));
        return before && applyChange(tx, before, change, events, actor);
      });
    },

    async statusHistory(orderId) {
      if (!isOrderId(orderId)) return [];
      const [rows] = await pool.query<Rows<HistoryRow<Date>>>(HISTORY_SELECT, [orderId]);
      return rows.map((row) => historyFromRow(row, identity));
    },

    updateOrderOnce(consumer, eventId, id, change, events) {
      if (!isOrderId(id)) return Promise.resolve(undefined);
      return updateOnce({ consumer, eventId, id, change, events });
    },

    /**
     * Without an explicit transaction: INSERT IGNORE claims a new key atomically, and a stale
     * claim is taken over by a compare-and-set on its created_at, so of two requests taking over
     * at once exactly one gets `new`. (INSERT IGNORE then SELECT … FOR UPDATE in one transaction
     * would deadlock two such requests on the row's shared lock.)
     */
    async beginIdempotent(key, requestHash, at, staleAfterMs): Promise<IdempotencyBegin> {
      for (let attempt = 1; ; attempt += 1) {
        const [inserted] = (await runStatements(pool, [claimStatement(key, requestHash, at)])) as ResultSetHeader[];
        if (inserted!.affectedRows === 1) return { state: 'new' };
        const [[row]] = await pool.query<Rows<{ request_hash: string; state: string; status: number | null; body: string | null; created_at: Date }>>(
          `SELECT request_hash, state, status, body, created_at FROM idempotency_keys WHERE ${keyWhere}`,
          keyParams(key),
        );
        // Abandoned in between, or another request took it over first: look again.
        if (attempt < IDEMPOTENCY_ATTEMPTS && !row) continue;
        if (!row) return { state: 'running' };
        const verdict = judgeIdempotency({ ...row, createdAtMs: row.created_at.getTime() }, requestHash, at, staleAfterMs);
        if (verdict.state !== 'take_over') return verdict;
        const [taken] = await pool.query<ResultSetHeader>(
          `UPDATE idempotency_keys SET request_hash = ?, created_at = ? WHERE ${keyWhere} AND state = 'running' AND created_at = ?`,
          [requestHash, at, ...keyParams(key), row.created_at],
        );
        if (taken.affectedRows === 1) return { state: 'new' };
        if (attempt >= IDEMPOTENCY_ATTEMPTS) return { state: 'running' };
      }
    },

    async finishIdempotent(key, status, body, at) {
      await runStatements(pool, [finishedKey(key, status, body, at)]);
    },

    abandonIdempotent: abandon,

    async sweepIdempotency(before) {
      const [result] = await pool.query<ResultSetHeader>(`DELETE FROM idempotency_keys WHERE (state = 'done' AND finished_at < ?) OR (state = 'running' AND created_at < ?)`,
        [before, before],
      );
      return result.affectedRows;
    },

    ...outbox.relay,

    async ping() {
      await pool.query('SELECT 1');
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), relayPool.end(), eventsPool.end()]);
    },
  };
}
