import type { OrderPaymentStatus, OrderStatus, PaymentMethod } from '@canteen/contracts';
import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import { cloneRecord } from './clone-record.ts';
import type { NewOrder, OrderLineOptionRecord, OrderLineRecord, OrderRecord } from '../domain/order.ts';
import type { IdempotencyBegin } from './order.store.ts';

/**
 * What the SQL adapters share: row shapes and their mapping to records, the outbox rules and
 * the idempotency decision. Only the date representation differs (`D`: a Date from MySQL,
 * epoch milliseconds in SQLite).
 */

/** How long a claimed outbox row stays with its relay; a crashed relay's rows come back after it. */
export const OUTBOX_LEASE_MS = 60_000;
/** The canteen's time zone when a store is given none (the services' TIMEZONE default). */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';
/** Sent outbox rows are kept this long for operators, then pruned. */
export const OUTBOX_KEEP_SENT_MS = 86_400_000;
/** How often markSent also prunes old sent rows (not on every call). */
export const PRUNE_EVERY_MS = 10 * 60_000;

export const ORDER_COLUMNS =
  'id, user_id, status, total_minor, currency, payment_id, payment_method, payment_status, refunded_minor, ' +
  'queue_number, special_instructions, cancel_reason, created_at, updated_at';
/** The writable columns, in the order of `orderValues`. */
export const ORDER_WRITE_COLUMNS = [
  'user_id',
  'status',
  'total_minor',
  'currency',
  'payment_id',
  'payment_method',
  'payment_status',
  'refunded_minor',
  'queue_number',
  'special_instructions',
  'cancel_reason',
  'created_at',
  'updated_at',
] as const;
/**
 * When an order first reached each state, for the analytics (wait, ETA error): a change writes
 * the time of the state it moves to, and never overwrites one already kept.
 */
export const STATUS_TIME_COLUMNS = [
  ['confirmed', 'confirmed_at'],
  ['preparing', 'preparing_at'],
  ['ready', 'ready_at'],
  ['completed', 'completed_at'],
  ['cancelled', 'cancelled_at'],
] as const;
/** Writes every column of an order and the time of its new state (values: `orderUpdateValues`, then its id). */
export const ORDER_UPDATE_SQL =
  `UPDATE orders SET ${ORDER_WRITE_COLUMNS.map((column) => `${column} = ?`).join(', ')}, ` +
  `${STATUS_TIME_COLUMNS.map(([, column]) => `${column} = COALESCE(${column}, ?)`).join(', ')} WHERE id = ?`;

export const ITEM_COLUMNS =
  'id, order_id, position, menu_item_id, item_name, quantity, unit_price_minor, special_instructions, options, station, preparation_time';
export const ITEM_WRITE_COLUMNS = [
  'order_id',
  'position',
  'menu_item_id',
  'item_name',
  'quantity',
  'unit_price_minor',
  'special_instructions',
  'options',
  'station',
  'preparation_time',
] as const;

export interface OrderRow<D> {
  id: number | string;
  user_id: number | string;
  status: string;
  total_minor: number | string;
  currency: string;
  payment_id: string | null;
  payment_method: string;
  payment_status: string;
  refunded_minor: number | string;
  queue_number: number | null;
  special_instructions: string | null;
  cancel_reason: string | null;
  created_at: D;
  updated_at: D;
}

export interface ItemRow {
  id: number | string;
  order_id: number | string;
  position: number;
  menu_item_id: string;
  item_name: string;
  quantity: number;
  unit_price_minor: number | string;
  special_instructions: string | null;
  options: unknown;
  station: string;
  preparation_time: number;
}

export interface OutboxRow {
  event_id: string;
  routing_key: string;
  payload: unknown;
  headers: unknown;
  attempts: number;
}

/** JSON is kept in text columns (not MySQL's JSON type, which MariaDB lacks), so it is parsed here. */
export const parseJson = (value: unknown): unknown => {
  if (typeof value === 'string') return JSON.parse(value) as unknown;
  if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8')) as unknown;
  throw new TypeError(`expected JSON text, got ${typeof value}`);
};

export const itemFromRow = (row: ItemRow): OrderLineRecord => ({
  id: Number(row.id),
  menuItemId: row.menu_item_id,
  itemName: row.item_name,
  quantity: Number(row.quantity),
  unitPriceMinor: Number(row.unit_price_minor),
  specialInstructions: row.special_instructions,
  options: parseJson(row.options) as OrderLineOptionRecord[],
  station: row.station,
  preparationTime: Number(row.preparation_time),
});

/** An order's lines from rows of several orders, by order id. */
export function linesByOrder(items: ItemRow[]): Map<number, ItemRow[]> {
  const linesOf = new Map<number, ItemRow[]>();
  for (const item of items) {
    const id = Number(item.order_id);
    const lines = linesOf.get(id);
    if (lines) lines.push(item);
    else linesOf.set(id, [item]);
  }
  return linesOf;
}

export function orderFromRow<D>(row: OrderRow<D>, items: ItemRow[], toDate: (value: D) => Date): OrderRecord {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    status: row.status as OrderStatus,
    totalMinor: Number(row.total_minor),
    currency: row.currency,
    paymentId: row.payment_id,
    paymentMethod: row.payment_method as PaymentMethod,
    paymentStatus: row.payment_status as OrderPaymentStatus,
    refundedMinor: Number(row.refunded_minor),
    queueNumber: row.queue_number === null ? null : Number(row.queue_number),
    specialInstructions: row.special_instructions,
    cancelReason: row.cancel_reason,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    items: items.map(itemFromRow),
  };
}

/** The values of ORDER_WRITE_COLUMNS. */
export function orderValues<D>(order: Omit<OrderRecord, 'id' | 'items'>, fromDate: (value: Date) => D): unknown[] {
  return [
    order.userId,
    order.status,
    order.totalMinor,
    order.currency,
    order.paymentId ?? null,
    order.paymentMethod,
    order.paymentStatus,
    order.refundedMinor,
    order.queueNumber ?? null,
    order.specialInstructions ?? null,
    order.cancelReason ?? null,
    fromDate(order.createdAt),
    fromDate(order.updatedAt),
  ];
}

/** The values of ORDER_UPDATE_SQL but the id: the columns, then the new state's time where it is that state. */
export function orderUpdateValues<D>(order: Omit<OrderRecord, 'id' | 'items'>, fromDate: (value: Date) => D): unknown[] {
  return [...orderValues(order, fromDate), ...STATUS_TIME_COLUMNS.map(([status]) => (order.status === status ? fromDate(order.updatedAt) : null))];
}

/** The values of ITEM_WRITE_COLUMNS. */
export const itemValues = (orderId: number, position: number, line: NewOrder['items'][number]): unknown[] => [
  orderId,
  position,
  line.menuItemId,
  line.itemName,
  line.quantity,
  line.unitPriceMinor,
  line.specialInstructions ?? null,
  JSON.stringify(line.options ?? []),
  line.station,
  line.preparationTime,
];

/** A new order as it reads back once stored (ids assigned, a copy the caller cannot mutate). */
export function savedOrder(order: NewOrder, id: number, lineIds: number[]): OrderRecord {
  const copy = cloneRecord(order);
  return {
    ...copy,
    id,
    paymentId: copy.paymentId ?? null,
    queueNumber: copy.queueNumber ?? null,
    specialInstructions: copy.specialInstructions ?? null,
    cancelReason: copy.cancelReason ?? null,
    items: copy.items.map((line, index) => ({
      ...line,
      id: lineIds[index]!,
      specialInstructions: line.specialInstructions ?? null,
      options: line.options ?? [],
    })),
  };
}

/**
 * The record a change wants written. The id, createdAt and the lines are what is stored: lines
 * are fixed once an order is placed, so a change cannot add or alter them. updatedAt is the
 * change's to set (the domain has the clock).
 */
export function changedOrder(before: OrderRecord, changed: OrderRecord): OrderRecord {
  const copy = cloneRecord(changed);
  return {
    ...copy,
    id: before.id,
    createdAt: before.createdAt,
    paymentId: copy.paymentId ?? null,
    queueNumber: copy.queueNumber ?? null,
    specialInstructions: copy.specialInstructions ?? null,
    cancelReason: copy.cancelReason ?? null,
    items: cloneRecord(before.items),
  };
}

/** An event as the outbox keeps it: JSON text, so what is published is what JSON can carry. */
export function outboxValues(event: NewOutboxEvent): { eventId: string; routingKey: string; payload: string; headers: string | null } {
  return {
    eventId: event.eventId,
    routingKey: event.routingKey,
    payload: JSON.stringify(event.payload === undefined ? null : event.payload),
    headers: event.headers === undefined ? null : JSON.stringify(event.headers),
  };
}

export const outboxRecordFromRow = (row: OutboxRow): OutboxRecord => ({
  eventId: row.event_id,
  routingKey: row.routing_key,
  payload: parseJson(row.payload),
  attempts: Number(row.attempts),
  ...(row.headers !== null && row.headers !== undefined ? { headers: parseJson(row.headers) as Record<string, unknown> } : {}),
});

export interface IdempotencyRow {
  request_hash: string;
  state: string;
  status: number | null;
  body: unknown;
  createdAtMs: number;
}

/**
 * What an existing key means for a request. A stale running claim (its request died) is taken
 * over whatever the hash, since the first request never produced a result; a fresh one with
 * another body is a mismatch, because a key names exactly one request.
 */
export function judgeIdempotency(
  row: IdempotencyRow,
  requestHash: string,
  now: Date,
  staleAfterMs: number,
): IdempotencyBegin | { state: 'take_over' } {
  if (row.state === 'done') {
    if (row.request_hash !== requestHash) return { state: 'mismatch' };
    return { state: 'done', status: Number(row.status), body: row.body === null ? null : parseJson(row.body) };
  }
  if (now.getTime() - row.createdAtMs >= staleAfterMs) return { state: 'take_over' };
  return row.request_hash === requestHash ? { state: 'running' } : { state: 'mismatch' };
}

/** Same as Math.max(0, trunc(n)) but rejects NaN to 0, for LIMIT/OFFSET. */
export const nonNegativeInt = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0);

export const isOrderId = (id: number): boolean => Number.isSafeInteger(id) && id > 0;
