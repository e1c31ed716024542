import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/domain/order.ts';
import { planAnalytics } from '../../src/domain/analytics-range.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import type { HistoricalOrder } from '../../src/store/order-analytics.store.ts';
import { newLine, newOrder, noEvents, type OpenedOrderStore, type OpenOrderStore } from './order-store.fixtures.ts';

const ZONE = 'Asia/Kolkata';
/** A wall-clock time in the canteen (UTC+05:30, no daylight saving). */
const local = (day: string, hhmm: string, plusSeconds = 0) => new Date(Date.parse(`${day}T${hhmm}:00+05:30`) + plusSeconds * 1000);
const NOW = local('2025-03-12', '13:00');
const plan = planAnalytics({ from: '2025-03-04', to: '2025-03-12' }, ZONE, NOW);
const request = { from: plan.start, to: plan.end, days: plan.days, hours: plan.hours, topDishes: 3, cancelReasons: 5 };

const dosa = newLine({ menuItemId: 'dosa', itemName: 'Masala Dosa', quantity: 2, unitPriceMinor: 8_000 });
const tea = newLine({ menuItemId: 'tea', itemName: 'Chai', quantity: 1, unitPriceMinor: 1_500 });

/**
 * The analytics half of the store, on a fresh database per suite (its figures count every
 * order in it). Orders go through the store's own writes, so the state times it records on a
 * change are what the figures read.
 */
export function analyticsContract(name: string, open: OpenOrderStore): void {
  describe(`${name}: analytics`, () => {
    let opened: OpenedOrderStore | undefined;
    const store = (): OrderStore => opened!.store;
    const move = (id: number, to: Partial<OrderRecord>, at: Date) =>
      store().updateOrder(id, (current) => ({ ...current, ...to, updatedAt: at }), noEvents);

    beforeAll(async () => {
      opened = await open();
      await store().migrate();
      // Today 12:10: paid, ready 10 minutes after it was confirmed, one minute later than promised.
      const served = await store().createOrder(newOrder({ totalMinor: 17_500, createdAt: local('2025-03-12', '12:10'), updatedAt: local('2025-03-12', '12:10'), items: [dosa, tea] }), noEvents);
      await move(served.id, { status: 'confirmed', paymentStatus: 'paid' }, local('2025-03-12', '12:11'));
      expect(await store().recordPromisedReadyAt(served.id, local('2025-03-12', '12:20'))).toBe(true);
      await move(served.id, { status: 'preparing' }, local('2025-03-12', '12:15'));
      await move(served.id, { status: 'ready' }, local('2025-03-12', '12:21'));
      await move(served.id, { status: 'completed' }, local('2025-03-12', '12:25'));
      // Today 12:40: paid, then cancelled and refunded in full.
      const cancelled = await store().createOrder(newOrder({ totalMinor: 16_000, createdAt: local('2025-03-12', '12:40'), updatedAt: local('2025-03-12', '12:40'), items: [dosa] }), noEvents);
      await move(cancelled.id, { status: 'confirmed', paymentStatus: 'paid' }, local('2025-03-12', '12:41'));
      await move(cancelled.id, { status: 'cancelled', paymentStatus: 'refunded', refundedMinor: 16_000, cancelReason: 'kitchen out of batter' }, local('2025-03-12', '12:45'));
      // A week before at 12:05, imported as history: two teas, completed.
      const history: HistoricalOrder = {
        ...newOrder({ status: 'completed', paymentStatus: 'paid', totalMinor: 3_000, createdAt: local('2025-03-05', '12:05'), updatedAt: local('2025-03-05', '12:30'), items: [{ ...tea, quantity: 2 }] }),
        confirmedAt: local('2025-03-05', '12:06'),
        preparingAt: null,
        readyAt: local('2025-03-05', '12:12'),
        completedAt: local('2025-03-05', '12:30'),
        cancelledAt: null,
        promisedReadyAt: local('2025-03-05', '12:14'),
      };
      const ids = await store().importHistory([history, { ...history, createdAt: local('2025-02-20', '12:00'), readyAt: local('2025-02-20', '12:10') }]);
      expect(ids).toHaveLength(2);
      expect((await store().getOrder(ids[0]!))?.items.map((line) => line.quantity)).toEqual([2]);
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    it('when the range is asked for, then each canteen day has its orders, revenue net of refunds and cancellations; orders outside it do not count', async () => {
      const rows = await store().analytics(request);
      expect(rows.days.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: '2025-03-05', orders: 1, completed: 1, cancelled: 0, revenueMinor: 3_000, refundedMinor: 0 },
        { key: '2025-03-12', orders: 2, completed: 1, cancelled: 1, revenueMinor: 17_500, refundedMinor: 16_000 },
      ]);
    });

    it('when orders per hour are asked for, then today\'s and last week\'s same hour are counted apart', async () => {
      const rows = await store().analytics(request);
      expect(rows.hours.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: 't12', orders: 2 },
        { key: 'w12', orders: 1 },
      ]);
    });

    it('when dishes are ranked, then cancelled orders do not count and quantities and revenue add up', async () => {
      const rows = await store().analytics(request);
      expect(rows.topDishes).toEqual([
        { menuItemId: 'tea', name: 'Chai', quantity: 3, revenueMinor: 4_500 },
        { menuItemId: 'dosa', name: 'Masala Dosa', quantity: 2, revenueMinor: 16_000 },
      ]);
    });

    it('when waits are asked for, then confirmed→ready and actual−promised come from the times recorded on each change', async () => {
      const { wait } = await store().analytics(request);
      // 10 min and 6 min waits; errors +60 s and −120 s.
      expect(wait).toEqual({ readyOrders: 2, averageWaitSeconds: 480, promisedOrders: 2, averageEtaErrorSeconds: -30, averageAbsEtaErrorSeconds: 90, lateOrders: 0 });
    });

    it('when cancellations are asked for, then they are grouped by reason', async () => {
      const rows = await store().analytics(request);
      expect(rows.cancelReasons).toEqual([{ reason: 'kitchen out of batter', count: 1 }]);
    });

    it('when a promise is recorded twice, then the first is kept', async () => {
      const order = await store().createOrder(newOrder(), noEvents);
      expect(await store().recordPromisedReadyAt(order.id, local('2025-03-12', '12:00'))).toBe(true);
      expect(await store().recordPromisedReadyAt(order.id, local('2025-03-12', '12:30'))).toBe(false);
      expect(await store().recordPromisedReadyAt(999_999_999, local('2025-03-12', '12:30'))).toBe(false);
      expect(await store().countOrders()).toBe(5);
    });
  });
}
