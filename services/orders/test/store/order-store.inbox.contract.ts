import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderEvents, OrderStore } from '../../src/store/order.store.ts';
import { drainOutbox, eventRecorder, newOrder, noEvents, tagged } from './order-store.fixtures.ts';

/** updateOrderOnce: updateOrder at most once per (consumer, eventId). Runs on the shared store. */
export function inboxContract(store: () => OrderStore): void {
  describe('updateOrderOnce', () => {
    const create = () => store().createOrder(newOrder(), noEvents);
    /** A change that refunds 1 and counts how often it ran. */
    const refundOne = () => {
      const counter = { runs: 0 };
      const change = (current: OrderRecord): OrderRecord => {
        counter.runs += 1;
        return { ...current, refundedMinor: current.refundedMinor + 1 };
      };
      return { counter, change };
    };
    const refunded = async (id: number) => (await store().getOrder(id))?.refundedMinor;

    it('when the same event comes twice to one consumer, then the second is a duplicate with no effect and no events', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { tag, events, calls } = eventRecorder();
      const { counter, change } = refundOne();

      const first = await store().updateOrderOnce('orders.payment-succeeded', eventId, order.id, change, events);
      const second = await store().updateOrderOnce('orders.payment-succeeded', eventId, order.id, change, events);

      expect(first).toEqual({ before: order, after: { ...order, refundedMinor: 1 }, changed: true });
      expect(second).toBe('duplicate');
      expect(counter.runs).toBe(1);
      expect(calls).toHaveLength(1);
      expect(await refunded(order.id)).toBe(1);
      expect(tagged(await drainOutbox(store()), tag)).toHaveLength(1);
    });

    it('when two consumers get the same event, then each applies it once', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { change } = refundOne();

      const a = await store().updateOrderOnce('consumer-a', eventId, order.id, change, noEvents);
      const b = await store().updateOrderOnce('consumer-b', eventId, order.id, change, noEvents);
      const again = await store().updateOrderOnce('consumer-a', eventId, order.id, change, noEvents);

      expect(a).toMatchObject({ changed: true });
      expect(b).toMatchObject({ changed: true });
      expect(again).toBe('duplicate');
      expect(await refunded(order.id)).toBe(2);
    });

    it('when the change throws, then the event is not recorded and a retry applies it', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { change } = refundOne();

      await expect(
        store().updateOrderOnce('orders.payment-failed', eventId, order.id, () => {
          throw new Error('database hiccup');
        }, noEvents),
      ).rejects.toThrow('database hiccup');
      const retry = await store().updateOrderOnce('orders.payment-failed', eventId, order.id, change, noEvents);

      expect(retry).toMatchObject({ changed: true });
      expect(await refunded(order.id)).toBe(1);
    });

    it('when the change has nothing to do, then the event still counts as handled', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { change } = refundOne();

      const first = await store().updateOrderOnce('orders.late', eventId, order.id, () => undefined, noEvents);
      const second = await store().updateOrderOnce('orders.late', eventId, order.id, change, noEvents);

      expect(first).toEqual({ before: order, after: order, changed: false });
      expect(second).toBe('duplicate');
      expect(await refunded(order.id)).toBe(0);
    });

    it('when the order does not exist, then the result is undefined and the event is not recorded', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { change } = refundOne();

      expect(await store().updateOrderOnce('orders.x', eventId, 2 ** 40, change, noEvents)).toBeUndefined();
      // Same (consumer, eventId) once more: not a duplicate, since nothing was recorded.
      expect(await store().updateOrderOnce('orders.x', eventId, order.id, change, noEvents)).toMatchObject({ changed: true });
    });

    // Events that come at once may share a transaction (MySQL groups them): each still gets its own answer.
    it('when events for several orders come at once, then each applies once and events for one order apply in the order they came', async () => {
      const [a, b] = [await create(), await create()];
      const { tag, events } = eventRecorder();
      const plusOne = (current: OrderRecord) => ({ ...current, refundedMinor: current.refundedMinor + 1 });
      const timesTen = (current: OrderRecord) => ({ ...current, refundedMinor: current.refundedMinor * 10 });

      const [first, second, other] = await Promise.all([
        store().updateOrderOnce('orders.many', randomUUID(), a.id, plusOne, events),
        store().updateOrderOnce('orders.many', randomUUID(), a.id, timesTen, events),
        store().updateOrderOnce('orders.many', randomUUID(), b.id, plusOne, events),
      ]);

      expect(first).toMatchObject({ before: { refundedMinor: 0 }, after: { refundedMinor: 1 }, changed: true });
      expect(second).toMatchObject({ before: { refundedMinor: 1 }, after: { refundedMinor: 10 }, changed: true });
      expect(other).toMatchObject({ before: { refundedMinor: 0 }, after: { refundedMinor: 1 }, changed: true });
      expect(await refunded(a.id)).toBe(10);
      expect(await refunded(b.id)).toBe(1);
      expect(tagged(await drainOutbox(store()), tag)).toHaveLength(3);
    });

    it('when one of several events at once is refused or for an unknown order, then only it fails, it is not recorded, and the others apply', async () => {
      const order = await create();
      const [refusedId, unknownId, fineId, handledId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const { change } = refundOne();
      await store().updateOrderOnce('orders.mixed', handledId, order.id, change, noEvents);

      const results = await Promise.allSettled([
        store().updateOrderOnce('orders.mixed', refusedId, order.id, () => {
          throw new Error('illegal move');
        }, noEvents),
        store().updateOrderOnce('orders.mixed', unknownId, 2 ** 40, change, noEvents),
        store().updateOrderOnce('orders.mixed', fineId, order.id, change, noEvents),
        store().updateOrderOnce('orders.mixed', handledId, order.id, change, noEvents),
      ]);

      expect(results[0]).toMatchObject({ status: 'rejected', reason: new Error('illegal move') });
      expect(results[1]).toEqual({ status: 'fulfilled', value: undefined });
      expect(results[2]).toMatchObject({ status: 'fulfilled', value: { after: { refundedMinor: 2 }, changed: true } });
      expect(results[3]).toEqual({ status: 'fulfilled', value: 'duplicate' });
      expect(await refunded(order.id)).toBe(2);
      // Neither the refused event nor the one for an unknown order counts as handled: each applies when it comes again.
      expect(await store().updateOrderOnce('orders.mixed', refusedId, order.id, change, noEvents)).toMatchObject({ changed: true });
      expect(await store().updateOrderOnce('orders.mixed', unknownId, order.id, change, noEvents)).toMatchObject({ changed: true });
      expect(await refunded(order.id)).toBe(4);
    });

    it('when the database refuses one of several events at once, then only that event fails and is not recorded', async () => {
      const order = await create();
      const { change } = refundOne();
      // An outbox event id that is taken already: the store cannot write that event's outbox row.
      const takenId = randomUUID();
      const clash: OrderEvents = () => [{ eventId: takenId, routingKey: 'order.test', payload: {} }];
      await store().updateOrderOnce('orders.refused', randomUUID(), order.id, change, clash);
      const [failingId, fineId] = [randomUUID(), randomUUID()];

      const results = await Promise.allSettled([
        store().updateOrderOnce('orders.refused', failingId, order.id, change, clash),
        store().updateOrderOnce('orders.refused', fineId, order.id, change, noEvents),
      ]);

      expect(results[0]!.status).toBe('rejected');
      expect(results[1]).toMatchObject({ status: 'fulfilled', value: { changed: true } });
      expect(await refunded(order.id)).toBe(2);
      // The refused event was not marked handled: it applies once its writes can be made.
      expect(await store().updateOrderOnce('orders.refused', failingId, order.id, change, noEvents)).toMatchObject({ changed: true });
      expect(await refunded(order.id)).toBe(3);
    });

    it('when one event is delivered five times at once, then exactly one delivery applies it', async () => {
      const order = await create();
      const eventId = randomUUID();
      const { counter, change } = refundOne();

      const results = await Promise.all(
        Array.from({ length: 5 }, () => store().updateOrderOnce('orders.redelivered', eventId, order.id, change, noEvents)),
      );

      expect(results.filter((result) => result === 'duplicate')).toHaveLength(4);
      expect(results.filter((result) => typeof result === 'object' && result.changed)).toHaveLength(1);
      expect(counter.runs).toBe(1);
      expect(await refunded(order.id)).toBe(1);
    });
  });
}
