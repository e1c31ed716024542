import { afterEach, describe, expect, it } from 'vitest';
import { PREP_SAMPLES_KEPT } from '../../src/store/queue-store.limits.ts';
import type { QueueStore } from '../../src/store/queue.store.ts';
import {
  DAY,
  HOUR,
  manualClock,
  MIN,
  newEntry,
  NEXT_DAY,
  type OpenedQueueStore,
  type OpenOptions,
  type OpenQueueStore,
  T0,
  uniqueOrderId,
} from './queue-store.fixtures.ts';
import { streamContract } from './queue-store.stream.contract.ts';

export type { OpenedQueueStore, OpenQueueStore } from './queue-store.fixtures.ts';

/**
 * The behaviour every `QueueStore` adapter must show. Every test opens fresh, empty data, so
 * counters and sequence numbers can be checked exactly.
 */
export function queueStoreContract(name: string, openStore: OpenQueueStore): void {
  describe(name, () => {
    const opened: OpenedQueueStore[] = [];
    const open = async (options?: OpenOptions) => {
      const fresh = await openStore(options);
      opened.push(fresh);
      return fresh;
    };
    const fresh = async (options?: OpenOptions): Promise<QueueStore> => (await open(options)).store;

    afterEach(async () => {
      for (const one of opened.splice(0)) await one.cleanup();
    });

    describe('assignNumber', () => {
      it('when orders ask for numbers on a day, then they get 1, 2, 3 in the order they asked', async () => {
        const store = await fresh();

        const numbers = [await store.assignNumber(11, DAY), await store.assignNumber(12, DAY), await store.assignNumber(13, DAY)];

        expect(numbers).toEqual([1, 2, 3]);
      });

      it('when an order asks again, then it gets its number back and the next order is not skipped', async () => {
        const store = await fresh();
        await store.assignNumber(11, DAY);
        const first = await store.assignNumber(12, DAY);

        const again = await store.assignNumber(12, DAY);
        const next = await store.assignNumber(13, DAY);

        expect(again).toBe(first);
        expect(next).toBe(3);
        expect((await store.dayStats(DAY)).ordersToday).toBe(3);
      });

      it('when another day begins, then its numbers start again at 1 and the earlier day keeps its own', async () => {
        const store = await fresh();
        await store.assignNumber(11, DAY);
        await store.assignNumber(12, DAY);

        expect(await store.assignNumber(13, NEXT_DAY)).toBe(1);
        expect(await store.assignNumber(14, NEXT_DAY)).toBe(2);
        expect(await store.assignNumber(12, DAY)).toBe(2);
        expect(await store.assignNumber(15, DAY)).toBe(3);
      });

      it('when 20 orders ask at once, then they get 1..20, each number once', async () => {
        const { store, another } = await open();
        const replicas = [store, ...(another ? [await another(), await another()] : [])];

        const numbers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => replicas[i % replicas.length]!.assignNumber(100 + i, DAY)),
        );

        expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await store.dayStats(DAY)).ordersToday).toBe(20);
      });

      it('when the number comes with the order (given by the orders service), then it is the order’s, asking again returns it, and the day counts up to it', async () => {
        const store = await fresh();

        expect(await store.assignNumber(11, DAY, 5)).toBe(5);
        expect(await store.assignNumber(12, DAY, 3)).toBe(3);

        expect(await store.assignNumber(11, DAY)).toBe(5);
        expect(await store.assignNumber(12, DAY)).toBe(3);
        expect((await store.dayStats(DAY)).ordersToday).toBe(5);
        expect((await store.dayStats(NEXT_DAY)).ordersToday).toBe(0);
      });

      it('when one order asks 10 times at once, then every call gets the same number and the day gave out one', async () => {
        const { store, another } = await open();
        const replicas = [store, ...(another ? [await another()] : [])];

        const numbers = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % replicas.length]!.assignNumber(42, DAY)));

        expect(new Set(numbers)).toEqual(new Set([1]));
        expect(await store.assignNumber(43, DAY)).toBe(2);
      });
    });

    describe('entries', () => {
      it('when an entry is saved, then it reads back equal, and an unknown order reads as undefined', async () => {
        const store = await fresh();
        const entry = newEntry({ priority: 2, preparingAt: T0 + MIN });

        await store.saveEntry(entry);

        expect(await store.getEntry(entry.orderId)).toEqual(entry);
        expect(await store.getEntry(uniqueOrderId())).toBeUndefined();
      });

      it('when an entry is saved again, then the newer version replaces it', async () => {
        const store = await fresh();
        const entry = newEntry();
        await store.saveEntry(entry);
        const preparing = { ...entry, status: 'preparing' as const, preparingAt: T0 + MIN, priority: 5 };

        await store.saveEntry(preparing);

        expect(await store.getEntry(entry.orderId)).toEqual(preparing);
        expect(await store.listActive()).toEqual([preparing]);
      });

      it('when an older state is saved over one further along, then it is refused and the stored one stands', async () => {
        const store = await fresh();
        const entry = newEntry();
        const ready = { ...entry, status: 'ready' as const, preparingAt: T0 + MIN, readyAt: T0 + 2 * MIN };
        expect(await store.saveEntry(ready)).toBe(true);

        expect(await store.saveEntry({ ...entry, status: 'preparing', preparingAt: T0 + MIN })).toBe(false);
        expect(await store.saveEntry({ ...entry, priority: 3 })).toBe(false);

        expect(await store.getEntry(entry.orderId)).toEqual(ready);
        expect(await store.saveEntry({ ...ready, priority: 4 })).toBe(true);
        expect((await store.getEntry(entry.orderId))?.priority).toBe(4);
      });

      it('when two writers race to save one order at different stages, then the one further along is what stays', async () => {
        const store = await fresh();
        const entry = newEntry();
        const preparing = { ...entry, status: 'preparing' as const, preparingAt: T0 + MIN };

        await Promise.all([store.saveEntry(preparing), store.saveEntry(entry), store.saveEntry(entry)]);

        expect((await store.getEntry(entry.orderId))?.status).toBe('preparing');
      });

      it('when the caller changes a saved or read entry object, then the stored entry does not change', async () => {
        const store = await fresh();
        const entry = newEntry();
        const original = structuredClone(entry);
        await store.saveEntry(entry);

        entry.lines[0]!.quantity = 99;
        const read = await store.getEntry(entry.orderId);
        read!.lines[1]!.quantity = 99;

        expect(await store.getEntry(entry.orderId)).toEqual(original);
      });

      it('when entries are waiting, preparing, ready and completed, then listActive gives all but the completed one', async () => {
        const store = await fresh();
        const waiting = newEntry();
        const preparing = newEntry({ status: 'preparing', preparingAt: T0 + MIN });
        const ready = newEntry({ status: 'ready', preparingAt: T0 + MIN, readyAt: T0 + 5 * MIN });
        const completed = newEntry({ status: 'completed', readyAt: T0 + 5 * MIN, completedAt: T0 + 6 * MIN });
        for (const entry of [waiting, preparing, ready, completed]) await store.saveEntry(entry);

        const active = await store.listActive();

        const byId = (a: { orderId: number }, b: { orderId: number }) => a.orderId - b.orderId;
        expect([...active].sort(byId)).toEqual([waiting, preparing, ready].sort(byId));
        expect(await store.getEntry(completed.orderId)).toEqual(completed);
      });

      it('when an active entry is saved as completed, then it leaves listActive but can still be read', async () => {
        const store = await fresh();
        const entry = newEntry({ status: 'ready', readyAt: T0 + 5 * MIN });
        await store.saveEntry(entry);
        const completed = { ...entry, status: 'completed' as const, completedAt: T0 + 6 * MIN };

        await store.saveEntry(completed);

        expect(await store.listActive()).toEqual([]);
        expect(await store.getEntry(entry.orderId)).toEqual(completed);
      });

      it('when an entry is removed, then it is gone everywhere, and removing it again says false', async () => {
        const store = await fresh();
        const kept = newEntry();
        const removed = newEntry();
        await store.saveEntry(kept);
        await store.saveEntry(removed);

        expect(await store.removeEntry(removed.orderId)).toBe(true);
        expect(await store.removeEntry(removed.orderId)).toBe(false);
        expect(await store.getEntry(removed.orderId)).toBeUndefined();
        expect(await store.listActive()).toEqual([kept]);
      });
    });

    describe('recordOnce and isRecorded', () => {
      it('when an event is seen the first time, then it says true, after that false, per consumer', async () => {
        const store = await fresh();

        expect(await store.isRecorded('orders', 'evt-1')).toBe(false);
        expect(await store.recordOnce('orders', 'evt-1')).toBe(true);
        expect(await store.recordOnce('orders', 'evt-1')).toBe(false);
        expect(await store.isRecorded('orders', 'evt-1')).toBe(true);
        expect(await store.recordOnce('finished', 'evt-1')).toBe(true);
        expect(await store.recordOnce('orders', 'evt-2')).toBe(true);
      });

      it('when isRecorded asks about an event, then it does not record it', async () => {
        const store = await fresh();

        await store.isRecorded('orders', 'evt-1');

        expect(await store.recordOnce('orders', 'evt-1')).toBe(true);
      });

      it('when one event is recorded 10 times at once, then exactly one call says true', async () => {
        const { store, another } = await open();
        const replicas = [store, ...(another ? [await another()] : [])];

        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % replicas.length]!.recordOnce('orders', 'evt-x')));

        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('statistics', () => {
      it('when nothing happened on a day, then its stats are zeros', async () => {
        const store = await fresh();

        expect(await store.dayStats(DAY)).toEqual({ ordersToday: 0, waitSumMs: 0, waitCount: 0 });
        expect(await store.readyCountSince(0)).toBe(0);
      });

      it('when numbers are given and waits recorded, then the day counts them and other days do not', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        for (const orderId of [1, 2, 3]) await store.assignNumber(orderId, DAY);
        await store.assignNumber(4, NEXT_DAY);

        await store.recordWait(DAY, 4 * MIN, T0 - 10 * MIN);
        await store.recordWait(DAY, 6 * MIN, T0 - 5 * MIN);
        await store.recordWait(NEXT_DAY, 1 * MIN, T0);

        expect(await store.dayStats(DAY)).toEqual({ ordersToday: 3, waitSumMs: 10 * MIN, waitCount: 2 });
        expect(await store.dayStats(NEXT_DAY)).toEqual({ ordersToday: 1, waitSumMs: MIN, waitCount: 1 });
      });

      it('when orders were made ready at several times, then readyCountSince counts those at or after the time', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        // Two in the same millisecond count twice.
        for (const readyAt of [T0 - 30 * MIN, T0 - 10 * MIN, T0 - 10 * MIN, T0 - MIN]) await store.recordWait(DAY, MIN, readyAt);

        expect(await store.readyCountSince(T0 - HOUR)).toBe(4);
        expect(await store.readyCountSince(T0 - 10 * MIN)).toBe(3);
        expect(await store.readyCountSince(T0 - MIN)).toBe(1);
        expect(await store.readyCountSince(T0)).toBe(0);
      });

      it('when ready times fall out of the two-hour window, then they are no longer counted', async () => {
        const clock = manualClock();
        const store = await fresh({ now: clock.now });
        await store.recordWait(DAY, MIN, T0 - MIN);
        await store.recordWait(DAY, MIN, T0 - 3 * HOUR);
        clock.advance(2 * HOUR);

        await store.recordWait(DAY, MIN, clock.now());

        expect(await store.readyCountSince(0)).toBe(1);
        expect((await store.dayStats(DAY)).waitCount).toBe(3);
      });
    });

    describe('prep samples', () => {
      it('when no samples were added, then prepSamples is empty', async () => {
        const store = await fresh();

        expect(await store.prepSamples()).toEqual(new Map());
      });

      it('when samples are added for items, then each item gives its ratios oldest first, exactly', async () => {
        const store = await fresh();
        await store.addPrepSample('dosa', 1.25);
        await store.addPrepSample('chai', 0.8333333333333334);
        await store.addPrepSample('dosa', 0.9);

        expect(await store.prepSamples()).toEqual(
          new Map([
            ['dosa', [1.25, 0.9]],
            ['chai', [0.8333333333333334]],
          ]),
        );
      });

      it(`when more than ${PREP_SAMPLES_KEPT} samples are added for an item, then the newest ${PREP_SAMPLES_KEPT} are kept`, async () => {
        const store = await fresh();
        const ratios = Array.from({ length: PREP_SAMPLES_KEPT + 10 }, (_, i) => 1 + i / 100);
        for (const ratio of ratios) await store.addPrepSample('dosa', ratio);

        expect((await store.prepSamples()).get('dosa')).toEqual(ratios.slice(-PREP_SAMPLES_KEPT));
      });
    });

    streamContract(open);

    describe('ping and close', () => {
      it('when the store is open, then ping succeeds; once closed, calls fail and closing again is harmless', async () => {
        const store = await fresh();
        await store.ping();

        await store.close();

        await expect(store.ping()).rejects.toThrow();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
