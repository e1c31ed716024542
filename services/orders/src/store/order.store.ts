import type { OrderStatus } from '@canteen/contracts';
import type { NewOutboxEvent, OutboxStore } from '@canteen/service-kit';
import type { NewOrder, OrderRecord } from '../domain/order.ts';
import type { OrderAnalyticsStore } from './order-analytics.store.ts';

export interface OrderFilter {
  userId?: number;
  statuses?: readonly OrderStatus[];
  queueNumber?: number;
  /**
   * Only orders with a higher id, oldest (lowest id) first instead of newest first: a cursor
   * to page through a large set without gaps or repeats while orders are added.
   */
  afterId?: number;
  limit: number;
  offset: number;
}

/**
 * Who moved an order: a signed-in person (id and role from their token), or `system` for what
 * events and reconciliation do (a payment that succeeded, failed or was refunded).
 */
export interface StatusActor {
  userId: number | null;
  role: 'CUSTOMER' | 'STAFF' | 'ADMIN' | 'system';
}
export const SYSTEM_ACTOR: StatusActor = Object.freeze({ userId: null, role: 'system' });

/** One line of an order's status history: written in the transaction that changed the status. */
export interface StatusChange {
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actor: StatusActor;
  /** The cancel reason, for a move to cancelled. */
  reason: string | null;
  at: Date;
}

/**
 * The events of a change, computed inside its transaction from the record before and after.
 * An order that takes its queue number in this write may show a stand-in for it (the MySQL
 * store gives the number in the commit's own round trip, see mysql.queue-numbers.ts): the store
 * writes the real number wherever the stand-in appears in the events, and returns it.
 */
export type OrderEvents = (before: OrderRecord | undefined, after: OrderRecord) => NewOutboxEvent[];

/**
 * `change` gets the current order (read under a row lock) and returns the new one, or
 * `undefined` for "nothing to do" (a late or repeated event), or throws to refuse.
 */
export type OrderChange = (current: OrderRecord) => OrderRecord | undefined;

export interface OrderUpdate {
  before: OrderRecord;
  after: OrderRecord;
  changed: boolean;
}

/** The arguments of one `updateOrderOnce` call (adapters group the calls of a turn). */
export interface EventUpdate {
  consumer: string;
  eventId: string;
  id: number;
  change: OrderChange;
  events: OrderEvents;
}

export type EventUpdateResult = OrderUpdate | 'duplicate' | undefined;

export interface IdempotencyKey {
  userId: number;
  /** What the key guards, e.g. `POST /api/orders` or `DELETE /api/orders/42`. */
  scope: string;
  key: string;
}

/** The result an idempotency key keeps, stored with the write that produced it. */
export interface IdempotencyFinish {
  key: IdempotencyKey;
  /** The first result, from the saved order: what every retry with the key gets back. */
  result: (saved: OrderRecord) => { status: number; body: unknown };
  at: Date;
  /**
   * Set when the key was not claimed yet: the write claims it first, in the same round trip
   * (as `beginIdempotent` would, committed before the order's transaction on MySQL so a
   * concurrent request sees it running). A key that exists already fails the write with
   * `IdempotencyKeyTaken` and changes nothing; the caller then takes the usual way.
   */
  claim?: { requestHash: string };
}

/** The key to claim in a write already exists (a retry, a race, a stale claim): nothing was written. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('the idempotency key is already claimed');
    this.name = 'IdempotencyKeyTaken';
  }
}

export type IdempotencyBegin =
  | { state: 'new' }
  /** The first request with this key is still being handled. */
  | { state: 'running' }
  | { state: 'done'; status: number; body: unknown }
  /** Same key, other request body. */
  | { state: 'mismatch' };

/**
 * The orders service's store port. Every adapter (MySQL/MariaDB, embedded SQLite) passes
 * `test/store/order-store.contract.ts`. Each write takes its events and stores them in the
 * outbox in the same transaction.
 */
export interface OrderStore extends OutboxStore, OrderAnalyticsStore {
  migrate(): Promise<void>;

  /**
   * With `finish`, the claimed idempotency key is finished in the order's own transaction: the
   * order and the answer its retries get are written together (and one write fewer).
   */
  createOrder(order: NewOrder, events: OrderEvents, finish?: IdempotencyFinish, actor?: StatusActor): Promise<OrderRecord>;
  getOrder(id: number): Promise<OrderRecord | undefined>;
  /** Newest first (lowest id first with `afterId`). */
  listOrders(filter: OrderFilter): Promise<OrderRecord[]>;
  /**
   * Undefined when there is no such order. A change of status is recorded in the order's
   * history with `actor` (default: system), in the same transaction.
   */
  updateOrder(id: number, change: OrderChange, events: OrderEvents, actor?: StatusActor): Promise<OrderUpdate | undefined>;
  /**
   * `updateOrder`, at most once per (consumer, eventId): the inbox row is written in the same
   * transaction, so a redelivered event finds it and changes nothing (`duplicate`). Calls made
   * at once may share a transaction; each gets its own answer, and calls for one order apply
   * in the order they were made. Status changes are recorded as the system's (events drive them).
   */
  updateOrderOnce(
    consumer: string,
    eventId: string,
    id: number,
    change: OrderChange,
    events: OrderEvents,
  ): Promise<EventUpdateResult>;

  /**
   * Claims an idempotency key for a request whose body hashes to `requestHash`. A `running`
   * claim older than `staleAfterMs` (its request died) may be taken over as `new`.
   */
  beginIdempotent(key: IdempotencyKey, requestHash: string, now: Date, staleAfterMs: number): Promise<IdempotencyBegin>;
  /** Stores the first result, returned to every retry with the same key. */
  finishIdempotent(key: IdempotencyKey, status: number, body: unknown, now: Date): Promise<void>;
  /** Releases a claim whose request failed on our side, so a retry may run it again. */
  abandonIdempotent(key: IdempotencyKey): Promise<void>;
  /**
   * Forgets keys finished before `before` (kept at least 48 h), and claims started before it
   * whose request died and was never retried.
   */
  sweepIdempotency(before: Date): Promise<number>;

  /** Every status the order had, oldest first, with when and who; empty for no such order. */
  statusHistory(orderId: number): Promise<StatusChange[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
