import { describe, expect, it } from 'vitest';
import { canSettle, fromMinor, isValidAmount, PaymentRuleError, refund, refundableMinor, settle, toMinor, type PaymentRecord } from './payment.ts';

const at = new Date('2025-01-01T10:00:00.000Z');
const later = new Date('2025-01-01T10:05:00.000Z');

const payment = (overrides: Partial<PaymentRecord> = {}): PaymentRecord => ({
  id: 1,
  paymentId: 'pay_000000000001',
  orderId: 7,
  userId: 3,
  amountMinor: 25_050,
  currency: 'INR',
  status: 'pending',
  method: 'card',
  failureReason: null,
  refundedMinor: 0,
  refunds: [],
  createdAt: at,
  updatedAt: at,
  ...overrides,
});

const ruleCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PaymentRuleError) return err.code;
    throw err;
  }
  return undefined;
};

describe('payment rules', () => {
  it('when money is converted, then decimals and minor units round-trip exactly', () => {
    expect(toMinor(250.5)).toBe(25_050);
    expect(toMinor(0.1 + 0.2)).toBe(30);
    expect(fromMinor(25_050)).toBe(250.5);
    expect(isValidAmount(19.99)).toBe(true);
    expect(isValidAmount(0)).toBe(false);
    expect(isValidAmount(-5)).toBe(false);
    expect(isValidAmount(1.005)).toBe(false);
    expect(isValidAmount(Number.NaN)).toBe(false);
  });

  it('when a pending payment settles, then it may become success, failed or cancelled, and nothing else may settle', () => {
    for (const to of ['success', 'failed', 'cancelled'] as const) expect(canSettle('pending', to)).toBe(true);
    for (const from of ['success', 'failed', 'cancelled', 'partially_refunded', 'refunded'] as const) {
      for (const to of ['success', 'failed', 'cancelled'] as const) expect(canSettle(from, to)).toBe(false);
    }
  });

  it('when a payment succeeds, then it has no failure reason and the new time', () => {
    const settled = settle(payment(), 'success', { reason: 'ignored', at: later });
    expect(settled).toMatchObject({ status: 'success', failureReason: null, updatedAt: later });
  });

  it('when a payment fails without a reason, then the status is the reason', () => {
    expect(settle(payment(), 'failed', { at: later }).failureReason).toBe('failed');
    expect(settle(payment(), 'cancelled', { reason: 'order_cancelled', at: later }).failureReason).toBe('order_cancelled');
  });

  it('when a settled payment is settled again, then it is an illegal transition', () => {
    const paid = settle(payment(), 'success', { at: later });
    expect(ruleCode(() => settle(paid, 'failed', { at: later }))).toBe('ILLEGAL_TRANSITION');
    expect(ruleCode(() => settle(paid, 'success', { at: later }))).toBe('ILLEGAL_TRANSITION');
    expect(ruleCode(() => settle(settle(payment(), 'failed', { at }), 'success', { at: later }))).toBe('ILLEGAL_TRANSITION');
  });

  it('when a captured payment is refunded in parts, then it goes partially_refunded and then refunded', () => {
    const paid = payment({ status: 'success' });
    const first = refund(paid, { amountMinor: 5_050, refundId: 'rfd_1', reason: 'cold food', at: later });
    expect(first.payment).toMatchObject({ status: 'partially_refunded', refundedMinor: 5_050 });
    expect(first.refund).toEqual({ refundId: 'rfd_1', amountMinor: 5_050, reason: 'cold food', createdAt: later });
    expect(refundableMinor(first.payment)).toBe(20_000);

    const rest = refund(first.payment, { refundId: 'rfd_2', at: later });
    expect(rest.refund.amountMinor).toBe(20_000);
    expect(rest.payment).toMatchObject({ status: 'refunded', refundedMinor: 25_050 });
    expect(rest.payment.refunds.map((r) => r.refundId)).toEqual(['rfd_1', 'rfd_2']);
    expect(refundableMinor(rest.payment)).toBe(0);
  });

  it('when a refund asks for more than is left, then it is refused and the payment is unchanged', () => {
    const paid = payment({ status: 'partially_refunded', refundedMinor: 20_000 });
    expect(ruleCode(() => refund(paid, { amountMinor: 5_051, refundId: 'rfd_x', at: later }))).toBe('REFUND_EXCEEDS_CAPTURED');
    expect(ruleCode(() => refund(paid, { amountMinor: 0, refundId: 'rfd_x', at: later }))).toBe('INVALID_REFUND_AMOUNT');
    expect(paid.refundedMinor).toBe(20_000);
  });

  it('when a payment that never captured (or is fully refunded) is refunded, then it is not refundable', () => {
    for (const status of ['pending', 'failed', 'cancelled'] as const) {
      expect(ruleCode(() => refund(payment({ status }), { refundId: 'rfd_x', at: later }))).toBe('NOT_REFUNDABLE');
    }
    const refunded = payment({ status: 'refunded', refundedMinor: 25_050 });
    expect(ruleCode(() => refund(refunded, { refundId: 'rfd_x', at: later }))).toBe('NOT_REFUNDABLE');
  });
});
