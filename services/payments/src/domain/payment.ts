import type { PaymentMethod, PaymentStatus } from '@canteen/contracts';

/**
 * The payment's rules, with no I/O: money in integer minor units (paise for INR), statuses
 * moving only forward:
 *
 *   pending ──▶ success ──refund──▶ partially_refunded ──refund──▶ refunded
 *      │           └──────────────refund (all of it)──────────────▲
 *      ├──▶ failed
 *      └──▶ cancelled
 *
 * failed, cancelled and refunded are final. Only refunds move a captured payment, and a
 * refund never returns more than was captured minus what was refunded already.
 */

export interface RefundRecord {
  refundId: string;
  amountMinor: number;
  reason: string | null;
  createdAt: Date;
}

export interface PaymentRecord {
  /** The database row id (the original API's `id`). */
  id: number;
  paymentId: string;
  orderId: number;
  userId: number;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  method: PaymentMethod;
  failureReason: string | null;
  refundedMinor: number;
  refunds: RefundRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export type PaymentRuleCode = 'ILLEGAL_TRANSITION' | 'NOT_REFUNDABLE' | 'REFUND_EXCEEDS_CAPTURED' | 'INVALID_REFUND_AMOUNT';

/** A move the rules refuse; the HTTP layer maps it to 409 (422 for a refund amount that cannot be paid out). */
export class PaymentRuleError extends Error {
  constructor(
    readonly code: PaymentRuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentRuleError';
  }
}

export type SettledStatus = 'success' | 'failed' | 'cancelled';

/** Moves allowed by settling (gateway, staff, cancellation). Refund moves go through refund(). */
const SETTLE_FROM: Record<PaymentStatus, readonly SettledStatus[]> = {
  pending: ['success', 'failed', 'cancelled'],
  success: [],
  failed: [],
  cancelled: [],
  partially_refunded: [],
  refunded: [],
};

const CAPTURED: readonly PaymentStatus[] = ['success', 'partially_refunded'];

export const MINOR_PER_UNIT = 100;

/** Decimal amount (at most two decimals, checked by the contracts) to minor units. */
export const toMinor = (amount: number): number => Math.round(amount * MINOR_PER_UNIT);
export const fromMinor = (minor: number): number => minor / MINOR_PER_UNIT;
/** True when `amount` is positive and has at most two decimals (what an event may carry). */
export const isValidAmount = (amount: number): boolean =>
  Number.isFinite(amount) && amount > 0 && Math.abs(amount * MINOR_PER_UNIT - toMinor(amount)) < 1e-6;

export const canSettle = (from: PaymentStatus, to: SettledStatus): boolean => SETTLE_FROM[from].includes(to);

export const isCaptured = (payment: Pick<PaymentRecord, 'status'>): boolean => CAPTURED.includes(payment.status);

/**
 * The gateway took this payment's money once (refunds since then included): processing it
 * again must hand back what happened, never charge a second time.
 */
export const wasCharged = (payment: Pick<PaymentRecord, 'status'>): boolean => CAPTURED.includes(payment.status) || payment.status === 'refunded';

/** What a refund may still return. */
export const refundableMinor = (payment: PaymentRecord): number =>
  isCaptured(payment) ? payment.amountMinor - payment.refundedMinor : 0;

/** Settles a pending payment; a failure or cancellation keeps its reason. */
export function settle(payment: PaymentRecord, to: SettledStatus, options: { reason?: string | null; at: Date }): PaymentRecord {
  if (!canSettle(payment.status, to)) {
    throw new PaymentRuleError('ILLEGAL_TRANSITION', `A ${payment.status} payment cannot become ${to}`);
  }
  return {
    ...payment,
    status: to,
    failureReason: to === 'success' ? null : (options.reason ?? to),
    updatedAt: options.at,
  };
}

/**
 * Returns `amountMinor` (everything still captured when omitted) of a captured payment. The
 * refund is appended to the payment's refunds; the caller stores both.
 */
export function refund(
  payment: PaymentRecord,
  request: { amountMinor?: number | undefined; refundId: string; reason?: string | null | undefined; at: Date },
): { payment: PaymentRecord; refund: RefundRecord } {
  const remaining = refundableMinor(payment);
  if (!isCaptured(payment) || remaining <= 0) {
    throw new PaymentRuleError('NOT_REFUNDABLE', `A ${payment.status} payment cannot be refunded`);
  }
  const amountMinor = request.amountMinor ?? remaining;
  if (!Number.isInteger(amountMinor) || amountMinor <= 0) {
    throw new PaymentRuleError('INVALID_REFUND_AMOUNT', 'A refund must be a positive whole number of minor units');
  }
  if (amountMinor > remaining) {
    throw new PaymentRuleError(
      'REFUND_EXCEEDS_CAPTURED',
      `At most ${fromMinor(remaining).toFixed(2)} ${payment.currency} can still be refunded`,
    );
  }
  const refunded: RefundRecord = {
    refundId: request.refundId,
    amountMinor,
    reason: request.reason ?? null,
    createdAt: request.at,
  };
  const refundedMinor = payment.refundedMinor + amountMinor;
  return {
    refund: refunded,
    payment: {
      ...payment,
      refundedMinor,
      status: refundedMinor === payment.amountMinor ? 'refunded' : 'partially_refunded',
      refunds: [...payment.refunds, refunded],
      updatedAt: request.at,
    },
  };
}
