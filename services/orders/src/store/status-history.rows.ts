import type { OrderStatus } from '@canteen/contracts';
import type { OrderRecord } from '../domain/order.ts';
import type { StatusActor, StatusChange } from './order.store.ts';

/** `order_status_history`, the same on every store; `at` is epoch ms on SQLite, DATETIME(3) on MySQL. */
export const HISTORY_WRITE_COLUMNS = ['order_id', 'from_status', 'to_status', 'actor_id', 'actor_role', 'reason', 'at'] as const;
export const HISTORY_SELECT = `SELECT from_status, to_status, actor_id, actor_role, reason, at FROM order_status_history WHERE order_id = ? ORDER BY id`;

export interface HistoryRow<D> {
  from_status: string | null;
  to_status: string;
  actor_id: number | string | null;
  actor_role: string;
  reason: string | null;
  at: D;
}

/**
 * The history line a write adds: one when an order is created (from nothing) or its status
 * moves, none when only other fields change (payment state, queue number).
 */
export function statusChangeOf(before: OrderRecord | undefined, after: OrderRecord, actor: StatusActor): StatusChange | undefined {
  if (before && before.status === after.status) return undefined;
  return {
    fromStatus: before ? before.status : null,
    toStatus: after.status,
    actor: { userId: actor.userId, role: actor.role },
    reason: after.status === 'cancelled' ? after.cancelReason : null,
    at: before ? after.updatedAt : after.createdAt,
  };
}

/** The values of HISTORY_WRITE_COLUMNS. */
export const historyValues = <D>(orderId: number, change: StatusChange, fromDate: (value: Date) => D): unknown[] => [
  orderId,
  change.fromStatus,
  change.toStatus,
  change.actor.userId,
  change.actor.role,
  change.reason,
  fromDate(change.at),
];

export const historyFromRow = <D>(row: HistoryRow<D>, toDate: (value: D) => Date): StatusChange => ({
  fromStatus: row.from_status as OrderStatus | null,
  toStatus: row.to_status as OrderStatus,
  actor: { userId: row.actor_id === null ? null : Number(row.actor_id), role: row.actor_role as StatusActor['role'] },
  reason: row.reason,
  at: toDate(row.at),
});

export const HISTORY_INSERT_SQL = `INSERT INTO order_status_history (${HISTORY_WRITE_COLUMNS.join(', ')}) VALUES (${HISTORY_WRITE_COLUMNS.map(() => '?').join(', ')})`;

/** The MySQL statements that record a write's move (none when the status stayed). */
export function historyStatements(before: OrderRecord | undefined, after: OrderRecord, actor: StatusActor): [string, unknown[]][] {
  const line = statusChangeOf(before, after, actor);
  return line ? [[HISTORY_INSERT_SQL, historyValues(after.id, line, (date: Date) => date)]] : [];
}
