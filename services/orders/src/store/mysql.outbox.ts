import type { NewOutboxEvent, OutboxRecord, OutboxStore } from '@canteen/service-kit';
import type { Pool } from 'mysql2/promise';
import { inTransaction, type Statement } from './mysql.transaction.ts';
import {
  nonNegativeInt,
  OUTBOX_KEEP_SENT_MS,
  OUTBOX_LEASE_MS,
  type OutboxRow,
  outboxRecordFromRow,
  outboxValues,
  PRUNE_EVERY_MS,
} from './order.rows.ts';

/** Fresh rows kept for the relay at most; beyond, the oldest wait for their lease (nothing is lost). */
const MAX_FRESH = 10_000;
/** The relay's claims search the table at least this often, however many fresh rows wait. */
const SEARCH_EVERY_MS = 1_000;
/** last_error is TEXT (64 KB); a stack trace longer than this helps nobody in a column. */
const MAX_ERROR_LENGTH = 4_000;

export interface MysqlOutbox {
  /**
   * The INSERT of `events` for the writer's transaction, and what to call once it committed
   * (`fill`: what the commit changed in the rows' payloads, for the relay's copies).
   */
  write(events: NewOutboxEvent[]): { statements: Statement[]; committed: (fill?: (payload: unknown) => unknown) => void };
  /** The relay's side. */
  relay: OutboxStore;
}

/**
 * The orders outbox on MySQL/MariaDB. Rows a store writes are handed to its own relay without
 * a claim: they are written leased to it (a claim's lease, from their insert), so no other
 * relay takes them meanwhile, and a crash leaves them to whoever claims once the lease ran
 * out, as after a claimed batch. In a rush this saves the relay's claim transaction, two round
 * trips a batch. The relay has connections of its own (`relayPool`): in a rush, placements
 * queue up for the main pool, and events of orders already placed must not wait behind them.
 */
export function createMysqlOutbox(relayPool: Pool, now: () => Date): MysqlOutbox {
  const fresh: OutboxRecord[] = [];
  let lastSearch = Number.NEGATIVE_INFINITY;
  let lastPrune = 0;

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
        await tx.commit([['UPDATE outbox SET lease_until = ? WHERE event_id IN (?)', [leaseFrom(at), due.map((row) => row.event_id)]]]);
      }
      return due;
    }, 'READ COMMITTED');
    return rows.map(outboxRecordFromRow);
  }

  return {
    write(events) {
      if (events.length === 0) return { statements: [], committed: () => undefined };
      const createdAt = now();
      const values: unknown[][] = [];
      const records: OutboxRecord[] = [];
      for (const event of events) {
        const row = outboxValues(event);
        values.push([row.eventId, row.routingKey, row.payload, row.headers, createdAt, leaseFrom(createdAt)]);
        // What a claim of the row would return.
        records.push(outboxRecordFromRow({ event_id: row.eventId, routing_key: row.routingKey, payload: row.payload, headers: row.headers, attempts: 0 }));
      }
      return {
        // One statement, rows in the given order: seq (AUTO_INCREMENT) keeps that order within a millisecond.
        statements: [['INSERT INTO outbox (event_id, routing_key, payload, headers, created_at, lease_until) VALUES ?', [values]]],
        committed: (fill) => {
          fresh.push(...(fill ? records.map((record) => ({ ...record, payload: fill(record.payload) })) : records));
          // A relay that cannot keep up (the broker is away): the oldest wait for their lease to run out.
          if (fresh.length > MAX_FRESH) fresh.splice(0, fresh.length - MAX_FRESH);
        },
      };
    },

    relay: {
      async claimBatch(limit) {
        const take = nonNegativeInt(limit);
        if (take === 0) return [];
        const at = now();
        // The table is searched when nothing fresh waits, and at least every second anyway, so
        // rows that failed, rows of a crashed process and other writers' rows are not starved
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
    },
  };
}

const leaseFrom = (at: Date): Date => new Date(at.getTime() + OUTBOX_LEASE_MS);
