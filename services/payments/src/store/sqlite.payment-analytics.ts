import type Database from 'better-sqlite3';
import type { PaymentRecord } from '../domain/payment.ts';
import type { StatsRow } from './payment.store.ts';

/** A payment of the past with its refunds (demo history, benchmarks). */
export type HistoricalPayment = Omit<PaymentRecord, 'id'>;

/** The analytics half of the payments store: figures aggregated by SQLite, and bulk history. */
export interface PaymentAnalyticsStore {
  /** Refunds made in [from, to): how many and how much. */
  refundsBetween(from: Date, to: Date): Promise<{ count: number; amountMinor: number }>;
  /** `statsBetween` and `refundsBetween` aggregated from every payment and refund: the rollups' reference, slow on a large range. */
  figuresFromPayments(from: Date, to: Date): Promise<{ stats: StatsRow[]; refunds: { count: number; amountMinor: number } }>;
  /** Writes past payments and their refunds in one transaction. No events. */
  importHistory(payments: readonly HistoricalPayment[]): Promise<void>;
  countPayments(): Promise<number>;
}

/** The rollups' time unit (migration 4): a quarter hour, in which every time zone's days start. */
const SLOT_MS = 900_000;
/** The range in slots when both ends start one, so the rollups answer it exactly. */
const slotsOf = (from: Date, to: Date): [number, number] | undefined =>
  from.getTime() % SLOT_MS === 0 && to.getTime() % SLOT_MS === 0 ? [from.getTime() / SLOT_MS, to.getTime() / SLOT_MS] : undefined;
const between = (from: Date, to: Date) => [from.toISOString(), to.toISOString()];

/** Payments placed in [from, to) per method and status: from the rollups when the range is in whole quarter hours. */
export function paymentStats(db: Database.Database, from: Date, to: Date, fromPayments = false): StatsRow[] {
  const slots = fromPayments ? undefined : slotsOf(from, to);
  return (
    slots
      ? db.prepare(
          `SELECT payment_method AS method, status, SUM(payments) AS count, SUM(amount_minor) AS amountMinor, SUM(refunded_minor) AS refundedMinor
           FROM analytics_payments WHERE slot >= ? AND slot < ? GROUP BY payment_method, status HAVING SUM(payments) <> 0 ORDER BY payment_method, status`,
        ).all(...slots)
      : db.prepare(
          `SELECT payment_method AS method, status, count(*) AS count,
                  coalesce(sum(amount_minor), 0) AS amountMinor, coalesce(sum(refunded_minor), 0) AS refundedMinor
           FROM payments WHERE created_at >= ? AND created_at < ? GROUP BY payment_method, status ORDER BY payment_method, status`,
        ).all(...between(from, to))
  ) as StatsRow[];
}

function refundFigures(db: Database.Database, from: Date, to: Date, fromRefunds = false): { count: number; amountMinor: number } {
  const slots = fromRefunds ? undefined : slotsOf(from, to);
  const row = (
    slots
      ? db.prepare('SELECT COALESCE(SUM(refunds), 0) AS count, COALESCE(SUM(amount_minor), 0) AS amountMinor FROM analytics_refunds WHERE slot >= ? AND slot < ?').get(...slots)
      : db.prepare('SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amountMinor FROM refunds WHERE created_at >= ? AND created_at < ?').get(...between(from, to))
  ) as { count: number; amountMinor: number };
  return { count: Number(row.count), amountMinor: Number(row.amountMinor) };
}

export function createSqlitePaymentAnalytics(db: Database.Database): PaymentAnalyticsStore {
  return {
    async refundsBetween(from, to) {
      return refundFigures(db, from, to);
    },

    async figuresFromPayments(from, to) {
      return db.transaction(() => ({ stats: paymentStats(db, from, to, true), refunds: refundFigures(db, from, to, true) }))();
    },

    async importHistory(payments) {
      const payment = db.prepare(
        `INSERT INTO payments (payment_id, order_id, user_id, amount_minor, currency, status, payment_method, failure_reason, refunded_minor, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const refund = db.prepare('INSERT INTO refunds (refund_id, payment_id, amount_minor, reason, created_at) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (const p of payments) {
          payment.run(p.paymentId, p.orderId, p.userId, p.amountMinor, p.currency, p.status, p.method, p.failureReason, p.refundedMinor, p.createdAt.toISOString(), p.updatedAt.toISOString());
          for (const r of p.refunds) refund.run(r.refundId, p.paymentId, r.amountMinor, r.reason, r.createdAt.toISOString());
        }
      })();
    },

    async countPayments() {
      return Number((db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n);
    },
  };
}
