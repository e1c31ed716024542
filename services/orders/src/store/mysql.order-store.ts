import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import mysql, { type Connection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import type { OrderRecord } from '../domain/order.ts';
import { runMigrations } from './mysql.migrations.ts';
import { inTransaction, Rollback, type Statement, type Transaction } from './mysql.transaction.ts';
import {
  changedOrder,
  isOrderId,
  ITEM_COLUMNS,
  ITEM_WRITE_COLUMNS,
  type ItemRow,
  itemValues,
  judgeIdempotency,
  nonNegativeInt,
  ORDER_COLUMNS,
  ORDER_WRITE_COLUMNS,
  orderFromRow,
  type OrderRow,
  orderValues,
  OUTBOX_KEEP_SENT_MS,
  OUTBOX_LEASE_MS,
  type OutboxRow,
  outboxRecordFromRow,
  outboxValues,
  PRUNE_EVERY_MS,
  savedOrder,
} from './order.rows.ts';
import {
  IdempotencyKeyTaken,
  type IdempotencyBegin,
  type IdempotencyFinish,
  type IdempotencyKey,
  type OrderChange,
  type OrderEvents,
  type OrderStore,
  type OrderUpdate,
} from './order.store.ts';

export interface MysqlOrderStoreOptions {
  /** Injected so tests can move time (leases, retries). */
  now?: () => Date;
}

type Queryable = Pick<Connection, 'query'>;
type Rows<T> = (T & RowDataPacket)[];

/** Stale idempotency take-overs race each other only a few times before one wins. */
const IDEMPOTENCY_ATTEMPTS = 5;

/** Fresh outbox rows kept for the relay at most; beyond, the oldest wait for their lease (nothing is lost). */
const MAX_FRESH = 10_000;
/** The relay's claims search the table at least this often, however many fresh rows wait. */
const SEARCH_EVERY_MS = 1_000;

/** last_error is TEXT (64 KB); a stack trace longer than this helps nobody in a column. */
const MAX_ERROR_LENGTH = 4_000;

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
  const pool = poolOf(10);
  // The outbox relay has connections of its own: in a rush, placements queue up for the main
  // pool, and events of orders already placed (payment.initiated) must not wait behind them,
  // or nobody's order gets confirmed while new ones keep coming in.
  const relayPool = poolOf(2);
  // And so do the consumers of payment events, for the same reason one step later: a burst of
  // placements (the BFF lets dozens through at once) would queue every payment.success behind
  // it, and the orders already paid for would wait to be confirmed while new ones come in.
  const eventsPool = poolOf(4);
  let lastPrune = 0;
  let closed = false;

  const transaction = <T>(body: (tx: Transaction) => Promise<T | Rollback<T>>, on: typeof pool = pool) => inTransaction(on, body);

  async function readOrders(q: Queryable, rows: OrderRow<Date>[]): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const [items] = await q.query<Rows<ItemRow>>(
      `SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id IN (?) ORDER BY order_id, position`,
      [rows.map((row) => Number(row.id))],
    );
    const byOrder = new Map<number, ItemRow[]>();
    for (const item of items) {
      const list = byOrder.get(Number(item.order_id)) ?? [];
      list.push(item);
      byOrder.set(Number(item.order_id), list);
    }
    return rows.map((row) => orderFromRow(row, byOrder.get(Number(row.id)) ?? [], identity));
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
   * Outbox rows this store committed, oldest first, handed to its own relay without a claim:
   * they were written leased to it (a claim's lease, from their insert), so no other relay
   * takes them meanwhile, and a crash leaves them to whoever claims once the lease ran out.
   * In a rush this saves the relay's claim transaction, two round trips a batch.
   */
  const fresh: OutboxRecord[] = [];
  let lastSearch = Number.NEGATIVE_INFINITY;

  /** The rows as the outbox keeps them, and what a claim of them would return. */
  function outboxRows(events: NewOutboxEvent[]): { values: unknown[][]; records: OutboxRecord[] } {
    const createdAt = now();
    const leasedUntil = new Date(createdAt.getTime() + OUTBOX_LEASE_MS);
    const values: unknown[][] = [];
    const records: OutboxRecord[] = [];
    for (const event of events) {
      const row = outboxValues(event);
      values.push([row.eventId, row.routingKey, row.payload, row.headers, createdAt, leasedUntil]);
      records.push(outboxRecordFromRow({ event_id: row.eventId, routing_key: row.routingKey, payload: row.payload, headers: row.headers, attempts: 0 }));
    }
    return { values, records };
  }

  /** The INSERT of `events`, and what to call once its transaction committed. */
  function outboxWrite(events: NewOutboxEvent[]): { statements: Statement[]; committed: () => void } {
    if (events.length === 0) return { statements: [], committed: () => undefined };
    const { values, records } = outboxRows(events);
    return {
      // One statement, rows in the given order: seq (AUTO_INCREMENT) keeps that order within a millisecond.
      statements: [['INSERT INTO outbox (event_id, routing_key, payload, headers, created_at, lease_until) VALUES ?', [values]]],
      committed: () => {
        fresh.push(...records);
        // A relay that cannot keep up (the broker is away): the oldest wait for their lease to run out.
        if (fresh.length > MAX_FRESH) fresh.splice(0, fresh.length - MAX_FRESH);
      },
    };
  }

  /**
   * The body of updateOrder, inside the caller's transaction, in two round trips: the locked
   * read, then the write with its events and COMMIT.
   */
  async function applyChange(tx: Transaction, before: OrderRecord, change: OrderChange, events: OrderEvents): Promise<OrderUpdate> {
    // change gets its own copy: whatever it does to it, `before` stays what was stored.
    const changed = change(structuredClone(before));
    if (changed === undefined) return { before, after: structuredClone(before), changed: false };
    const after = changedOrder(before, changed);
    const outbox = outboxWrite(events(before, after));
    await tx.commit([
      [`UPDATE orders SET ${ORDER_WRITE_COLUMNS.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`, [...orderValues(after, identity), before.id]],
      ...outbox.statements,
    ]);
    outbox.committed();
    return { before, after, changed: true };
  }

  /** Claims due rows by searching the table (rows of any writer), as every relay may. */
  async function searchDue(take: number, at: Date): Promise<OutboxRecord[]> {
    // READ COMMITTED: no gap locks on the outbox index, so claiming does not hold up the
    // business transactions that append to it. SKIP LOCKED: rows another relay (or a
    // transaction still writing them) holds are passed over, not waited for.
    const rows = await inTransaction(relayPool, async (tx) => {
      const [due] = (await tx.run([
        [
          `SELECT event_id, routing_key, payload, headers, attempts FROM outbox
           WHERE sent_at IS NULL AND (retry_at IS NULL OR retry_at <= ?) AND (lease_until IS NULL OR lease_until < ?)
           ORDER BY created_at, seq LIMIT ? FOR UPDATE SKIP LOCKED`,
          [at, at, take],
        ],
      ])) as [OutboxRow[]];
      if (due.length > 0) {
        await tx.commit([['UPDATE outbox SET lease_until = ? WHERE event_id IN (?)', [new Date(at.getTime() + OUTBOX_LEASE_MS), due.map((row) => row.event_id)]]]);
      }
      return due;
    }, 'READ COMMITTED');
    return rows.map(outboxRecordFromRow);
  }

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
    const { status, body } = finish.result(structuredClone(saved));
    return finishedKey(finish.key, status, body, finish.at);
  };

  return {
    migrate: () => runMigrations(pool),

    async createOrder(order, events, finish) {
      const claim = finish?.claim && claimStatement(finish.key, finish.claim.requestHash, finish.at);
      // Set once the claim committed: a deadlock victim runs again without claiming again.
      let claimed = false;
      try {
        return await transaction(async (tx) => {
          // The order, then its lines under the order's id, in one round trip; one statement per
          // line, so each insertId is its line's whatever the auto-increment settings.
          const statements: Statement[] = [
            [`INSERT INTO orders (${ORDER_WRITE_COLUMNS.join(', ')}) VALUES (?)`, [orderValues(order, identity)]],
            ['SET @order_id = LAST_INSERT_ID()'],
            ...order.items.map((line, position): Statement => [
              `INSERT INTO order_items (${ITEM_WRITE_COLUMNS.join(', ')}) VALUES (@order_id, ?)`,
              [itemValues(0, position, line).slice(1)],
            ]),
          ];
          const before = claim && !claimed ? [claim] : [];
          const results = (await tx.run(statements, before)) as ResultSetHeader[];
          if (before.length) {
            if (results[0]!.affectedRows !== 1) throw new IdempotencyKeyTaken();
            claimed = true;
          }
          const [inserted, , ...lines] = results.slice(before.length);
          const saved = savedOrder(order, Number(inserted!.insertId), lines.map((line) => Number(line.insertId)));
          const outbox = outboxWrite(events(undefined, structuredClone(saved)));
          await tx.commit([...outbox.statements, ...(finish ? [finishStatement(finish, saved)] : [])]);
          outbox.committed();
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
      const statements = orderStatements(id, false).map(([text, values]) => pool.format(text, values ? [...values] : []));
      const [results] = await pool.query(statements.join(';\n'));
      return orderFromResults(results as unknown as unknown[]);
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
      params.push(nonNegativeInt(filter.limit), nonNegativeInt(filter.offset));
      const [rows] = await pool.query<Rows<OrderRow<Date>>>(
        `SELECT ${ORDER_COLUMNS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
        params,
      );
      return readOrders(pool, rows);
    },

    async updateOrder(id, change, events) {
      if (!isOrderId(id)) return undefined;
      return transaction(async (tx) => {
        const before = orderFromResults(await tx.run(orderStatements(id, true)));
        return before && applyChange(tx, before, change, events);
      });
    },

    updateOrderOnce(consumer, eventId, id, change, events) {
      if (!isOrderId(id)) return Promise.resolve(undefined);
      return transaction<OrderUpdate | 'duplicate' | undefined>(async (tx) => {
        // The inbox row first, so a concurrent redelivery of the same event waits here for this
        // transaction; the order's locked read in the same round trip.
        const [inbox, ...read] = await tx.run([
          ['INSERT IGNORE INTO inbox (consumer, event_id, created_at) VALUES (?, ?, ?)', [consumer, eventId, now()]],
          ...orderStatements(id, true),
        ]);
        if ((inbox as ResultSetHeader).affectedRows === 0) return new Rollback('duplicate' as const);
        const before = orderFromResults(read);
        // No such order: the inbox row goes too, so the event is not marked handled.
        if (!before) return new Rollback(undefined);
        return applyChange(tx, before, change, events);
      }, eventsPool);
    },

    /**
     * Without an explicit transaction: INSERT IGNORE claims a new key atomically, and a stale
     * claim is taken over by a compare-and-set on its created_at, so of two requests taking over
     * at once exactly one gets `new`. (INSERT IGNORE then SELECT … FOR UPDATE in one transaction
     * would deadlock two such requests on the row's shared lock.)
     */
    async beginIdempotent(key, requestHash, at, staleAfterMs): Promise<IdempotencyBegin> {
      for (let attempt = 1; ; attempt += 1) {
        const [sql, values = []] = claimStatement(key, requestHash, at);
        const [inserted] = await pool.query<ResultSetHeader>(sql, [...values]);
        if (inserted.affectedRows === 1) return { state: 'new' };
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
      const [sql, values = []] = finishedKey(key, status, body, at);
      await pool.query(sql, [...values]);
    },

    abandonIdempotent: abandon,

    async sweepIdempotency(before) {
      const [result] = await pool.query<ResultSetHeader>(`DELETE FROM idempotency_keys WHERE (state = 'done' AND finished_at < ?) OR (state = 'running' AND created_at < ?)`,
        [before, before],
      );
      return result.affectedRows;
    },

    async claimBatch(limit) {
      const take = nonNegativeInt(limit);
      if (take === 0) return [];
      const at = now();
      // The table is searched when nothing fresh waits, and at least every few seconds anyway,
      // so rows that failed, rows of a crashed process and other writers' rows are not starved
      // by a rush of fresh ones.
      if (fresh.length === 0 || at.getTime() - lastSearch >= SEARCH_EVERY_MS) {
        lastSearch = at.getTime();
        const found = await searchDue(take, at);
        if (found.length > 0 || fresh.length === 0) return found;
      }
      return fresh.splice(0, take);
    },

    async markSent(ids) {
      const at = now();
      if (ids.length > 0) {
        await relayPool.query('UPDATE outbox SET sent_at = ?, lease_until = NULL WHERE sent_at IS NULL AND event_id IN (?)', [at, [...ids]]);
      }
      // Now and then, not on every call.
      if (at.getTime() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = at.getTime();
        await relayPool.query('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?', [new Date(at.getTime() - OUTBOX_KEEP_SENT_MS)]);
      }
    },

    async markFailed(id, error, retryAt) {
      await relayPool.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ?, lease_until = NULL
         WHERE event_id = ? AND sent_at IS NULL`,
        [error.slice(0, MAX_ERROR_LENGTH), retryAt, id],
      );
    },

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
