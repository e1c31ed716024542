import type { NewOutboxEvent, OutboxRecord, OutboxStore } from './outbox.ts';
import { groupCommit, preparedStatement } from './sqlite.session.ts';

/**
 * The transactional outbox on an embedded SQLite database (better-sqlite3), shared by every
 * service that runs on one. The kit does not depend on better-sqlite3: it takes the database
 * through the few members it uses, which a better-sqlite3 `Database` has.
 */
export interface SqliteStatementLike {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabaseLike {
  prepare(sql: string): SqliteStatementLike;
  transaction<T>(fn: () => T): { (): T; immediate(): T };
}

/**
 * The outbox table, for a service's migrations. Times are epoch milliseconds; lease_until = 0
 * and retry_at <= now mean "free to claim". The functions below also work on the older variant
 * where retry_at and lease_until are nullable (NULL meaning "due" / "not leased").
 *
 * Frozen: a migration that has run anywhere is never edited, so a change to this table is a new
 * migration in each service, never an edit here.
 */
export const SQLITE_OUTBOX_TABLE_SQL = `
      CREATE TABLE outbox (
        event_id    TEXT PRIMARY KEY,
        routing_key TEXT NOT NULL,
        payload     TEXT NOT NULL CHECK (json_valid(payload)),
        headers     TEXT CHECK (headers IS NULL OR json_valid(headers)),
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT,
        created_at  INTEGER NOT NULL,
        retry_at    INTEGER NOT NULL,
        lease_until INTEGER NOT NULL DEFAULT 0,
        sent_at     INTEGER
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (created_at) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
`;

/** How long a claim keeps other relays (replicas) off a row; a crashed relay's rows come back after it. */
export const SQLITE_OUTBOX_LEASE_MS = 60_000;
/** Sent rows are kept this long for operators, then pruned. */
export const SQLITE_OUTBOX_KEEP_SENT_MS = 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface SqliteOutboxOptions {
  /** Epoch milliseconds; injected so tests can move time (leases, retries). */
  now?: () => number;
  leaseMs?: number;
  keepSentMs?: number;
  /**
   * Runs now and then (at most every ten minutes) inside markSent's transaction, after sent rows
   * were pruned: room for the service's own housekeeping, e.g. old inbox rows.
   */
  onPrune?: (at: number) => void;
}

interface OutboxRow {
  event_id: string;
  routing_key: string;
  payload: string;
  headers: string | null;
  attempts: number;
}

const statement = (db: SqliteDatabaseLike, text: string): SqliteStatementLike => preparedStatement(db, text);

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change they
 * announce, so both commit or neither does.
 */
export function writeOutboxEvents(db: SqliteDatabaseLike, events: NewOutboxEvent[], now: number): void {
  const insert = statement(
    db,
    'INSERT INTO outbox (event_id, routing_key, payload, headers, created_at, retry_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const event of events) {
    const headers = event.headers === undefined ? null : JSON.stringify(event.headers);
    insert.run(event.eventId, event.routingKey, JSON.stringify(event.payload === undefined ? null : event.payload), headers, now, now);
  }
}

const recordFromRow = (row: OutboxRow): OutboxRecord => ({
  eventId: row.event_id,
  routingKey: row.routing_key,
  payload: JSON.parse(row.payload) as unknown,
  attempts: Number(row.attempts),
  ...(row.headers !== null ? { headers: JSON.parse(row.headers) as Record<string, unknown> } : {}),
});

const wholeCount = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0);

/**
 * The relay's half of the outbox (the kit's OutboxStore) on the same database. Each call runs in
 * an IMMEDIATE transaction, so two relays (processes) on one file never claim the same row;
 * claims and marks share it with the writes of the same turn (group commit).
 */
export function createSqliteOutbox(db: SqliteDatabaseLike, options: SqliteOutboxOptions = {}): OutboxStore {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? SQLITE_OUTBOX_LEASE_MS;
  const keepSentMs = options.keepSentMs ?? SQLITE_OUTBOX_KEEP_SENT_MS;
  const write = <T>(fn: () => T): T => db.transaction(fn).immediate();
  // Claims and marks can wait a turn: they join the store's group commit (see sqlite.session.ts).
  const writeSoon = groupCommit(db);
  const sql = (text: string) => statement(db, text);
  let lastPrune = 0;

  return {
    async claimBatch(limit) {
      const take = wholeCount(limit);
      if (take === 0) return [];
      const at = now();
      const rows = await writeSoon(() => {
        const due = sql(
          `SELECT event_id, routing_key, payload, headers, attempts FROM outbox
           WHERE sent_at IS NULL AND (retry_at IS NULL OR retry_at <= ?) AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY created_at, rowid LIMIT ?`,
        ).all(at, at, take) as OutboxRow[];
        const lease = sql('UPDATE outbox SET lease_until = ? WHERE event_id = ?');
        for (const row of due) lease.run(at + leaseMs, row.event_id);
        return due;
      });
      return rows.map(recordFromRow);
    },

    async markSent(ids) {
      const at = now();
      await writeSoon(() => {
        if (ids.length > 0) {
          sql('UPDATE outbox SET sent_at = ?, lease_until = 0 WHERE sent_at IS NULL AND event_id IN (SELECT value FROM json_each(?))').run(
            at,
            JSON.stringify(ids),
          );
        }
        // Now and then, not on every call: the partial index makes it cheap, but it need not run often.
        if (at - lastPrune >= PRUNE_EVERY_MS) {
          lastPrune = at;
          sql('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(at - keepSentMs);
          options.onPrune?.(at);
        }
      });
    },

    async markFailed(id, error, retryAt) {
      write(() => {
        sql(
          `UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ?, lease_until = 0
           WHERE event_id = ? AND sent_at IS NULL`,
        ).run(error, retryAt.getTime(), id);
      });
    },
  };
}
