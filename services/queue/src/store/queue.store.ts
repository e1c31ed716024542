import type { QueueEntry } from '../domain/queue-entry.ts';

/** A message of the real-time stream as stored for replay. */
export interface StreamMessage {
  seq: number;
  /** The original message types; staff receive `{type, seq, data}` as stored. */
  type: 'queue_update' | 'status_update' | 'queue_removed';
  orderId: number;
  userId: number;
  queueNumber: number;
  /** Queue status after the change; absent for a removal. */
  status?: string;
  /** The full message's `data` (a QueueItem, or `{order_id}` for a removal). */
  data: unknown;
  at: number;
}

export type ReplayResult =
  | { kind: 'replay'; messages: StreamMessage[] }
  /** `since` is older than what is kept (or from another stream's life): send a snapshot. */
  | { kind: 'too_old' };

export interface DayStats {
  /** Numbers given out today. */
  ordersToday: number;
  /** Sum and count of confirmation → ready waits (ms) finished today. */
  waitSumMs: number;
  waitCount: number;
}

/**
 * The queue service's store port. Every adapter (Redis, SQLite on disk, in-memory) passes
 * `test/store/queue-store.contract.ts`. Several instances of the service share one Redis, so
 * every operation here is safe under concurrency (atomic scripts or transactions).
 */
export interface QueueStore {
  /**
   * The order's number for `day`, given once: the first call takes the next number of that
   * day (1, 2, 3, …), later calls for the same order return the same number. With `given` (the
   * number the orders service recorded with the order, which is the source of truth) that
   * number is the order's, and the day's count covers it, so `ordersToday` stays right.
   */
  assignNumber(orderId: number, day: string, given?: number): Promise<number>;
  /**
   * Saves the entry, unless the stored one is further along (a higher status rank): with
   * several instances, a late writer cannot put an order back. Resolves to whether it saved.
   */
  saveEntry(entry: QueueEntry): Promise<boolean>;
  getEntry(orderId: number): Promise<QueueEntry | undefined>;
  /** Active entries (not completed), any order. */
  listActive(): Promise<QueueEntry[]>;
  /** Gone from the queue (completed long ago, cancelled, or removed by staff). */
  removeEntry(orderId: number): Promise<boolean>;

  /** True the first time (consumer, eventId) is seen; kept for days. */
  recordOnce(consumer: string, eventId: string): Promise<boolean>;
  /** Whether (consumer, eventId) was recorded, without recording it. */
  isRecorded(consumer: string, eventId: string): Promise<boolean>;

  /** Records a finished wait (confirmation → ready) for `day`'s statistics. */
  recordWait(day: string, waitMs: number, readyAt: number): Promise<void>;
  dayStats(day: string): Promise<DayStats>;
  /** Orders made ready since `since` (epoch ms). */
  readyCountSince(since: number): Promise<number>;

  /** Learned prep-time ratios (observed / nominal) per menu item, newest last, bounded. */
  addPrepSample(menuItemId: string, ratio: number): Promise<void>;
  prepSamples(): Promise<Map<string, number[]>>;

  /**
   * Appends a message to the real-time stream and gives it the next sequence number
   * (increasing across every instance). Kept at least `retentionMs`.
   */
  appendStream(message: Omit<StreamMessage, 'seq'>): Promise<StreamMessage>;
  /** Messages with seq > since, oldest first, or `too_old` when some of them are gone. */
  readStreamSince(since: number): Promise<ReplayResult>;
  /** The last sequence number given out (0 when none). */
  lastSeq(): Promise<number>;
  /**
   * Calls `listener` with every message appended from now on, by any instance, in order —
   * how several instances deliver every update to every client. Returns an unsubscribe.
   */
  tailStream(listener: (message: StreamMessage) => void): Promise<() => Promise<void>>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
