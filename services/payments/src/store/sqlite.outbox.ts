import type { NewOutboxEvent, OutboxRecord, OutboxStore } from '@canteen/service-kit';
import type Database from 'better-sqlite3';

/** How long a claim keeps other relays (replicas) off a row; a crashed relay's rows come back after it. */
export const OUTBOX_LEASE_MS = 60_000;
/** Sent outbox rows are kept this long for operators, then pruned. */
export const OUTBOX_KEEP_SENT_MS = 86_400_000;
/** Inbox rows are kept far longer than any broker would hold a message for redelivery. */
export const INBOX_KEEP_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

interface OutboxRow {
  event_id: string;
  routing_key: string;
  payload: string;
  headers: string | null;
  attempts: number;
}

type Sql = (text: string) => Database.Statement;
type Write = <T>(fn: () => T) => T;

/** Appends events inside the caller's transaction (the business change's). */
export function appendOutbox(sql: Sql, events: NewOutboxEvent[], createdAt: number): void {
  const insert = sql(
    `INSERT INTO outbox (event_id, routing_key, payload, headers, created_at, retry_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const event of events) {
    const headers = event.headers === undefined ? null : JSON.stringify(event.headers);
    insert.run(event.eventId, event.routingKey, JSON.stringify(event.payload ?? null), headers, createdAt, createdAt);
  }
}

/** The relay's half of the store, on the same database (the kit's OutboxStore contract). */
export function sqliteOutbox(sql: Sql, write: Write, now: () => number): OutboxStore {
  let lastPrune = 0;
  return {
    async claimBatch(limit) {
      if (limit <= 0) return [];
      const at = now();
      const rows = write(() => {
        const due = sql(
          `SELECT event_id, routing_key, payload, headers, attempts FROM outbox
           WHERE sent_at IS NULL AND retry_at <= ? AND lease_until <= ?
           ORDER BY created_at, rowid LIMIT ?`,
        ).all(at, at, limit) as OutboxRow[];
        const lease = sql('UPDATE outbox SET lease_until = ? WHERE event_id = ?');
        for (const row of due) lease.run(at + OUTBOX_LEASE_MS, row.event_id);
        return due;
      });
      return rows.map(
        (row): OutboxRecord => ({
          eventId: row.event_id,
          routingKey: row.routing_key,
          payload: JSON.parse(row.payload) as unknown,
          attempts: row.attempts,
          ...(row.headers !== null ? { headers: JSON.parse(row.headers) as Record<string, unknown> } : {}),
        }),
      );
    },

    async markSent(ids) {
      const at = now();
      write(() => {
        if (ids.length > 0) {
          sql('UPDATE outbox SET sent_at = ?, lease_until = 0 WHERE sent_at IS NULL AND event_id IN (SELECT value FROM json_each(?))').run(
            at,
            JSON.stringify(ids),
          );
        }
        // Now and then, not on every call.
        if (at - lastPrune >= PRUNE_EVERY_MS) {
          lastPrune = at;
          sql('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(at - OUTBOX_KEEP_SENT_MS);
          sql('DELETE FROM inbox WHERE received_at < ?').run(at - INBOX_KEEP_MS);
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
