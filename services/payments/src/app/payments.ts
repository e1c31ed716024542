import type { CreatePayment, Payment, PaymentStats, RefundAnswer } from '@canteen/contracts';
import { AppError, conflict, forbidden, isStaff, notFound, unprocessable, type Principal } from '@canteen/service-kit';
import { dayRangeIn } from '../domain/day.ts';
import { isOnline } from '../domain/mock-gateway.ts';
import { PaymentRuleError, toMinor, wasCharged, type PaymentRecord, type SettledStatus } from '../domain/payment.ts';
import type { PaymentTx } from '../store/payment.store.ts';
import type { PaymentsDeps } from './deps.ts';
import { chargePayment, openPayment, refundPaymentIn, settlePayment } from './payment-flows.ts';
import { renderReceipt } from './receipt.ts';
import { toPaymentView, toRefundOutcome, toStatsView } from './views.ts';

/** The HTTP use cases. Identity comes from the token: a customer sees only their own payments. */

const canSee = (principal: Principal, payment: PaymentRecord) => isStaff(principal) || String(payment.userId) === principal.userId;

export function visible(principal: Principal, payment: PaymentRecord | undefined, missing = 'Payment not found'): PaymentRecord {
  if (!payment) throw notFound(missing);
  if (!canSee(principal, payment)) throw forbidden('This payment belongs to someone else');
  return payment;
}

const mustExist = (payment: PaymentRecord | undefined, paymentId: string): PaymentRecord => {
  if (!payment) throw notFound(`Payment ${paymentId} not found`);
  return payment;
};

/** Runs a unit of work, turning a refused rule into its HTTP error. */
export async function write<T>(deps: PaymentsDeps, work: (tx: PaymentTx) => T): Promise<T> {
  try {
    return await deps.store.transaction(work);
  } catch (err) {
    if (!(err instanceof PaymentRuleError)) throw err;
    if (err.code === 'REFUND_EXCEEDS_CAPTURED' || err.code === 'INVALID_REFUND_AMOUNT') throw unprocessable(err.message, err.code);
    throw conflict(err.message, err.code);
  } finally {
    deps.eventsWritten();
  }
}

export async function createPayment(deps: PaymentsDeps, input: CreatePayment): Promise<Payment> {
  const at = deps.now();
  const opened = await write(deps, (tx) => {
    if (tx.isOrderCancelled(input.order_id)) {
      throw conflict(`Order ${input.order_id} was cancelled; it cannot be paid`, 'ORDER_CANCELLED');
    }
    return openPayment(tx, {
      orderId: input.order_id,
      userId: input.user_id,
      amountMinor: toMinor(input.amount),
      method: input.payment_method,
      currency: deps.currency,
      paymentToken: input.payment_token,
      charge: input.process !== false,
      paymentId: deps.newPaymentId(),
      at,
    });
  });
  if (!opened.created) {
    throw new AppError(409, 'PAYMENT_EXISTS', `Order ${input.order_id} already has payment ${opened.existing.paymentId}`, {
      payment_id: opened.existing.paymentId,
    });
  }
  return toPaymentView(opened.payment);
}

export async function processPayment(
  deps: PaymentsDeps,
  principal: Principal,
  paymentId: string,
  paymentToken: string | undefined,
): Promise<Payment> {
  const at = deps.now();
  const payment = await write(deps, (tx) => {
    const current = visible(principal, tx.paymentById(paymentId), `Payment ${paymentId} not found`);
    // A client that retries (or that, like the original web client, processes a payment the
    // order loop has charged already) gets the charge that happened, never a second one.
    if (wasCharged(current)) return current;
    if (!isOnline(current.method)) {
      throw conflict('A cash payment is settled by staff at the counter (PUT /status)', 'CASH_NEEDS_STAFF');
    }
    if (current.status !== 'pending') throw conflict(`The payment is already ${current.status}`, 'ILLEGAL_TRANSITION');
    return chargePayment(tx, current, paymentToken, at);
  });
  return toPaymentView(payment);
}

export async function getPayment(deps: PaymentsDeps, principal: Principal, paymentId: string): Promise<Payment> {
  return toPaymentView(visible(principal, await deps.store.getByPaymentId(paymentId)));
}

export async function getOrderPayment(deps: PaymentsDeps, principal: Principal, orderId: number): Promise<Payment> {
  return toPaymentView(visible(principal, await deps.store.getByOrderId(orderId), 'Payment not found for this order'));
}

/** Staff: settle cash (success), record a failure, or cancel; only a pending payment moves. */
export async function updatePaymentStatus(
  deps: PaymentsDeps,
  paymentId: string,
  change: { status: SettledStatus; reason?: string | undefined },
): Promise<Payment> {
  const at = deps.now();
  const reason = change.reason || (change.status === 'success' ? null : `${change.status}_by_staff`);
  const payment = await write(deps, (tx) => settlePayment(tx, mustExist(tx.paymentById(paymentId), paymentId), change.status, reason, at));
  return toPaymentView(payment);
}

/** The payment with its refunds, and what this refund covered (all of what was captured, or part). */
export async function refundPayment(
  deps: PaymentsDeps,
  paymentId: string,
  request: { amount?: number | undefined; reason?: string | undefined },
): Promise<RefundAnswer> {
  const at = deps.now();
  const { payment, refund } = await write(deps, (tx) =>
    refundPaymentIn(tx, mustExist(tx.paymentById(paymentId), paymentId), {
      amountMinor: request.amount === undefined ? undefined : toMinor(request.amount),
      reason: request.reason || null,
      refundId: deps.newRefundId(),
      at,
    }),
  );
  return { ...toPaymentView(payment), refund: toRefundOutcome(payment, refund) };
}

export async function paymentStats(deps: PaymentsDeps): Promise<PaymentStats> {
  const { from, to } = dayRangeIn(deps.timeZone, deps.now());
  return toStatsView(await deps.store.statsBetween(from, to));
}

export async function paymentReceipt(deps: PaymentsDeps, principal: Principal, paymentId: string): Promise<string> {
  const payment = visible(principal, await deps.store.getByPaymentId(paymentId));
  return renderReceipt(payment, await deps.store.receiptLines(payment.paymentId), { timeZone: deps.timeZone });
}
