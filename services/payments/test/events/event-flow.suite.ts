import { randomUUID } from 'node:crypto';
import type { EventBus } from '@canteen/service-kit';
import { describe, expect, it } from 'vitest';
import {
  cancelledEvent,
  eventually,
  initiatedEvent,
  newOrderId,
  publishCancelled,
  publishInitiated,
  type PaymentEvents,
  type RunningPayments,
} from '../helpers.ts';

export interface FlowContext {
  /** The bus the test publishes on and listens to (the service's exchange). */
  bus: EventBus;
  payments: RunningPayments;
  events: PaymentEvents;
  /** A second instance of the service on the same database and bus (a replica). */
  startReplica(): Promise<RunningPayments>;
  /** The queue names the service consumes from, as declared on the bus. */
  queues: { initiated: string; cancelled: string };
  /** What the bus dead-lettered from a queue, where the test can see it. */
  deadLetters?: (queue: string) => Promise<unknown[]>;
}

/**
 * The payments event flow, run on whichever bus the caller set up (in-process, RabbitMQ).
 * "Nothing else happened" is checked after a barrier, never after a pause: `drain()` sends
 * one more event through each queue and waits for its effect, and both queues and the outbox
 * relay work in order, so everything sent before it has been handled and published by then.
 */
export function paymentEventFlowSuite(name: string, context: () => FlowContext): void {
  describe(name, () => {
    const ctx = () => context();
    const store = () => ctx().payments.store;
    const paymentOf = (orderId: number) => store().getByOrderId(orderId);

    async function drain(): Promise<void> {
      const orderId = newOrderId();
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, method: 'cash' }));
      await eventually(async () => expect(await paymentOf(orderId)).toBeDefined());
      await publishCancelled(ctx().bus, cancelledEvent({ orderId }));
      await eventually(() => expect(ctx().events.of(orderId).failed).toHaveLength(1));
    }

    it('when payment.initiated arrives for a mock payment, then the payment succeeds and payment.success is published', async () => {
      const orderId = newOrderId();
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, amount: 149.99, userId: 55 }));
      const [event] = await eventually(() => {
        const published = ctx().events.of(orderId).succeeded;
        expect(published).toHaveLength(1);
        return published;
      });
      const payment = await paymentOf(orderId);
      expect(payment).toMatchObject({ status: 'success', amountMinor: 14_999, userId: 55, method: 'mock', currency: 'INR' });
      expect(event).toMatchObject({ payment_id: payment!.paymentId, amount: 149.99, user_id: 55, payment_method: 'mock', payment_status: 'success' });
    });

    it('when payment.initiated carries a decline trigger, then payment.failed is published with its reason', async () => {
      const cases = [
        { method: 'card', token: 'tok_card_declined', reason: 'card_declined' },
        { method: 'upi', token: 'fail@upi', reason: 'upi_declined' },
        { method: 'mock', token: 'decline', reason: 'declined' },
        { method: 'card', token: 'tok_insufficient_funds', reason: 'insufficient_funds' },
      ] as const;
      const orders = cases.map(() => newOrderId());
      for (const [i, c] of cases.entries()) await publishInitiated(ctx().bus, initiatedEvent({ orderId: orders[i]!, method: c.method, token: c.token }));
      for (const [i, c] of cases.entries()) {
        await eventually(() => expect(ctx().events.of(orders[i]!).failed).toMatchObject([{ payment_status: 'failed', reason: c.reason }]));
        expect(await paymentOf(orders[i]!)).toMatchObject({ status: 'failed', failureReason: c.reason });
      }
      await drain();
      for (const orderId of orders) expect(ctx().events.of(orderId).succeeded).toHaveLength(0);
    });

    it('when a cash payment is initiated, then it stays pending until staff settle it, and then payment.success is published', async () => {
      const orderId = newOrderId();
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, method: 'cash', amount: 60 }));
      const pending = await eventually(async () => {
        const payment = await paymentOf(orderId);
        expect(payment?.status).toBe('pending');
        return payment!;
      });
      await drain();
      expect(ctx().events.of(orderId).succeeded).toHaveLength(0);

      const res = await ctx().payments.call('PUT', `/api/payments/${pending.paymentId}/status`, {
        token: ctx().payments.tokens.staff,
        body: { status: 'success' },
      });
      expect(res.status).toBe(200);
      await eventually(() => expect(ctx().events.of(orderId).succeeded).toMatchObject([{ payment_id: pending.paymentId, payment_method: 'cash', amount: 60 }]));
    });

    it('when order.cancelled arrives after the payment succeeded, then it is refunded once and payment.refunded is published', async () => {
      const orderId = newOrderId();
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, amount: 80 }));
      await eventually(() => expect(ctx().events.of(orderId).succeeded).toHaveLength(1));
      await publishCancelled(ctx().bus, cancelledEvent({ orderId }));
      const [refunded] = await eventually(() => {
        const published = ctx().events.of(orderId).refunded;
        expect(published).toHaveLength(1);
        return published;
      });
      const payment = await paymentOf(orderId);
      expect(payment).toMatchObject({ status: 'refunded', refundedMinor: 8_000 });
      expect(payment!.refunds).toHaveLength(1);
      expect(refunded).toMatchObject({ amount: 80, refunded_total: 80, fully_refunded: true, refund_id: payment!.refunds[0]!.refundId });
    });

    it('when order.cancelled arrives while a cash payment is pending, then it is cancelled and payment.failed says so', async () => {
      const orderId = newOrderId();
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, method: 'cash' }));
      await eventually(async () => expect(await paymentOf(orderId)).toBeDefined());
      await publishCancelled(ctx().bus, cancelledEvent({ orderId }));
      await eventually(() => expect(ctx().events.of(orderId).failed).toMatchObject([{ payment_status: 'cancelled', reason: 'order_cancelled' }]));
      expect(await paymentOf(orderId)).toMatchObject({ status: 'cancelled', failureReason: 'order_cancelled', refunds: [] });
    });

    it('when every event comes three times and the cancellation overtakes the initiation, then the order is never charged', async () => {
      const orderId = newOrderId();
      const cancel = cancelledEvent({ orderId });
      const initiate = initiatedEvent({ orderId, amount: 75 });
      for (let i = 0; i < 3; i++) await publishCancelled(ctx().bus, cancel);
      await drain(); // the tombstone is in before the late initiation
      for (let i = 0; i < 3; i++) await publishInitiated(ctx().bus, initiate);
      await drain();
      expect(await paymentOf(orderId)).toMatchObject({ status: 'cancelled', failureReason: 'order_cancelled', refundedMinor: 0, refunds: [] });
      expect(ctx().events.of(orderId)).toMatchObject({ succeeded: [], refunded: [], failed: [{ payment_status: 'cancelled', reason: 'order_cancelled' }] });
    });

    it('when every event comes three times in order, then there is one payment and one refund', async () => {
      const orderId = newOrderId();
      const initiate = initiatedEvent({ orderId, amount: 42 });
      const cancel = cancelledEvent({ orderId });
      for (let i = 0; i < 3; i++) await publishInitiated(ctx().bus, initiate);
      // Another initiation of the same order under a new event id creates nothing either.
      await publishInitiated(ctx().bus, initiatedEvent({ orderId, amount: 42 }));
      await eventually(() => expect(ctx().events.of(orderId).succeeded).toHaveLength(1));
      for (let i = 0; i < 3; i++) await publishCancelled(ctx().bus, cancel);
      await drain();
      const payment = await paymentOf(orderId);
      expect(payment).toMatchObject({ status: 'refunded', refundedMinor: 4_200 });
      expect(payment!.refunds).toHaveLength(1);
      const published = ctx().events.of(orderId);
      expect(published.succeeded).toHaveLength(1);
      expect(published.refunded).toHaveLength(1);
      expect(published.failed).toHaveLength(0);
    });

    it('when two replicas get two different order.cancelled events for one paid order at once, then there is exactly one refund', async () => {
      const replica = await ctx().startReplica();
      try {
        const orderId = newOrderId();
        await publishInitiated(ctx().bus, initiatedEvent({ orderId, amount: 99 }));
        await eventually(() => expect(ctx().events.of(orderId).succeeded).toHaveLength(1));
        await Promise.all([
          publishCancelled(ctx().bus, cancelledEvent({ orderId })),
          publishCancelled(ctx().bus, cancelledEvent({ orderId })),
          publishCancelled(ctx().bus, cancelledEvent({ orderId })),
          publishCancelled(ctx().bus, cancelledEvent({ orderId })),
        ]);
        await eventually(() => expect(ctx().events.of(orderId).refunded).toHaveLength(1));
        await drain();
        const payment = await paymentOf(orderId);
        expect(payment).toMatchObject({ status: 'refunded', refundedMinor: 9_900 });
        expect(payment!.refunds).toHaveLength(1);
        expect(ctx().events.of(orderId).refunded).toHaveLength(1);
      } finally {
        await replica.stop();
      }
    });

    it('when staff create a payment for an order already cancelled, then it is 409 and nothing is created', async () => {
      const orderId = newOrderId();
      await publishCancelled(ctx().bus, cancelledEvent({ orderId }));
      await drain();
      const res = await ctx().payments.call('POST', '/api/payments/', {
        token: ctx().payments.tokens.staff,
        body: { order_id: orderId, user_id: 5, amount: 10 },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ORDER_CANCELLED');
      expect(await paymentOf(orderId)).toBeUndefined();
    });

    it('when an event breaks its contract, then nothing changes and it ends in the dead letters', async () => {
      const orderId = newOrderId();
      const bad = { ...initiatedEvent({ orderId }), amount: 'a lot', event_id: randomUUID() };
      await ctx().bus.publish('payment.initiated', bad, { messageId: bad.event_id });
      const negative = initiatedEvent({ orderId, amount: -5 });
      await publishInitiated(ctx().bus, negative);
      const deadLetters = ctx().deadLetters;
      if (deadLetters) await eventually(async () => expect(await deadLetters(ctx().queues.initiated)).toHaveLength(2));
      await drain();
      expect(await paymentOf(orderId)).toBeUndefined();
      expect(ctx().events.of(orderId)).toEqual({ succeeded: [], failed: [], refunded: [] });
    });
  });
}
