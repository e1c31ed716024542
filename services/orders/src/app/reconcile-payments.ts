import { randomUUID } from 'node:crypto';
import { ROUTING_KEYS, type OrderPaymentSummary, type OrderStatus } from '@canteen/contracts';
import { applyPaymentEvent } from '../events/payment-events.handler.ts';
import type { OrderRecord } from '../domain/order.ts';
import type { OrdersDeps } from './deps.ts';

/** What the payments service knows of some orders (absent: the order has no payment). */
export interface PaymentsLookup {
  paymentsOf(orderIds: number[]): Promise<OrderPaymentSummary[]>;
}

/**
 * - `paid-not-confirmed`: the payment succeeded, the order still waits (its payment.success
 *   was lost or dead-lettered): repaired by applying the success.
 * - `failed-not-cancelled`: the payment failed, the order still waits: repaired likewise.
 * - `paid-without-payment`: the order counts as paid, the payments service has no successful
 *   payment for it. Not repaired: the only repairs are charging the student again or taking
 *   back an order the kitchen may be cooking, which is a person's call. Logged and counted
 *   once per process.
 */
export type ReconcileCase = 'paid-not-confirmed' | 'failed-not-cancelled' | 'paid-without-payment';

export interface ReconcileOptions {
  /** An order younger than this is left alone: its events may still be on their way. */
  staleAfterMs: number;
  /** Orders older than this are not looked at any more. */
  lookBackMs: number;
  /** Orders read from the store per state and run. */
  scanLimit?: number;
}

/** The inbox consumer of repairs: a repair of one payment is applied at most once. */
export const RECONCILE_CONSUMER = 'orders.reconcile-payments';
const LOOKUP_BATCH = 200;
const PAID_STATUSES: readonly OrderStatus[] = ['confirmed', 'preparing', 'ready', 'completed'];
const SETTLED_SUCCESS = new Set(['success', 'refunded', 'partially_refunded']);

async function lookUp(payments: PaymentsLookup, orders: OrderRecord[]): Promise<Map<number, OrderPaymentSummary>> {
  const found = new Map<number, OrderPaymentSummary>();
  for (let i = 0; i < orders.length; i += LOOKUP_BATCH) {
    for (const payment of await payments.paymentsOf(orders.slice(i, i + LOOKUP_BATCH).map((o) => o.id))) found.set(payment.order_id, payment);
  }
  return found;
}

/** The payment answer the payments service sent (or would have), rebuilt from its record. */
function answerOf(payment: OrderPaymentSummary, at: Date): { routingKey: string; body: Record<string, unknown> } | undefined {
  const envelope = { event_id: randomUUID(), schema_version: 1, timestamp: at.toISOString() };
  const common = { ...envelope, order_id: payment.order_id, user_id: payment.user_id, payment_id: payment.payment_id };
  if (payment.status === 'success') {
    return {
      routingKey: ROUTING_KEYS.paymentSucceeded,
      body: { ...common, event_type: 'payment_completed', payment_status: 'success', amount: payment.amount, payment_method: payment.payment_method },
    };
  }
  if (payment.status === 'failed' || payment.status === 'cancelled') {
    return {
      routingKey: ROUTING_KEYS.paymentFailed,
      body: { ...common, event_type: 'payment_failed', payment_status: payment.status, reason: payment.failure_reason ?? `payment ${payment.status}` },
    };
  }
  return undefined;
}

/**
 * One pass of the reconciliation between payments and orders (issue 16): finds orders stuck
 * behind a lost payment answer and repairs them through the handler's own path, and finds
 * paid orders without a payment. Resolves with what it found per case.
 */
export function createPaymentReconciler(deps: OrdersDeps, payments: PaymentsLookup, options: ReconcileOptions) {
  const reported = new Set<number>();
  const scanLimit = options.scanLimit ?? 500;
  const logger = deps.logger.child({ component: 'reconcile-payments' });

  const inWindow = (order: OrderRecord, since: Date, now: number) =>
    now - since.getTime() >= options.staleAfterMs && now - order.createdAt.getTime() <= options.lookBackMs;

  return async function reconcile(found: (kind: ReconcileCase) => void = () => undefined): Promise<Record<ReconcileCase, number>> {
    const counts: Record<ReconcileCase, number> = { 'paid-not-confirmed': 0, 'failed-not-cancelled': 0, 'paid-without-payment': 0 };
    const note = (kind: ReconcileCase) => {
      counts[kind] += 1;
      found(kind);
    };
    const now = deps.now();

    const waiting = (await deps.store.listOrders({ statuses: ['placed'], limit: scanLimit, offset: 0 })).filter(
      (order) => order.paymentStatus === 'pending' && inWindow(order, order.createdAt, now.getTime()),
    );
    const waitingPayments = await lookUp(payments, waiting);
    for (const order of waiting) {
      const payment = waitingPayments.get(order.id);
      const answer = payment && answerOf(payment, now);
      if (!payment || !answer) continue; // no payment yet, or still pending (cash at the counter)
      const result = await applyPaymentEvent(deps, RECONCILE_CONSUMER, `reconcile:${payment.payment_id}:${payment.status}`, answer.routingKey, answer.body);
      if (result === undefined || result === 'duplicate' || result === 'unexpected' || !result.changed) continue;
      const kind = payment.status === 'success' ? 'paid-not-confirmed' : 'failed-not-cancelled';
      note(kind);
      logger.warn({ orderId: order.id, paymentId: payment.payment_id, kind, status: result.after.status }, 'repaired an order its payment answer never reached');
    }

    const paid = (await deps.store.listOrders({ statuses: PAID_STATUSES, limit: scanLimit, offset: 0 })).filter(
      (order) => order.paymentStatus === 'paid' && !reported.has(order.id) && inWindow(order, order.updatedAt, now.getTime()),
    );
    const paidPayments = await lookUp(payments, paid);
    for (const order of paid) {
      const payment = paidPayments.get(order.id);
      if (payment && SETTLED_SUCCESS.has(payment.status)) continue;
      reported.add(order.id);
      note('paid-without-payment');
      logger.error(
        { orderId: order.id, status: order.status, paymentId: order.paymentId, payment: payment?.status ?? 'none' },
        'an order counts as paid but the payments service has no successful payment for it; needs a person',
      );
    }
    return counts;
  };
}
