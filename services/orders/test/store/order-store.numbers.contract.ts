import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import type { OutboxRecord } from '@canteen/service-kit';
import { at, drainOutbox, eventRecorder, newOrder, noEvents, type OpenedOrderStore, type OpenOrderStore, tagged, uniqueTag } from './order-store.fixtures.ts';

const HOUR = 3_600_000;
/** at() is 18:00 in Asia/Kolkata (the stores' default zone); six hours on is the next canteen day there. */
const NEXT_DAY = 6 * HOUR;

const confirmAt = (offsetMs: number) => (order: OrderRecord): OrderRecord => ({
  ...order,
  status: 'confirmed',
  paymentStatus: 'paid',
  updatedAt: at(offsetMs),
});

/** Each written event's order id and queue number, by order id. */
const numbersIn = (records: OutboxRecord[]) =>
  records
    .map((record) => record.payload as { order_id: number; queue_number: number | null })
    .map((payload) => [payload.order_id, payload.queue_number])
    .sort((x, y) => x[0]! - y[0]!);

/**
 * Queue numbers: the store gives an order the day's next number in the transaction that
 * confirms it, so it is recorded with the order and in the event, and never given twice.
 * The events callback may see a stand-in for the number (MySQL takes it in the commit's own
 * round trip); what counts is what the store returns and the events it wrote.
 * Each test opens a fresh database, so numbers can be checked exactly.
 */
export function numbersContract(open: OpenOrderStore): void {
  describe('queue numbers', () => {
    const opened: OpenedOrderStore[] = [];
    const fresh = async (): Promise<OpenedOrderStore> => {
      const one = await open();
      opened.push(one);
      await one.store.migrate();
      return one;
    };
    afterEach(async () => {
      for (const one of opened.splice(0)) await one.cleanup();
    });
    const placeOn = (store: OrderStore, count: number) =>
      Promise.all(Array.from({ length: count }, () => store.createOrder(newOrder(), noEvents)));

    it('when orders are confirmed, then each takes the day’s next number, its event carries it, and later changes keep it', async () => {
      const { store } = await fresh();
      const [a, b, c] = await placeOn(store, 3);
      const { tag, events } = eventRecorder();

      const results = [];
      for (const order of [a!, b!, c!]) results.push(await store.updateOrder(order.id, confirmAt(1000), events));
      const preparing = await store.updateOrder(b!.id, (current) => ({ ...current, status: 'preparing', updatedAt: at(2000) }), noEvents);

      expect(results.map((result) => [result?.before.queueNumber, result?.after.queueNumber])).toEqual([
        [null, 1],
        [null, 2],
        [null, 3],
      ]);
      // Placed together, so their ids may come in any order; numbersIn lists by id.
      const byId = (pairs: number[][]) => pairs.sort((x, y) => x[0]! - y[0]!);
      expect(numbersIn(tagged(await drainOutbox(store), tag))).toEqual(byId([
        [a!.id, 1],
        [b!.id, 2],
        [c!.id, 3],
      ]));
      expect(preparing?.after.queueNumber).toBe(2);
      expect((await store.getOrder(c!.id))?.queueNumber).toBe(3);
    });

    it('when an order is created already confirmed (nothing to charge), then it takes the day’s next number with its event, and the next confirmed order takes the one after', async () => {
      const { store } = await fresh();
      const { tag, events } = eventRecorder();
      const [placed] = await placeOn(store, 1);

      const free = await store.createOrder(newOrder({ status: 'confirmed', paymentStatus: 'paid', totalMinor: 0, updatedAt: at(500) }), events);
      const paid = await store.updateOrder(placed!.id, confirmAt(1000), noEvents);

      expect(free.queueNumber).toBe(1);
      expect((await store.getOrder(free.id))?.queueNumber).toBe(1);
      expect(numbersIn(tagged(await drainOutbox(store), tag))).toEqual([[free.id, 1]]);
      expect(paid?.after.queueNumber).toBe(2);
    });

    it('when an order is changed but not confirmed (placed, then cancelled), then it takes no number and the next one is not skipped', async () => {
      const { store } = await fresh();
      const [cancelled, confirmed] = await placeOn(store, 2);

      await store.updateOrder(cancelled!.id, (current) => ({ ...current, status: 'cancelled', cancelReason: 'payment failed' }), noEvents);
      const result = await store.updateOrder(confirmed!.id, confirmAt(1000), noEvents);

      expect((await store.getOrder(cancelled!.id))?.queueNumber).toBeNull();
      expect(result?.after.queueNumber).toBe(1);
    });

    it('when the canteen’s day changes in its time zone, then numbers start again at 1 and the earlier day’s stay', async () => {
      const { store } = await fresh();
      const [today1, today2, tomorrow1, today3] = await placeOn(store, 4);

      await store.updateOrder(today1!.id, confirmAt(0), noEvents);
      await store.updateOrder(today2!.id, confirmAt(HOUR), noEvents);
      await store.updateOrder(tomorrow1!.id, confirmAt(NEXT_DAY), noEvents);
      // A late confirmation stamped on the first day still takes that day's next number.
      await store.updateOrder(today3!.id, confirmAt(2 * HOUR), noEvents);

      const numbers = await Promise.all([today1, today2, tomorrow1, today3].map(async (o) => (await store.getOrder(o!.id))?.queueNumber));
      expect(numbers).toEqual([1, 2, 1, 3]);
    });

    it('when many orders are confirmed at once, by payment events and by a second store, then every number is given exactly once', async () => {
      const { store, another } = await fresh();
      const second = another?.() ?? store;
      const orders = await placeOn(store, 24);

      const results = await Promise.all(
        orders.map((order, index) =>
          index % 2 === 0
            ? store.updateOrderOnce('payments-test', uniqueTag(), order.id, confirmAt(1000), noEvents)
            : second.updateOrder(order.id, confirmAt(1000), noEvents),
        ),
      );

      const given = results.map((result) => (result && result !== 'duplicate' ? result.after.queueNumber : undefined));
      expect([...given].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      const stored = await Promise.all(orders.map(async (order) => (await store.getOrder(order.id))?.queueNumber));
      expect(stored).toEqual(given);
    });

    it('when one batch of payment events confirms an order and changes it again, then it takes one number, in both events', async () => {
      const { store } = await fresh();
      const [order] = await placeOn(store, 1);
      const { tag, events } = eventRecorder();

      const results = await Promise.all([
        store.updateOrderOnce('payments-test', uniqueTag(), order!.id, confirmAt(1000), events),
        store.updateOrderOnce('payments-test', uniqueTag(), order!.id, (current) => ({ ...current, refundedMinor: 100, updatedAt: at(2000) }), events),
      ]);

      expect(results.map((result) => (result && result !== 'duplicate' ? [result.before.queueNumber, result.after.queueNumber] : result))).toEqual([
        [null, 1],
        [1, 1],
      ]);
      expect(numbersIn(tagged(await drainOutbox(store), tag))).toEqual([
        [order!.id, 1],
        [order!.id, 1],
      ]);
      expect((await store.getOrder(order!.id))?.queueNumber).toBe(1);
    });
  });
}
