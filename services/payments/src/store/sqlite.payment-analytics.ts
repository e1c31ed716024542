import type Database from 'better-sqlite3';
import type { PaymentRecord } from '../domain/payment.ts';

/** A payment of the past with its refunds (demo history, benchmarks). */
export type HistoricalPayment = Omit<PaymentRecord, 'id'>;

/** The analytics half of the payments store: figures aggregated by SQLite, and bulk history. */
export interface PaymentAnalyticsStore {
  /** Refunds made in [from, to): how many and how much. */
  refundsBetween(from: Date, to: Date): Promise<{ count: number; amountMinor: number }>;
  /** Writes past payments and their refunds in one transaction. No events. */
  importHistory(payments: readonly HistoricalPayment[]): Promise<void>;
  countPayments(): Promise<number>;
}

export function createSqlitePaymentAnalytics(db: Database.Database): PaymentAnalyticsStore {
  return {
    async refundsBetween(from, to) {
      const row = db
        .prepare('SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amountMinor FROM refunds WHERE created_at >= ? AND created_at < ?')
        .get(from.toISOString(), to.toISOString()) as { count: number; amountMinor: number };
      return { count: Number(row.count), amountMinor: Number(row.amountMinor) };
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
