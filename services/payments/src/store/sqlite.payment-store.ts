import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PaymentMethod, PaymentStatus } from '@canteen/contracts';
import { createSqliteOutbox, openSqliteSession, writeOutboxEvents } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import type { PaymentRecord, RefundRecord } from '../domain/payment.ts';
import type { ReceiptLine } from '../domain/receipt-line.ts';
import type { NewPaymentRecord, PaymentStore, PaymentTx, StatsRow } from './payment.store.ts';
import { runMigrations } from './sqlite.migrations.ts';
import { createSqlitePaymentAnalytics, paymentStats } from './sqlite.payment-analytics.ts';

export interface SqlitePaymentStoreOptions {
  /** Epoch milliseconds; injected so tests can move time (leases, retries). */
  now?: () => number;
}

/** Inbox rows are kept far longer than any broker would hold a message for redelivery. */
export const INBOX_KEEP_MS = 30 * 86_400_000;

interface PaymentRow {
  id: number;
  payment_id: string;
  order_id: number;
  user_id: number;
  amount_minor: number;
  currency: string;
  status: PaymentStatus;
  payment_method: PaymentMethod;
  failure_reason: string | null;
  refunded_minor: number;
  created_at: string;
  updated_at: string;
}

interface RefundRow {
  refund_id: string;
  amount_minor: number;
  reason: string | null;
  created_at: string;
}

const PAYMENT_COLUMNS =
  'id, payment_id, order_id, user_id, amount_minor, currency, status, payment_method, failure_reason, refunded_minor, created_at, updated_at';

/**
 * The payments store on better-sqlite3. Each unit of work is one synchronous IMMEDIATE
 * transaction: it holds SQLite's write lock from its first statement, so two writers (two
 * handlers in this process, or two processes on one file) never read the same state and both
 * act on it: the second sees what the first committed.
 */
export function createSqlitePaymentStore(file: string, options: SqlitePaymentStoreOptions = {}): PaymentStore {
  const now = options.now ?? Date.now;
  if (file !== ':memory:' && !file.startsWith('file:')) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  const { sql, writeSoon } = openSqliteSession<Database.Statement>(db);

  const toPayment = (row: PaymentRow): PaymentRecord => {
    const refunds = (
      sql('SELECT refund_id, amount_minor, reason, created_at FROM refunds WHERE payment_id = ? ORDER BY created_at, rowid').all(
        row.payment_id,
      ) as RefundRow[]
    ).map(
      (refund): RefundRecord => ({
        refundId: refund.refund_id,
        amountMinor: refund.amount_minor,
        reason: refund.reason,
        createdAt: new Date(refund.created_at),
      }),
    );
    return {
      id: row.id,
      paymentId: row.payment_id,
      orderId: row.order_id,
      userId: row.user_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      status: row.status,
      method: row.payment_method,
      failureReason: row.failure_reason,
      refundedMinor: row.refunded_minor,
      refunds,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    };
  };
  const paymentWhere = (column: 'payment_id' | 'order_id', value: string | number) => {
    const row = sql(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE ${column} = ?`).get(value) as PaymentRow | undefined;
    return row && toPayment(row);
  };

  const tx: PaymentTx = {
    recordOnce(consumer, eventId) {
      return sql('INSERT INTO inbox (consumer, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(consumer, eventId, now())
        .changes === 1;
    },
    paymentById: (paymentId) => paymentWhere('payment_id', paymentId),
    paymentByOrder: (orderId) => paymentWhere('order_id', orderId),
    insertPayment(payment: NewPaymentRecord) {
      const at = payment.at.toISOString();
      const { changes } = sql(
        `INSERT INTO payments (payment_id, order_id, user_id, amount_minor, currency, status, payment_method, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
      ).run(payment.paymentId, payment.orderId, payment.userId, payment.amountMinor, payment.currency, payment.method, at, at);
      if (changes !== 1) return undefined;
      payment.lines?.forEach((line, index) => {
        sql('INSERT INTO receipt_lines (payment_id, line, name, quantity, unit_minor, options) VALUES (?, ?, ?, ?, ?, ?)').run(
          payment.paymentId,
          index,
          line.name,
          line.quantity,
          line.unitMinor,
          JSON.stringify(line.options),
        );
      });
      return paymentWhere('payment_id', payment.paymentId);
    },
    updatePayment(payment) {
      sql('UPDATE payments SET status = ?, failure_reason = ?, refunded_minor = ?, updated_at = ? WHERE payment_id = ?').run(
        payment.status,
        payment.failureReason,
        payment.refundedMinor,
        payment.updatedAt.toISOString(),
        payment.paymentId,
      );
    },
    insertRefund(payment, refund) {
      sql('INSERT INTO refunds (refund_id, payment_id, amount_minor, reason, created_at) VALUES (?, ?, ?, ?, ?)').run(
        refund.refundId,
        payment.paymentId,
        refund.amountMinor,
        refund.reason,
        refund.createdAt.toISOString(),
      );
    },
    recordOrderCancelled(orderId, eventId, at) {
      sql('INSERT INTO order_cancellations (order_id, event_id, cancelled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(
        orderId,
        eventId,
        at.toISOString(),
      );
    },
    isOrderCancelled: (orderId) => sql('SELECT 1 FROM order_cancellations WHERE order_id = ?').get(orderId) !== undefined,
    appendEvents: (events) => writeOutboxEvents(db, events, now()),
  };

  return {
    ...createSqlitePaymentAnalytics(db),
    // The relay's half, on the same database; its housekeeping also prunes the inbox.
    ...createSqliteOutbox(db, {
      now,
      onPrune: (at) => {
        sql('DELETE FROM inbox WHERE received_at < ?').run(at - INBOX_KEEP_MS);
      },
    }),

    async migrate() {
      runMigrations(db);
    },

    async transaction(work) {
      // Group commit: the payments of a turn (a rush of payment.initiated) share one transaction.
      return writeSoon(() => {
        const result = work(tx);
        if (result instanceof Promise) throw new TypeError('a payments transaction must be synchronous');
        return result;
      });
    },

    getByPaymentId: async (paymentId) => paymentWhere('payment_id', paymentId),
    getByOrderId: async (orderId) => paymentWhere('order_id', orderId),

    async receiptLines(paymentId) {
      const rows = sql('SELECT name, quantity, unit_minor, options FROM receipt_lines WHERE payment_id = ? ORDER BY line').all(paymentId) as {
        name: string;
        quantity: number;
        unit_minor: number;
        options: string;
      }[];
      return rows.map((row): ReceiptLine => ({ name: row.name, quantity: row.quantity, unitMinor: row.unit_minor, options: JSON.parse(row.options) as string[] }));
    },

    async statsBetween(from, to) {
      return paymentStats(db, from, to);
    },

    async ping() {
      sql('SELECT 1').get();
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
