import { isActive, type QueueEntry, STATUS_RANK } from '../domain/queue-entry.ts';
import {
  DAY_KEEP_MS,
  DEFAULT_STREAM_RETENTION_MS,
  PREP_SAMPLES_KEPT,
  READY_WINDOW_MS,
  SEEN_EVENT_KEEP_MS,
} from './queue-store.limits.ts';
import { createLocalTail } from './local-tail.ts';
import type { DayStats, QueueStore, ReplayResult, StreamMessage } from './queue.store.ts';

export interface MemoryQueueStoreOptions {
  /** How long stream messages are kept for replay; defaults to 3 hours. */
  retentionMs?: number;
  /** Epoch milliseconds; injected so tests can move time (retention, windows). */
  now?: () => number;
  /** Told about a tail listener that threw; the stream goes on. Defaults to ignoring it. */
  onError?: (err: unknown) => void;
}

interface Day {
  counter: number;
  numbers: Map<number, number>;
  waitSumMs: number;
  waitCount: number;
  touchedAt: number;
}

interface Kept {
  message: StreamMessage;
  /** The store's clock at append: retention counts from here, not from the caller's `at`. */
  appendedAt: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The queue store of a single process (all-in-one mode): the same semantics as the Redis
 * adapter, with the same retention bounds. Every method runs to completion without awaiting,
 * so the event loop makes each one atomic. State is lost on restart, as the design allows.
 */
export function createMemoryQueueStore(options: MemoryQueueStoreOptions = {}): QueueStore {
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_STREAM_RETENTION_MS;
  const onError = options.onError ?? (() => {});

  const days = new Map<string, Day>();
  const entries = new Map<number, QueueEntry>();
  const seenUntil = new Map<string, number>();
  let readyTimes: number[] = [];
  const prep = new Map<string, number[]>();
  const stream: Kept[] = [];
  let seq = 0;
  const tail = createLocalTail(onError);
  let lastPrune = 0;
  let closed = false;

  const open = () => {
    if (closed) throw new Error('the queue store is closed');
  };

  /** Forgets days, seen events and the like that outlived their keep time, now and then. */
  const prune = (at: number) => {
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    for (const [day, state] of days) if (state.touchedAt < at - DAY_KEEP_MS) days.delete(day);
    for (const [key, until] of seenUntil) if (until <= at) seenUntil.delete(key);
  };

  const seenKey = (consumer: string, eventId: string) => `${consumer}\u0000${eventId}`;
  const seen = (consumer: string, eventId: string, at: number) => (seenUntil.get(seenKey(consumer, eventId)) ?? 0) > at;

  const touchDay = (day: string): Day => {
    const at = now();
    prune(at);
    let state = days.get(day);
    if (!state) {
      state = { counter: 0, numbers: new Map(), waitSumMs: 0, waitCount: 0, touchedAt: at };
      days.set(day, state);
    }
    state.touchedAt = at;
    return state;
  };

  return {
    async assignNumber(orderId, day, given) {
      open();
      const state = touchDay(day);
      if (given !== undefined) {
        state.numbers.set(orderId, given);
        state.counter = Math.max(state.counter, given);
        return given;
      }
      let number = state.numbers.get(orderId);
      if (number === undefined) {
        number = ++state.counter;
        state.numbers.set(orderId, number);
      }
      return number;
    },

    async saveEntry(entry) {
      open();
      const stored = entries.get(entry.orderId);
      if (stored && STATUS_RANK[stored.status] > STATUS_RANK[entry.status]) return false;
      entries.set(entry.orderId, structuredClone(entry));
      return true;
    },

    async getEntry(orderId) {
      open();
      const entry = entries.get(orderId);
      return entry && structuredClone(entry);
    },

    async listActive() {
      open();
      return [...entries.values()]
        .filter(isActive)
        .sort((a, b) => a.orderId - b.orderId)
        .map((entry) => structuredClone(entry));
    },

    async removeEntry(orderId) {
      open();
      return entries.delete(orderId);
    },

    async recordOnce(consumer, eventId) {
      open();
      const at = now();
      prune(at);
      if (seen(consumer, eventId, at)) return false;
      seenUntil.set(seenKey(consumer, eventId), at + SEEN_EVENT_KEEP_MS);
      return true;
    },

    async isRecorded(consumer, eventId) {
      open();
      return seen(consumer, eventId, now());
    },

    async recordWait(day, waitMs, readyAt) {
      open();
      const state = touchDay(day);
      state.waitSumMs += Math.round(waitMs);
      state.waitCount += 1;
      const cutoff = now() - READY_WINDOW_MS;
      readyTimes.push(readyAt);
      readyTimes = readyTimes.filter((time) => time >= cutoff);
    },

    async dayStats(day): Promise<DayStats> {
      open();
      const state = days.get(day);
      return { ordersToday: state?.counter ?? 0, waitSumMs: state?.waitSumMs ?? 0, waitCount: state?.waitCount ?? 0 };
    },

    async readyCountSince(since) {
      open();
      return readyTimes.filter((time) => time >= since).length;
    },

    async addPrepSample(menuItemId, ratio) {
      open();
      const samples = prep.get(menuItemId) ?? [];
      samples.push(ratio);
      if (samples.length > PREP_SAMPLES_KEPT) samples.splice(0, samples.length - PREP_SAMPLES_KEPT);
      prep.set(menuItemId, samples);
    },

    async prepSamples() {
      open();
      return new Map([...prep].map(([id, samples]) => [id, [...samples]]));
    },

    async appendStream(message) {
      open();
      const at = now();
      const stored: StreamMessage = { ...structuredClone(message), seq: ++seq };
      stream.push({ message: stored, appendedAt: at });
      // The new message is never older than the cutoff, so the stream is never emptied.
      const firstKept = stream.findIndex((kept) => kept.appendedAt >= at - retentionMs);
      if (firstKept > 0) stream.splice(0, firstKept);
      tail.emit(stored);
      return structuredClone(stored);
    },

    async readStreamSince(since): Promise<ReplayResult> {
      open();
      const after = Number.isFinite(since) ? Math.max(0, Math.floor(since)) : 0;
      if (after === seq) return { kind: 'replay', messages: [] };
      // A number this stream never gave out comes from an earlier life of it.
      if (after > seq) return { kind: 'too_old' };
      const first = stream[0];
      if (!first || first.message.seq > after + 1) return { kind: 'too_old' };
      // Sequence numbers are contiguous in memory, so the position follows from the first one.
      const messages = stream.slice(after + 1 - first.message.seq).map((kept) => structuredClone(kept.message));
      return { kind: 'replay', messages };
    },

    async lastSeq() {
      open();
      return seq;
    },

    async tailStream(listener) {
      open();
      return tail.subscribe(listener);
    },

    async ping() {
      open();
    },

    async close() {
      closed = true;
      tail.close();
    },
  };
}
