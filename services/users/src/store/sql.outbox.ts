import type { NewOutboxEvent, OutboxRecord, OutboxStore } from '@canteen/service-kit';
import type { SqlClient, SqlQueryable } from './sql-client.ts';

/** A relay that crashed holding rows gives them up after this long. */
const LEASE_SECONDS = 60;

interface OutboxRow {
  event_id: string;
  routing_key: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  attempts: number;
}

/** Appends an event inside the caller's transaction, so it commits with the change it announces. */
export async function appendOutboxEvent(tx: SqlQueryable, event: NewOutboxEvent): Promise<void> {
  await tx.query('INSERT INTO users_outbox (event_id, routing_key, payload, headers) VALUES ($1, $2, $3, $4)', [
    event.eventId,
    event.routingKey,
    JSON.stringify(event.payload),
    event.headers ? JSON.stringify(event.headers) : null,
  ]);
}

/**
 * The users service's outbox on PostgreSQL / PGlite. Replicas share it: `SKIP LOCKED` plus a
 * lease keeps two relays off the same rows. A sent row is deleted: the state it announced
 * (the user's not-before) lives on the user, and a starting service reads it from there.
 */
export function createSqlOutbox(db: SqlClient): OutboxStore {
  return {
    async claimBatch(limit) {
      const { rows } = await db.query<OutboxRow>(
        `UPDATE users_outbox SET leased_until = now() + make_interval(secs => $2)
         WHERE event_id IN (
           SELECT event_id FROM users_outbox
           WHERE sent_at IS NULL AND (retry_at IS NULL OR retry_at <= now()) AND (leased_until IS NULL OR leased_until <= now())
           ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING event_id, routing_key, payload, headers, attempts`,
        [limit, LEASE_SECONDS],
      );
      return rows.map(
        (row): OutboxRecord => ({
          eventId: row.event_id,
          routingKey: row.routing_key,
          payload: row.payload,
          attempts: Number(row.attempts),
          ...(row.headers ? { headers: row.headers } : {}),
        }),
      );
    },
    async markSent(ids) {
      if (ids.length === 0) return;
      await db.query('DELETE FROM users_outbox WHERE event_id = ANY($1::uuid[])', [ids]);
    },
    async markFailed(id, error, retryAt) {
      await db.query(
        'UPDATE users_outbox SET attempts = attempts + 1, last_error = $2, retry_at = $3, leased_until = NULL WHERE event_id = $1',
        [id, error.slice(0, 2000), retryAt],
      );
    },
  };
}
