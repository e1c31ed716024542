import { randomUUID } from 'node:crypto';
import { type ChainableCommander, Redis, type RedisOptions } from 'ioredis';
import { isActive, STATUS_RANK, type QueueEntry } from '../domain/queue-entry.ts';
import {
  DAY_KEEP_MS,
  DEFAULT_STREAM_RETENTION_MS,
  PREP_SAMPLES_KEPT,
  READY_WINDOW_MS,
  SEEN_EVENT_KEEP_MS,
} from './queue-store.limits.ts';
import { defineQueueScripts } from './redis.queue-scripts.ts';
import { messageFromEntry, runTail, seqOfId } from './redis.queue-tail.ts';
import type { DayStats, QueueStore, ReplayResult } from './queue.store.ts';

export interface RedisQueueStoreOptions {
  /** Every key starts with it (default `queue:`), so deployments and tests can share a Redis. */
  keyPrefix?: string;
  /** How long stream messages are kept for replay; defaults to 3 hours. */
  retentionMs?: number;
  /** Epoch milliseconds; injected so tests can move time (retention, windows). */
  now?: () => number;
  /** CLIENT SETNAME of this store's connections (tails get `<name>:tail`); helps operators and tests. */
  connectionName?: string;
  /**
   * Told about connection errors (ioredis reconnects by itself), failed tail reads and tail
   * listeners that threw. Defaults to ignoring them.
   */
  onError?: (err: unknown) => void;
}

const HMGET_CHUNK = 1_000;

/** The keys under one prefix; a day is `YYYY-MM-DD`. */
const keysFor = (prefix: string) => ({
  dayCounter: (day: string) => `${prefix}day:${day}:counter`,
  dayNumbers: (day: string) => `${prefix}day:${day}:numbers`,
  dayStats: (day: string) => `${prefix}day:${day}:stats`,
  /** Hash order id → entry JSON, and the set of ids of active ones. */
  entries: `${prefix}entries`,
  active: `${prefix}active`,
  seen: (consumer: string, eventId: string) => `${prefix}seen:${consumer}:${eventId}`,
  /** Sorted set of ready times (score) of the last READY_WINDOW_MS. */
  ready: `${prefix}ready`,
  prepItems: `${prefix}prep:items`,
  prepSamples: (menuItemId: string) => `${prefix}prep:item:${menuItemId}`,
  seq: `${prefix}stream:seq`,
  stream: `${prefix}stream`,
});

/** Runs a MULTI (or a pipeline) and returns its replies, throwing the first command error. */
async function exec(batch: ChainableCommander): Promise<unknown[]> {
  const replies = await batch.exec();
  if (!replies) throw new Error('Redis transaction was aborted');
  return replies.map(([err, reply]) => {
    if (err) throw err;
    return reply;
  });
}

const redact = (url: string) => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
};

/**
 * The queue store on Redis, shared by every instance of the queue service. Multi-key changes
 * run in MULTI transactions or Lua scripts; numbering and stream sequencing are scripts, so
 * they stay exact under concurrency. The real-time stream is a Redis Stream whose entry ids
 * are the sequence numbers; tails read it with XREAD BLOCK on connections of their own.
 */
export async function createRedisQueueStore(url: string, options: RedisQueueStoreOptions = {}): Promise<QueueStore> {
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_STREAM_RETENTION_MS;
  const onError = options.onError ?? (() => {});
  const name = options.connectionName ?? `queue-store-${randomUUID().slice(0, 8)}`;
  const keys = keysFor(options.keyPrefix ?? 'queue:');

  /** A connected client; ioredis reconnects it by itself after a failure. */
  const connect = async (connectionName: string, extra: RedisOptions = {}): Promise<Redis> => {
    const conn = new Redis(url, { lazyConnect: true, connectionName, keepAlive: 10_000, ...extra });
    conn.on('error', onError);
    try {
      await conn.connect();
    } catch (err) {
      conn.disconnect();
      throw new Error(`Redis at ${redact(url)} is not reachable: ${(err as Error).message}`, { cause: err });
    }
    return conn;
  };

  // Auto-pipelining: the commands of the events handled side by side in one turn of the event
  // loop go out in one write (a loopback write costs more CPU here than the command).
  const redis = defineQueueScripts(await connect(name, { enableAutoPipelining: true }));
  const tails = new Set<() => Promise<void>>();
  let closed = false;

  // The highest seq this store has seen (appended, read or tailed): new ones go above it even
  // if Redis lost the stream under us (see APPEND_STREAM).
  let highestSeq = 0;
  const seen = (seq: number) => {
    if (seq > highestSeq) highestSeq = seq;
    return seq;
  };
  const lastSeq = async () => seen(Number((await redis.get(keys.seq)) ?? 0));

  return {
    async assignNumber(orderId, day, given) {
      const keepSeconds = Math.ceil(DAY_KEEP_MS / 1000);
      return Number(await redis.assignQueueNumber(keys.dayNumbers(day), keys.dayCounter(day), orderId, keepSeconds, given ?? ''));
    },

    async saveEntry(entry) {
      const saved = await redis.saveQueueEntry(
        keys.entries,
        keys.active,
        entry.orderId,
        JSON.stringify(entry),
        STATUS_RANK[entry.status],
        isActive(entry) ? '1' : '0',
      );
      return saved === 1;
    },

    async getEntry(orderId) {
      const json = await redis.hget(keys.entries, String(orderId));
      return json === null ? undefined : (JSON.parse(json) as QueueEntry);
    },

    async listActive() {
      const ids = await redis.smembers(keys.active);
      const found: QueueEntry[] = [];
      for (let i = 0; i < ids.length; i += HMGET_CHUNK) {
        const jsons = await redis.hmget(keys.entries, ...ids.slice(i, i + HMGET_CHUNK));
        // Between the two reads an entry may have been removed or completed by another instance.
        for (const json of jsons) if (json !== null) found.push(JSON.parse(json) as QueueEntry);
      }
      return found.filter(isActive).sort((a, b) => a.orderId - b.orderId);
    },

    async removeEntry(orderId) {
      const id = String(orderId);
      const [removed] = await exec(redis.multi().hdel(keys.entries, id).srem(keys.active, id));
      return removed === 1;
    },

    async recordOnce(consumer, eventId) {
      const keepSeconds = Math.ceil(SEEN_EVENT_KEEP_MS / 1000);
      return (await redis.set(keys.seen(consumer, eventId), '1', 'EX', keepSeconds, 'NX')) === 'OK';
    },

    async isRecorded(consumer, eventId) {
      return (await redis.exists(keys.seen(consumer, eventId))) === 1;
    },

    async recordWait(day, waitMs, readyAt) {
      const stats = keys.dayStats(day);
      const cutoff = now() - READY_WINDOW_MS;
      await exec(
        redis
          .multi()
          .hincrby(stats, 'waitSumMs', Math.round(waitMs))
          .hincrby(stats, 'waitCount', 1)
          .pexpire(stats, DAY_KEEP_MS)
          // Members must be unique: two orders can be ready in the same millisecond.
          .zadd(keys.ready, readyAt, `${readyAt}:${randomUUID()}`)
          .zremrangebyscore(keys.ready, '-inf', `(${cutoff}`),
      );
    },

    async dayStats(day): Promise<DayStats> {
      const [counter, stats] = await exec(
        redis.multi().get(keys.dayCounter(day)).hmget(keys.dayStats(day), 'waitSumMs', 'waitCount'),
      );
      const [waitSumMs, waitCount] = stats as (string | null)[];
      return { ordersToday: Number(counter ?? 0), waitSumMs: Number(waitSumMs ?? 0), waitCount: Number(waitCount ?? 0) };
    },

    async readyCountSince(since) {
      return redis.zcount(keys.ready, since, '+inf');
    },

    async addPrepSample(menuItemId, ratio) {
      const list = keys.prepSamples(menuItemId);
      await exec(
        redis
          .multi()
          .rpush(list, String(ratio))
          .ltrim(list, -PREP_SAMPLES_KEPT, -1)
          .sadd(keys.prepItems, menuItemId),
      );
    },

    async prepSamples() {
      const ids = await redis.smembers(keys.prepItems);
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.lrange(keys.prepSamples(id), 0, -1);
      const lists = ids.length === 0 ? [] : await exec(pipeline);
      const samples = new Map<string, number[]>();
      ids.forEach((id, i) => {
        const list = lists[i] as string[];
        if (list.length > 0) samples.set(id, list.map(Number));
      });
      return samples;
    },

    async appendStream(message) {
      const at = now();
      const seq = Number(await redis.appendQueueStream(keys.seq, keys.stream, JSON.stringify(message), at, at - retentionMs, highestSeq));
      return { ...message, seq: seen(seq) };
    },

    async readStreamSince(since): Promise<ReplayResult> {
      const after = Number.isFinite(since) ? Math.max(0, Math.floor(since)) : 0;
      const [last, entries] = await exec(redis.multi().get(keys.seq).xrange(keys.stream, `${after + 1}-0`, '+'));
      const lastSeq = seen(Number(last ?? 0));
      if (after === lastSeq) return { kind: 'replay', messages: [] };
      // A number this stream never gave out comes from an earlier life of it.
      if (after > lastSeq) return { kind: 'too_old' };
      const kept = entries as [string, string[]][];
      const first = kept[0];
      if (!first || seqOfId(first[0]) !== after + 1) return { kind: 'too_old' };
      return { kind: 'replay', messages: kept.map(([id, fields]) => messageFromEntry(id, fields)) };
    },

    lastSeq,

    async tailStream(listener) {
      // A blocked XREAD holds its connection; offline reads wait for Redis however long it takes.
      const conn = await connect(`${name}:tail`, { maxRetriesPerRequest: null });
      let from: number;
      try {
        // Read on the main connection after the tail connected: everything appended once this
        // resolves has a higher seq, so "from now on" holds.
        from = await lastSeq();
      } catch (err) {
        conn.disconnect();
        throw err;
      }
      const stop = runTail(
        conn,
        keys.stream,
        from,
        (message) => {
          seen(message.seq);
          listener(message);
        },
        onError,
      );
      const unsubscribe = async () => {
        tails.delete(unsubscribe);
        await stop();
      };
      tails.add(unsubscribe);
      return unsubscribe;
    },

    async ping() {
      await redis.ping();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...tails].map((unsubscribe) => unsubscribe()));
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
