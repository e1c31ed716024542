import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqliteSession } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { isActive, type QueueEntry, STATUS_RANK } from '../domain/queue-entry.ts';
import {
  DAY_KEEP_MS,
  DEFAULT_STREAM_RETENTION_MS,
  PREP_SAMPLES_KEPT,
  READY_WINDOW_MS,
  SEEN_EVENT_KEEP_MS,
} from './queue-store.limits.ts';
import { createLocalTail } from './local-tail.ts';
import type { MemoryQueueStoreOptions } from './memory.queue-store.ts';
import type { DayStats, QueueStore, ReplayResult, StreamMessage } from './queue.store.ts';
import { runQueueMigrations } from './sqlite.queue-migrations.ts';

/** The same knobs as the in-memory store: retention, an injected clock, where tail errors go. */
export type SqliteQueueStoreOptions = MemoryQueueStoreOptions;

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The queue store of all-in-one mode, on disk (better-sqlite3, WAL): a restart, even a killed
 * process, keeps every ticket, number, statistic and the real-time stream, so phones resume
 * where they were. The same semantics and bounds as the Redis adapter. Every method runs
 * synchronously to its end in one transaction, so the event loop makes each atomic; tails are
 * delivered in this process, so one process owns the file (a queue service with replicas uses
 * Redis).
 */
export function createSqliteQueueStore(path: string, options: SqliteQueueStoreOptions = {}): QueueStore {
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_STREAM_RETENTION_MS;
  const onError = options.onError ?? (() => {});
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  const { sql, write } = openSqliteSession<Database.Statement>(db);
  runQueueMigrations(db);
  const tail = createLocalTail(onError);
  let lastPrune = 0;
  let closed = false;

  const open = () => {
    if (closed) throw new Error('the queue store is closed');
  };

  /** Forgets days, seen events and ready times that outlived their keep time, now and then. */
  const prune = (at: number) => {
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    const oldDays = `SELECT day FROM days WHERE touched_at < ?`;
    sql(`DELETE FROM day_numbers WHERE day IN (${oldDays})`).run(at - DAY_KEEP_MS);
    sql('DELETE FROM days WHERE touched_at < ?').run(at - DAY_KEEP_MS);
    sql('DELETE FROM seen_events WHERE until <= ?').run(at);
  };

  const touchDay = (day: string, at: number) => {
    prune(at);
    sql('INSERT INTO days (day, touched_at) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET touched_at = excluded.touched_at').run(day, at);
  };

  const numberOf = (day: string, orderId: number) =>
    (sql('SELECT number FROM day_numbers WHERE day = ? AND order_id = ?').get(day, orderId) as { number: number } | undefined)?.number;

  const lastSeq = () => (sql('SELECT last FROM stream_seq WHERE id = 1').get() as { last: number }).last;

  const rowToMessage = (row: { seq: number; message: string }): StreamMessage => ({ ...(JSON.parse(row.message) as Omit<StreamMessage, 'seq'>), seq: row.seq });

  return {
    async assignNumber(orderId, day, given) {
      open();
      return write(() => {
        touchDay(day, now());
        if (given === undefined) {
          const known = numberOf(day, orderId);
          if (known !== undefined) return known;
        }
        const { counter } = sql(
          given === undefined
            ? 'UPDATE days SET counter = counter + 1 WHERE day = ? RETURNING counter'
            : 'UPDATE days SET counter = max(counter, ?) WHERE day = ? RETURNING counter',
        ).get(...(given === undefined ? [day] : [given, day])) as { counter: number };
        const number = given ?? counter;
        sql('INSERT INTO day_numbers (day, order_id, number) VALUES (?, ?, ?) ON CONFLICT (day, order_id) DO UPDATE SET number = excluded.number').run(
          day,
          orderId,
          number,
        );
        return number;
      });
    },

    async saveEntry(entry) {
      open();
      return write(() => {
        const stored = sql('SELECT rank FROM entries WHERE order_id = ?').get(entry.orderId) as { rank: number } | undefined;
        if (stored && stored.rank > STATUS_RANK[entry.status]) return false;
        sql(
          `INSERT INTO entries (order_id, rank, active, entry) VALUES (?, ?, ?, ?)
           ON CONFLICT (order_id) DO UPDATE SET rank = excluded.rank, active = excluded.active, entry = excluded.entry`,
        ).run(entry.orderId, STATUS_RANK[entry.status], isActive(entry) ? 1 : 0, JSON.stringify(entry));
        return true;
      });
    },

    async getEntry(orderId) {
      open();
      const row = sql('SELECT entry FROM entries WHERE order_id = ?').get(orderId) as { entry: string } | undefined;
      return row && (JSON.parse(row.entry) as QueueEntry);
    },

    async listActive() {
      open();
      const rows = sql('SELECT entry FROM entries WHERE active = 1 ORDER BY order_id').all() as { entry: string }[];
      return rows.map((row) => JSON.parse(row.entry) as QueueEntry);
    },

    async removeEntry(orderId) {
      open();
      return sql('DELETE FROM entries WHERE order_id = ?').run(orderId).changes === 1;
    },

    async recordOnce(consumer, eventId) {
      open();
      const at = now();
      return write(() => {
        prune(at);
        // An expired record is as good as none: it is taken over.
        return (
          sql(
            `INSERT INTO seen_events (consumer, event_id, until) VALUES (?, ?, ?)
             ON CONFLICT (consumer, event_id) DO UPDATE SET until = excluded.until WHERE seen_events.until <= ?`,
          ).run(consumer, eventId, at + SEEN_EVENT_KEEP_MS, at).changes === 1
        );
      });
    },

    async isRecorded(consumer, eventId) {
      open();
      return sql('SELECT 1 FROM seen_events WHERE consumer = ? AND event_id = ? AND until > ?').get(consumer, eventId, now()) !== undefined;
    },

    async recordWait(day, waitMs, readyAt) {
      open();
      const at = now();
      write(() => {
        touchDay(day, at);
        sql('UPDATE days SET wait_sum_ms = wait_sum_ms + ?, wait_count = wait_count + 1 WHERE day = ?').run(Math.round(waitMs), day);
        sql('INSERT INTO ready_times (at) VALUES (?)').run(readyAt);
        sql('DELETE FROM ready_times WHERE at < ?').run(at - READY_WINDOW_MS);
      });
    },

    async dayStats(day): Promise<DayStats> {
      open();
      const row = sql('SELECT counter, wait_sum_ms, wait_count FROM days WHERE day = ?').get(day) as
        | { counter: number; wait_sum_ms: number; wait_count: number }
        | undefined;
      return { ordersToday: row?.counter ?? 0, waitSumMs: row?.wait_sum_ms ?? 0, waitCount: row?.wait_count ?? 0 };
    },

    async readyCountSince(since) {
      open();
      return (sql('SELECT count(*) AS n FROM ready_times WHERE at >= ?').get(since) as { n: number }).n;
    },

    async addPrepSample(menuItemId, ratio) {
      open();
      write(() => {
        sql('INSERT INTO prep_samples (menu_item_id, ratio) VALUES (?, ?)').run(menuItemId, ratio);
        sql(
          `DELETE FROM prep_samples WHERE menu_item_id = ? AND id NOT IN
             (SELECT id FROM prep_samples WHERE menu_item_id = ? ORDER BY id DESC LIMIT ?)`,
        ).run(menuItemId, menuItemId, PREP_SAMPLES_KEPT);
      });
    },

    async prepSamples() {
      open();
      const rows = sql('SELECT menu_item_id, ratio FROM prep_samples ORDER BY id').all() as { menu_item_id: string; ratio: number }[];
      const samples = new Map<string, number[]>();
      for (const row of rows) {
        const list = samples.get(row.menu_item_id) ?? [];
        list.push(row.ratio);
        samples.set(row.menu_item_id, list);
      }
      return samples;
    },

    async appendStream(message) {
      open();
      const at = now();
      const stored = write((): StreamMessage => {
        const { last: seq } = sql('UPDATE stream_seq SET last = last + 1 WHERE id = 1 RETURNING last').get() as { last: number };
        sql('INSERT INTO stream (seq, message, appended_at) VALUES (?, ?, ?)').run(seq, JSON.stringify(message), at);
        // The new message is never older than the cutoff, so the stream is never emptied.
        sql('DELETE FROM stream WHERE appended_at < ? AND seq < ?').run(at - retentionMs, seq);
        return { ...structuredClone(message), seq };
      });
      tail.emit(stored);
      return structuredClone(stored);
    },

    async readStreamSince(since): Promise<ReplayResult> {
      open();
      const after = Number.isFinite(since) ? Math.max(0, Math.floor(since)) : 0;
      const last = lastSeq();
      if (after === last) return { kind: 'replay', messages: [] };
      // A number this stream never gave out comes from an earlier life of it.
      if (after > last) return { kind: 'too_old' };
      const first = sql('SELECT min(seq) AS seq FROM stream').get() as { seq: number | null };
      if (first.seq === null || first.seq > after + 1) return { kind: 'too_old' };
      const rows = sql('SELECT seq, message FROM stream WHERE seq > ? ORDER BY seq').all(after) as { seq: number; message: string }[];
      return { kind: 'replay', messages: rows.map(rowToMessage) };
    },

    async lastSeq() {
      open();
      return lastSeq();
    },

    async tailStream(listener) {
      open();
      return tail.subscribe(listener);
    },

    async ping() {
      open();
      sql('SELECT 1').get();
    },

    async close() {
      if (closed) return;
      closed = true;
      tail.close();
      if (db.open) db.close();
    },
  };
}
