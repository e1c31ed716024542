import type { OrderStatus } from '@canteen/contracts';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from './order.ts';
import { paymentFailed, paymentRefunded, paymentSucceeded } from './payment-answers.ts';

const now = new Date('2026-12-07T06:30:00Z');
const order = (status: OrderStatus, paymentStatus: OrderRecord['paymentStatus'] = 'pending', refundedMinor = 0): OrderRecord => ({
  id: 7,
  userId: 101,
  status,
  totalMinor: 12_000,
  currency: 'INR',
  paymentId: null,
  paymentMethod: 'card',
  paymentStatus,
  refundedMinor,
  queueNumber: null,
  specialInstructions: null,
  cancelReason: null,
  createdAt: new Date('2026-12-07T06:29:00Z'),
  updatedAt: new Date('2026-12-07T06:29:00Z'),
  items: [],
});

describe('payment answers (the state machine\'s payment rules)', () => {
  it('when a placed order is paid, then it is confirmed and paid', () => {
    expect(paymentSucceeded(order('placed'), { paymentId: 'p1' }, now)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', paymentId: 'p1' });
  });

  it('when a paid order hears success again, then nothing changes', () => {
    expect(paymentSucceeded(order('confirmed', 'paid'), { paymentId: 'p1' }, now)).toBeUndefined();
  });

  it('when a success arrives for an order already cancelled, then it is marked paid but stays cancelled (the refund follows)', () => {
    expect(paymentSucceeded(order('cancelled'), { paymentId: 'p1' }, now)).toMatchObject({ status: 'cancelled', paymentStatus: 'paid' });
  });

  it('when a placed order\'s payment fails, then it is cancelled with the reason', () => {
    expect(paymentFailed(order('placed'), { paymentId: 'p1', status: 'failed', reason: 'card declined' }, now)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'failed',
      cancelReason: 'payment failed: card declined',
    });
  });

  it('when a failure arrives after the order was paid, then it is ignored', () => {
    expect(paymentFailed(order('confirmed', 'paid'), { paymentId: 'p1', status: 'failed', reason: 'late' }, now)).toBeUndefined();
  });

  it('when everything is refunded on an order in the kitchen, then it is cancelled; on a completed one it is not', () => {
    const full = { paymentId: 'p1', refundedTotalMinor: 12_000, fullyRefunded: true };
    expect(paymentRefunded(order('preparing', 'paid'), full, now)).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded', cancelReason: 'refunded in full' });
    expect(paymentRefunded(order('completed', 'paid'), full, now)).toMatchObject({ status: 'completed', paymentStatus: 'refunded' });
  });

  it('when part is refunded, then the order carries on; an older, smaller refund total changes nothing', () => {
    const part = { paymentId: 'p1', refundedTotalMinor: 4_000, fullyRefunded: false };
    expect(paymentRefunded(order('ready', 'paid'), part, now)).toMatchObject({ status: 'ready', paymentStatus: 'partially_refunded', refundedMinor: 4_000 });
    expect(paymentRefunded(order('ready', 'partially_refunded', 6_000), part, now)).toBeUndefined();
  });
});
