import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { at, drainOutbox, eventRecorder, newLine, newOrder, noEvents, tagged } from './order-store.fixtures.ts';

/** updateOrder: a row-locked read-modify-write whose events commit with it. Runs on the shared store. */
export function updateContract(store: () => OrderStore): void {
  describe('updateOrder', () => {
    const create = (overrides: Parameters<typeof newOrder>[0] = {}) => store().createOrder(newOrder(overrides), noEvents);
    const confirm = (order: OrderRecord): OrderRecord => ({
      ...order,
      status: 'confirmed',
      paymentStatus: 'paid',
      paymentId: 'pay_42',
      queueNumber: 12,
      updatedAt: at(5_000),
    });

    it('when a change is applied, then the order is stored changed and its events see before and after and reach the outbox', async () => {
      const order = await create();
      const { tag, events, calls, made } = eventRecorder();

      const result = await store().updateOrder(order.id, confirm, events);

      const after = confirm(order);
      expect(result).toEqual({ before: order, after, changed: true });
      expect(await store().getOrder(order.id)).toEqual(after);
      expect(calls).toEqual([{ before: order, after }]);
      const published = tagged(await drainOutbox(store()), tag);
      expect(published).toEqual([{ ...made[0], attempts: 0 }]);
      expect(published[0]?.payload).toMatchObject({ order_id: order.id, old_status: 'placed', new_status: 'confirmed' });
    });

    it('when a change mutates its argument, then `before` is still what was stored', async () => {
      const order = await create();

      const result = await store().updateOrder(
        order.id,
        (current) => {
          current.status = 'cancelled';
          current.cancelReason = 'changed my mind';
          return current;
        },
        noEvents,
      );

      expect(result?.before).toEqual(order);
      expect(result?.after).toEqual({ ...order, status: 'cancelled', cancelReason: 'changed my mind' });
    });

    it('when the change returns undefined, then nothing changes and no events are made', async () => {
      const order = await create();
      const { tag, events, calls } = eventRecorder();

      const result = await store().updateOrder(order.id, () => undefined, events);

      expect(result).toEqual({ before: order, after: order, changed: false });
      expect(calls).toEqual([]);
      expect(await store().getOrder(order.id)).toEqual(order);
      expect(tagged(await drainOutbox(store()), tag)).toEqual([]);
    });

    it('when the change throws, then its error comes out and nothing is written', async () => {
      const order = await create();
      const { tag, events, calls } = eventRecorder();
      const refusal = new Error('an order cannot go back from placed to placed');

      await expect(
        store().updateOrder(
          order.id,
          () => {
            throw refusal;
          },
          events,
        ),
      ).rejects.toBe(refusal);

      expect(calls).toEqual([]);
      expect(await store().getOrder(order.id)).toEqual(order);
      expect(tagged(await drainOutbox(store()), tag)).toEqual([]);
    });

    it('when the events callback throws, then the change is not written either', async () => {
      const order = await create();

      await expect(
        store().updateOrder(order.id, confirm, () => {
          throw new Error('schema says no');
        }),
      ).rejects.toThrow('schema says no');

      expect(await store().getOrder(order.id)).toEqual(order);
    });

    it('when the order does not exist, then the result is undefined and neither callback runs', async () => {
      let changeCalls = 0;
      const { events, calls } = eventRecorder();
      const change = (current: OrderRecord) => {
        changeCalls += 1;
        return current;
      };

      expect(await store().updateOrder(2 ** 40, change, events)).toBeUndefined();
      expect(await store().updateOrder(0, change, events)).toBeUndefined();

      expect(changeCalls).toBe(0);
      expect(calls).toEqual([]);
    });

    it('when a change sets updatedAt, then it is stored as set, even earlier than before', async () => {
      const order = await create({ updatedAt: at(10_000) });

      const result = await store().updateOrder(order.id, (current) => ({ ...current, status: 'confirmed', updatedAt: at(9_999) }), noEvents);

      expect(result?.after.updatedAt).toEqual(at(9_999));
      expect((await store().getOrder(order.id))?.updatedAt).toEqual(at(9_999));
    });

    it('when a change tries to alter id, createdAt or the lines, then those stay as stored', async () => {
      const order = await create({ items: [newLine(), newLine()] });

      const result = await store().updateOrder(
        order.id,
        (current) => ({ ...current, id: current.id + 1, createdAt: at(-1), items: [], refundedMinor: 500 }),
        noEvents,
      );

      const expected = { ...order, refundedMinor: 500 };
      expect(result?.after).toEqual(expected);
      expect(await store().getOrder(order.id)).toEqual(expected);
    });

    it('when nullable fields are set and cleared again, then they read back as set', async () => {
      const order = await create();

      await store().updateOrder(order.id, (current) => ({ ...current, cancelReason: 'kitchen closed', queueNumber: 3, paymentId: 'p' }), noEvents);
      const cleared = await store().updateOrder(
        order.id,
        (current) => ({ ...current, cancelReason: null, queueNumber: null, paymentId: null }),
        noEvents,
      );

      expect(cleared?.before).toMatchObject({ cancelReason: 'kitchen closed', queueNumber: 3, paymentId: 'p' });
      expect(await store().getOrder(order.id)).toEqual(order);
    });

    it('when 20 updates of one order run at once, then none is lost and each wrote its event', async () => {
      const order = await create();
      const { tag, events } = eventRecorder();

      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          store().updateOrder(order.id, (current) => ({ ...current, refundedMinor: current.refundedMinor + 1 }), events),
        ),
      );

      expect(results.every((result) => result?.changed)).toBe(true);
      // Each saw a different value: they ran one after another on the row lock.
      expect(results.map((result) => result!.after.refundedMinor).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store().getOrder(order.id))?.refundedMinor).toBe(20);
      expect(tagged(await drainOutbox(store()), tag)).toHaveLength(20);
    });
  });
}
