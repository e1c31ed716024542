import { randomInt } from 'node:crypto';
import { vi } from 'vitest';
import type { QueueEntry } from '../../src/domain/queue-entry.ts';
import type { QueueStore, StreamMessage } from '../../src/store/queue.store.ts';

export interface OpenOptions {
  /** A clock for the store, so retention and time windows can be passed without waiting. */
  now?: () => number;
  retentionMs?: number;
}

export interface OpenedQueueStore {
  store: QueueStore;
  /**
   * Another store on the same data (another connection, like a second replica of the service)
   * with the same options, where the adapter can have one; closed by cleanup.
   */
  another?: () => Promise<QueueStore>;
  /** Closes the stores and throws their data away. */
  cleanup: () => Promise<void>;
}

/** Returns a store over fresh, empty data. */
export type OpenQueueStore = (options?: OpenOptions) => Promise<OpenedQueueStore>;

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const DAY = '2025-01-15';
export const NEXT_DAY = '2025-01-16';

/** A clock that only moves when told to. */
export function manualClock(start = T0) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

export const uniqueOrderId = (): number => randomInt(1, 2 ** 47);

export const newEntry = (overrides: Partial<QueueEntry> = {}): QueueEntry => ({
  orderId: uniqueOrderId(),
  userId: 7,
  queueNumber: 1,
  day: DAY,
  status: 'waiting',
  priority: 0,
  confirmedAt: T0,
  preparingAt: null,
  readyAt: null,
  completedAt: null,
  lines: [
    { menuItemId: 'dosa', itemName: 'Masala Dosa', quantity: 2, station: 'grill', preparationTime: 8 },
    { menuItemId: 'chai', itemName: 'Chai', quantity: 1, station: 'drinks', preparationTime: 2 },
  ],
  ...overrides,
});

/** The n-th message of a test, each one different so order and content can be checked. */
export const newMessage = (n: number, overrides: Partial<Omit<StreamMessage, 'seq'>> = {}): Omit<StreamMessage, 'seq'> => ({
  type: 'status_update',
  orderId: 1000 + n,
  userId: 7,
  queueNumber: n,
  status: 'preparing',
  data: { order_id: 1000 + n, queue_number: n, status: 'preparing', position: n, eta: { minutes: 4.5 } },
  at: T0 + n,
  ...overrides,
});

export const removalMessage = (n: number): Omit<StreamMessage, 'seq'> => ({
  type: 'queue_removed',
  orderId: 1000 + n,
  userId: 7,
  queueNumber: n,
  data: { order_id: 1000 + n },
  at: T0 + n,
});

/** Appends messages one after the other, returning them as stored. */
export async function appendAll(store: QueueStore, messages: Omit<StreamMessage, 'seq'>[]): Promise<StreamMessage[]> {
  const stored: StreamMessage[] = [];
  for (const message of messages) stored.push(await store.appendStream(message));
  return stored;
}

/** Waits (without asserting on how long) until `check` stops throwing. */
export const eventually = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 20 });
