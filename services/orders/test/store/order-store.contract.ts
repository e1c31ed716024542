import { outboxStoreContract } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import {
  at,
  drainOutbox,
  eventRecorder,
  newLine,
  newOrder,
  noEvents,
  type OpenedOrderStore,
  type OpenOrderStore,
  tagged,
  uniqueUserId,
} from './order-store.fixtures.ts';
import { analyticsContract } from './order-analytics.contract.ts';
import { analyticsRollupsContract } from './order-analytics.rollups.contract.ts';
import { historyContract } from './order-store.history.contract.ts';
import { idempotencyContract } from './order-store.idempotency.contract.ts';
import { inboxContract } from './order-store.inbox.contract.ts';
import { numbersContract } from './order-store.numbers.contract.ts';
import { updateContract } from './order-store.update.contract.ts';

export type { OpenedOrderStore, OpenOrderStore } from './order-store.fixtures.ts';

/**
 * The behaviour every `OrderStore` adapter must show. One database serves most of the suite, so
 * every test makes its own orders (for its own user id) and never relies on the tables being
 * empty; tests that need exact counts (outbox, sweep, migrations, close) open fresh stores.
 */
export function orderStoreContract(name: string, open: OpenOrderStore): void {
  analyticsContract(name, open);
  analyticsRollupsContract(name, open);
  describe(name, () => {
    let opened: OpenedOrderStore | undefined;
    const store = (): OrderStore => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };

    beforeAll(async () => {
      opened = await open();
      await opened.store.migrate();
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    const ids = (records: { id: number }[]) => records.map((record) => record.id);
    const create = (overrides: Parameters<typeof newOrder>[0] = {}) => store().createOrder(newOrder(overrides), noEvents);

    describe('migrations', () => {
      it('when migrate runs again on a migrated database, then it succeeds and keeps the data', async () => {
        const order = await create();

        await store().migrate();
        await store().migrate();

        expect(await store().getOrder(order.id)).toEqual(order);
      });

      it('when several stores migrate one fresh database at once, then all succeed and the schema works', async () => {
        const fresh = await open();
        try {
          const replicas = [fresh.store, fresh.store, ...(fresh.another ? [fresh.another(), fresh.another()] : [])];

          await Promise.all(replicas.map((replica) => replica.migrate()));

          for (const replica of replicas) {
            const order = await replica.createOrder(newOrder(), noEvents);
            expect(await fresh.store.getOrder(order.id)).toEqual(order);
          }
        } finally {
          await fresh.cleanup();
        }
      });
    });

    describe('createOrder and getOrder', () => {
      it('when an order is created, then it and its lines get ids, the lines keep their order and options, and it reads back equal', async () => {
        const input = newOrder({
          totalMinor: 41_050,
          paymentId: 'pay_8f2c',
          queueNumber: 17,
          specialInstructions: 'Less spicy, please 🌶️ — ज़्यादा नहीं',
          items: [
            newLine({
              itemName: 'Paneer Tikka',
              options: [
                { groupId: 'size', groupName: 'Size', optionId: 'large', name: 'Large', priceDeltaMinor: 3_000 },
                { groupId: 'extras', groupName: 'Extras', optionId: 'cheese', name: 'Extra cheese "mozz"', priceDeltaMinor: 1_550 },
              ],
              specialInstructions: 'no onion',
            }),
            newLine({ itemName: 'Lassi', quantity: 1, unitPriceMinor: 6_000, station: 'drinks', preparationTime: 2 }),
            newLine({ itemName: 'Gulab Jamun', quantity: 3, unitPriceMinor: 4_000, station: 'dessert' }),
          ],
        });

        const order = await store().createOrder(input, noEvents);

        expect(Number.isSafeInteger(order.id) && order.id > 0).toBe(true);
        const lineIds = order.items.map((line) => line.id);
        expect(lineIds.every((id) => Number.isSafeInteger(id) && id > 0)).toBe(true);
        expect(new Set(lineIds).size).toBe(3);
        expect(order).toEqual({ ...input, id: order.id, items: input.items.map((line, index) => ({ ...line, id: lineIds[index] })) });
        expect(order.createdAt).toBeInstanceOf(Date);
        expect(await store().getOrder(order.id)).toEqual(order);
      });

      it('when an order is created, then events see the saved order (with ids) and land in the outbox', async () => {
        const { tag, events, calls, made } = eventRecorder();

        const order = await store().createOrder(newOrder({ items: [newLine(), newLine()] }), events);

        expect(calls).toEqual([{ before: undefined, after: order }]);
        const published = tagged(await drainOutbox(store()), tag);
        expect(published).toEqual([{ ...made[0], attempts: 0 }]);
        expect(published[0]?.payload).toMatchObject({ order_id: order.id, new_status: 'placed', old_status: null });
      });

      it('when the events callback throws, then no order is stored', async () => {
        const input = newOrder();

        await expect(
          store().createOrder(input, () => {
            throw new Error('no events for you');
          }),
        ).rejects.toThrow('no events for you');

        expect(await store().listOrders({ userId: input.userId, limit: 10, offset: 0 })).toEqual([]);
      });

      it('when the caller changes its input after createOrder, then the stored order stays as it was', async () => {
        const input = newOrder();
        const order = await store().createOrder(input, noEvents);
        const snapshot = structuredClone(order);

        input.items[0]!.options.push({ groupId: 'g', groupName: 'G', optionId: 'o', name: 'O', priceDeltaMinor: 1 });
        input.status = 'cancelled';

        expect(order).toEqual(snapshot);
        expect(await store().getOrder(order.id)).toEqual(snapshot);
      });

      it('when an unknown or impossible id is looked up, then the result is undefined', async () => {
        expect(await store().getOrder(2 ** 40)).toBeUndefined();
        expect(await store().getOrder(0)).toBeUndefined();
        expect(await store().getOrder(-1)).toBeUndefined();
        expect(await store().getOrder(Number.NaN)).toBeUndefined();
      });
    });

    describe('listOrders', () => {
      it('when a user lists orders, then only theirs come, newest first (the later id first on a tie)', async () => {
        const userId = uniqueUserId();
        const oldest = await create({ userId, createdAt: at(0), updatedAt: at(0) });
        const newest = await create({ userId, createdAt: at(2_000), updatedAt: at(2_000) });
        const middle = await create({ userId, createdAt: at(1_000), updatedAt: at(1_000) });
        const tie = await create({ userId, createdAt: at(1_000), updatedAt: at(1_000) });
        await create({ createdAt: at(5_000) }); // someone else's

        const listed = await store().listOrders({ userId, limit: 50, offset: 0 });

        expect(ids(listed)).toEqual(ids([newest, tie, middle, oldest]));
        expect(listed[0]).toEqual(newest);
      });

      it('when orders are listed by statuses, then only those statuses come, with or without a user', async () => {
        const userId = uniqueUserId();
        const placed = await create({ userId, status: 'placed', createdAt: at(0) });
        const ready = await create({ userId, status: 'ready', createdAt: at(1) });
        const cancelled = await create({ userId, status: 'cancelled', createdAt: at(2), cancelReason: 'out of paneer' });
        const mine = new Set(ids([placed, ready, cancelled]));

        const mineReady = await store().listOrders({ userId, statuses: ['ready', 'cancelled'], limit: 50, offset: 0 });
        const allPlaced = await store().listOrders({ statuses: ['placed'], limit: 100_000, offset: 0 });

        expect(mineReady).toEqual([cancelled, ready]);
        expect(allPlaced.filter((order) => mine.has(order.id))).toEqual([placed]);
        expect(allPlaced.every((order) => order.status === 'placed')).toBe(true);
        expect(await store().listOrders({ userId, statuses: [], limit: 50, offset: 0 })).toEqual([]);
      });

      it('when orders are listed by queue number, then only those with that number come, newest first', async () => {
        const userId = uniqueUserId();
        // Numbers start again each day: the same number on two days is two orders.
        const number = 900_000 + (userId % 99_999);
        const yesterday = await create({ userId, status: 'completed', queueNumber: number, createdAt: at(-86_400_000), updatedAt: at(-86_400_000) });
        const today = await create({ userId, status: 'confirmed', queueNumber: number, createdAt: at(0), updatedAt: at(0) });
        await create({ userId, status: 'confirmed', queueNumber: number + 1, createdAt: at(1) });

        const listed = await store().listOrders({ queueNumber: number, limit: 50, offset: 0 });

        expect(ids(listed.filter((order) => order.userId === userId))).toEqual(ids([today, yesterday]));
        expect(listed.every((order) => order.queueNumber === number)).toBe(true);
      });

      it('when orders are listed page by page, then limit and offset walk through them without gaps or repeats', async () => {
        const userId = uniqueUserId();
        const orders: OrderRecord[] = [];
        for (let i = 0; i < 5; i++) orders.push(await create({ userId, createdAt: at(i * 1_000), items: [newLine(), newLine()] }));
        const newestFirst = [...orders].reverse();

        const pages = [];
        for (const offset of [0, 2, 4, 6]) pages.push(await store().listOrders({ userId, limit: 2, offset }));

        expect(pages.map(ids)).toEqual([ids(newestFirst.slice(0, 2)), ids(newestFirst.slice(2, 4)), ids(newestFirst.slice(4)), []]);
        expect(pages.flat()).toEqual(newestFirst);
        expect(await store().listOrders({ userId, limit: 0, offset: 0 })).toEqual([]);
      });

      it('when orders are listed after an id, then only higher ids come, lowest first whatever their times, and the last id walks on', async () => {
        const userId = uniqueUserId();
        const orders: OrderRecord[] = [];
        // Times out of id order: the cursor goes by id alone.
        for (const offset of [3_000, 1_000, 4_000, 0, 2_000]) orders.push(await create({ userId, status: 'confirmed', createdAt: at(offset), updatedAt: at(offset) }));
        const lowestFirst = [...orders].sort((a, b) => a.id - b.id);

        const pages: OrderRecord[][] = [];
        let afterId = lowestFirst[0]!.id - 1;
        for (;;) {
          const page = await store().listOrders({ userId, statuses: ['confirmed'], afterId, limit: 2, offset: 0 });
          if (page.length === 0) break;
          pages.push(page);
          afterId = page.at(-1)!.id;
        }

        expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
        expect(pages.flat()).toEqual(lowestFirst);
        expect(await store().listOrders({ userId, afterId: lowestFirst[4]!.id, limit: 10, offset: 0 })).toEqual([]);
      });
    });

    updateContract(store);
    inboxContract(store);
    historyContract(store);
    numbersContract(open);
    idempotencyContract(store, open);
    outboxStoreContract({
      routingKey: 'order.created',
      source: 'orders',
      open: async (now) => {
        const { store, another, cleanup } = await open({ now: () => new Date(now()) });
        await store.migrate();
        return {
          store,
          cleanup,
          ...(another ? { another } : {}),
          // The way the service appends events: with a change, in its transaction.
          append: async (events) => {
            await store.createOrder(newOrder(), () => events);
          },
        };
      },
      appendFailing: async ({ store }, events) => {
        await store.createOrder(newOrder(), () => events);
      },
    });

    describe('ping and close', () => {
      it('when the store is open, then ping resolves', async () => {
        await expect(store().ping()).resolves.toBeUndefined();
      });

      it('when a store is closed, then ping rejects, and closing again is harmless', async () => {
        const fresh = await open();
        try {
          await fresh.store.migrate();
          await fresh.store.ping();
          await fresh.store.close();

          await expect(fresh.store.ping()).rejects.toThrow();
          await expect(fresh.store.close()).resolves.toBeUndefined();
        } finally {
          await fresh.cleanup();
        }
      });
    });
  });
}
