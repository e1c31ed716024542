import type { PaymentMethod, PaymentStatus } from '@canteen/contracts';
import type { NewOutboxEvent, OutboxStore } from '@canteen/service-kit';
import type { PaymentRecord, RefundRecord } from '../domain/payment.ts';
import type { ReceiptLine } from '../domain/receipt-line.ts';
import type { PaymentAnalyticsStore } from './sqlite.payment-analytics.ts';

export interface NewPaymentRecord {
  paymentId: string;
  orderId: number;
  userId: number;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  at: Date;
  /** The order's lines for the receipt, stored with the payment (none for one made by hand). */
  lines?: readonly ReceiptLine[];
}

/**
 * What a unit of work may do, all inside one database transaction: read, change payments,
 * record consumed events (inbox) and append the events that announce the change (outbox).
 * Either everything commits or nothing does.
 */
export interface PaymentTx {
  /** The inbox: true the first time `consumer` sees `eventId`, false on every redelivery. */
  recordOnce(consumer: string, eventId: string): boolean;
  paymentById(paymentId: string): PaymentRecord | undefined;
  paymentByOrder(orderId: number): PaymentRecord | undefined;
  /** A new pending payment; undefined when the order already has one (one payment per order). */
  insertPayment(payment: NewPaymentRecord): PaymentRecord | undefined;
  /** Stores status, failure reason, refunded total and updated_at. */
  updatePayment(payment: PaymentRecord): void;
  insertRefund(payment: PaymentRecord, refund: RefundRecord): void;
  /**
   * The tombstone of an order cancelled before its payment existed: events arrive out of
   * order, and a late `payment.initiated` must then not charge. Recording it twice is harmless.
   */
  recordOrderCancelled(orderId: number, eventId: string, at: Date): void;
  isOrderCancelled(orderId: number): boolean;
  appendEvents(events: NewOutboxEvent[]): void;
}

export interface StatsRow {
  method: PaymentMethod;
  status: PaymentStatus;
  count: number;
  amountMinor: number;
  refundedMinor: number;
}

/**
 * The payments service's store port. DESIGN: payments runs on SQLite (better-sqlite3) in
 * every mode, so there is one adapter, and `transaction` takes a SYNCHRONOUS function: the
 * whole read-modify-write runs under SQLite's write lock with nothing interleaving, which is
 * what makes duplicate and concurrent events safe.
 */
export interface PaymentStore extends OutboxStore, PaymentAnalyticsStore {
  migrate(): Promise<void>;
  /**
   * Runs `work` in an IMMEDIATE transaction; a throw rolls back everything `work` did and
   * rejects. Units of work asked for in the same turn share one transaction (group commit),
   * each in a savepoint of its own; each promise settles once it committed.
   */
  transaction<T>(work: (tx: PaymentTx) => T): Promise<T>;
  getByPaymentId(paymentId: string): Promise<PaymentRecord | undefined>;
  getByOrderId(orderId: number): Promise<PaymentRecord | undefined>;
  /** The receipt lines stored with the payment, in the order's order; [] when it has none. */
  receiptLines(paymentId: string): Promise<ReceiptLine[]>;
  /** Payments created in [from, to), grouped by method and status. */
  statsBetween(from: Date, to: Date): Promise<StatsRow[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
