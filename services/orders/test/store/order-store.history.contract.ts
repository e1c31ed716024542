import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderStore, StatusActor } from '../../src/store/order.store.ts';
import { at, newOrder, noEvents } from './order-store.fixtures.ts';

/** The status history: one line per move, written with the move (or not at all). Runs on the shared store. */
export function historyContract(store: () => OrderStore): void {
  describe('status history', () => {
    const student: StatusActor = { userId: 101, role: 'CUSTOMER' };
    const cook: StatusActor = { userId: 900, role: 'STAFF' };
    const move = (status: OrderRecord['status'], offsetMs: number, extra: Partial<OrderRecord> = {}) => (current: OrderRecord): OrderRecord => ({
      ...current,
      ...extra,
      status,
      updatedAt: at(offsetMs),
    });

    it('when an order is placed and moved by people and by an event, then each move is a line, oldest first, with its time and actor', async () => {
      const order = await store().createOrder(newOrder({ createdAt: at(0), updatedAt: at(0) }), noEvents, undefined, student);
      await store().updateOrderOnce('orders.payment-succeeded', randomUUID(), order.id, move('confirmed', 1_000, { paymentStatus: 'paid' }), noEvents);
      await store().updateOrder(order.id, move('preparing', 2_000), noEvents, cook);
      await store().updateOrder(order.id, move('cancelled', 3_000, { cancelReason: 'burnt' }), noEvents, { userId: 901, role: 'ADMIN' });

      expect(await store().statusHistory(order.id)).toEqual([
        { fromStatus: null, toStatus: 'placed', actor: student, reason: null, at: at(0) },
        { fromStatus: 'placed', toStatus: 'confirmed', actor: { userId: null, role: 'system' }, reason: null, at: at(1_000) },
        { fromStatus: 'confirmed', toStatus: 'preparing', actor: cook, reason: null, at: at(2_000) },
        { fromStatus: 'preparing', toStatus: 'cancelled', actor: { userId: 901, role: 'ADMIN' }, reason: 'burnt', at: at(3_000) },
      ]);
    });

    it('when a change leaves the status as it was, then no line is added', async () => {
      const order = await store().createOrder(newOrder(), noEvents, undefined, student);
      await store().updateOrder(order.id, (current) => ({ ...current, refundedMinor: 100 }), noEvents, cook);
      await store().updateOrderOnce('orders.payment-refunded', randomUUID(), order.id, (current) => ({ ...current, paymentStatus: 'failed' }), noEvents);

      expect((await store().statusHistory(order.id)).map((line) => line.toStatus)).toEqual(['placed']);
    });

    it('when a change is refused, then its line is not written either (same transaction)', async () => {
      const order = await store().createOrder(newOrder(), noEvents, undefined, student);
      await expect(
        store().updateOrder(order.id, () => {
          throw new Error('refused');
        }, noEvents, cook),
      ).rejects.toThrow('refused');
      await expect(
        store().updateOrder(order.id, move('confirmed', 1_000), () => {
          throw new Error('events failed');
        }, cook),
      ).rejects.toThrow('events failed');

      expect(await store().statusHistory(order.id)).toHaveLength(1);
      expect((await store().getOrder(order.id))?.status).toBe('placed');
    });

    it('when no actor is given, then the move is the system\'s; and an unknown order has no history', async () => {
      const order = await store().createOrder(newOrder(), noEvents);
      expect((await store().statusHistory(order.id))[0]?.actor).toEqual({ userId: null, role: 'system' });
      expect(await store().statusHistory(2 ** 40)).toEqual([]);
    });
  });
}
