import type { CreatePayment, Payment } from '@canteen/contracts';
import { conflict, forbidden, type Principal } from '@canteen/service-kit';
import { toMinor, type PaymentRecord } from '../domain/payment.ts';
import type { PaymentsDeps } from './deps.ts';
import { openPayment } from './payment-flows.ts';
import { visible, write } from './payments.ts';
import { toPaymentView } from './views.ts';

export interface OwnPayment {
  payment: Payment;
  /** False when the order already had its payment (the order loop's, or an earlier click's). */
  created: boolean;
}

function sameAmount(payment: PaymentRecord, amountMinor: number): PaymentRecord {
  if (payment.amountMinor !== amountMinor) {
    throw conflict(
      `Order ${payment.orderId} is paid with ${(payment.amountMinor / 100).toFixed(2)} ${payment.currency}, not ${(amountMinor / 100).toFixed(2)}`,
      'AMOUNT_MISMATCH',
    );
  }
  return payment;
}

/**
 * `POST /api/payments/` by the order's owner, as the original web client does after placing
 * an order (which our order loop pays by itself through `payment.initiated`). Idempotent per
 * order: the order's payment is returned when it exists, whoever made it, and created (and
 * charged) when the owner is first. Then the order's owner, total and method come from the
 * orders service, never from the body; `openPayment`, which the `payment.initiated` handler
 * uses too, keeps one payment per order under the store's write lock, so whichever of the two
 * comes second finds the first one's payment and charges nothing.
 */
export async function payOwnOrder(deps: PaymentsDeps, principal: Principal, input: CreatePayment): Promise<OwnPayment> {
  if (String(input.user_id) !== principal.userId) throw forbidden('user_id must be your own');
  const amountMinor = toMinor(input.amount);
  const existing = await deps.store.getByOrderId(input.order_id);
  if (existing) return { payment: toPaymentView(sameAmount(visible(principal, existing), amountMinor)), created: false };

  const order = await deps.orders.orderOf(input.order_id, principal.token);
  if (String(order.user_id) !== principal.userId) throw forbidden('This order belongs to someone else');
  if (toMinor(order.total_amount) !== amountMinor) {
    throw conflict(`Order ${order.id} costs ${order.total_amount.toFixed(2)}, not ${input.amount.toFixed(2)}`, 'AMOUNT_MISMATCH');
  }
  if (order.status === 'cancelled') throw conflict(`Order ${order.id} was cancelled; it cannot be paid`, 'ORDER_CANCELLED');

  const at = deps.now();
  const opened = await write(deps, (tx) => {
    if (tx.isOrderCancelled(order.id)) throw conflict(`Order ${order.id} was cancelled; it cannot be paid`, 'ORDER_CANCELLED');
    return openPayment(tx, {
      orderId: order.id,
      userId: order.user_id,
      amountMinor,
      method: order.payment_method,
      currency: deps.currency,
      paymentToken: input.payment_token,
      charge: input.process !== false,
      paymentId: deps.newPaymentId(),
      at,
    });
  });
  if (opened.created) return { payment: toPaymentView(opened.payment), created: true };
  return { payment: toPaymentView(sameAmount(visible(principal, opened.existing), amountMinor)), created: false };
}
