import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import type { NewOrder, NewOrderLine, OrderRecord } from '../../src/domain/order.ts';
import type { OrderEvents, OrderStore } from '../../src/store/order.store.ts';

export interface OpenOptions {
  /** A clock for the store, so lease and retry times can be passed without waiting. */
  now?: () => Date;
}

export interface OpenedOrderStore {
  store: OrderStore;
  /**
   * Another store (another pool or handle, like a second replica) on the same database, where
   * the adapter can have one; closed by cleanup.
   */
  another?: () => OrderStore;
  /** Closes the stores and throws the database away. */
  cleanup: () => Promise<void>;
}

/** Returns a store over a fresh, empty, not yet migrated database. */
export type OpenOrderStore = (options?: OpenOptions) => Promise<OpenedOrderStore>;

let seq = 0;
/** A token no other test (or earlier run against the same database) uses. */
export const uniqueTag = (): string => `t${++seq}x${randomBytes(4).toString('hex')}`;
/** A user id no other test uses, so a test can list "its" orders in a shared database. */
export const uniqueUserId = (): number => randomInt(1, 2 ** 47);

export const newLine = (overrides: Partial<NewOrderLine> = {}): NewOrderLine => ({
  menuItemId: randomBytes(12).toString('hex'),
  itemName: 'Masala Dosa',
  quantity: 2,
  unitPriceMinor: 8_000,
  specialInstructions: null,
  options: [],
  station: 'grill',
  preparationTime: 8,
  ...overrides,
});

/** Times with milliseconds, as stores must keep them; a fixed base keeps ordering explicit. */
export const at = (offsetMs = 0): Date => new Date(Date.UTC(2025, 0, 15, 12, 30, 0, 123) + offsetMs);

export const newOrder = (overrides: Partial<NewOrder> = {}): NewOrder => ({
  userId: uniqueUserId(),
  status: 'placed',
  totalMinor: 16_000,
  currency: 'INR',
  paymentId: null,
  paymentMethod: 'upi',
  paymentStatus: 'pending',
  refundedMinor: 0,
  queueNumber: null,
  specialInstructions: null,
  cancelReason: null,
  createdAt: at(),
  updatedAt: at(),
  items: [newLine()],
  ...overrides,
});

/**
 * An `events` callback that records what it was shown and makes one event per call, tagged so
 * a test finds its own rows in a shared outbox. (A store may call it more than once when it
 * retries a transaction; only the committed call's event reaches the outbox.)
 */
export function eventRecorder(tag = uniqueTag()) {
  const calls: { before: OrderRecord | undefined; after: OrderRecord }[] = [];
  const made: NewOutboxEvent[] = [];
  const events: OrderEvents = (before, after) => {
    calls.push({ before: structuredClone(before), after: structuredClone(after) });
    const event: NewOutboxEvent = {
      eventId: randomUUID(),
      routingKey: before === undefined ? 'order.created' : `order.${after.status}`,
      payload: {
        event_type: before === undefined ? 'order.created' : `order.${after.status}`,
        order_id: after.id,
        user_id: after.userId,
        old_status: before?.status ?? null,
        new_status: after.status,
        total_amount: after.totalMinor / 100,
        queue_number: after.queueNumber,
        items: after.items.map((line) => ({ name: line.itemName, quantity: line.quantity })),
        tag,
      },
      headers: { 'x-test-tag': tag },
    };
    made.push(event);
    return [event];
  };
  return { tag, events, calls, made };
}

export const noEvents: OrderEvents = () => [];

/**
 * Claims everything due and marks it sent, returning what was claimed: in a shared database a
 * test drains the outbox right after its writes and picks out its own rows by tag.
 */
export async function drainOutbox(store: OrderStore): Promise<OutboxRecord[]> {
  const claimed: OutboxRecord[] = [];
  for (;;) {
    const batch = await store.claimBatch(500);
    if (batch.length === 0) return claimed;
    claimed.push(...batch);
    await store.markSent(batch.map((record) => record.eventId));
  }
}

export const tagged = (records: OutboxRecord[], tag: string): OutboxRecord[] =>
  records.filter((record) => record.headers?.['x-test-tag'] === tag);
