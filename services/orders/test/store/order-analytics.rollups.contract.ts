import { seededRandom } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewOrderLine, OrderRecord } from '../../src/domain/order.ts';
import { planAnalytics } from '../../src/domain/analytics-range.ts';
import { rollupAnswers } from '../../src/store/order-analytics.sql.ts';
import type { AnalyticsRequest, HistoricalOrder, OrderAnalyticsRows } from '../../src/store/order-analytics.store.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { newLine, newOrder, noEvents, type OpenedOrderStore, type OpenOrderStore } from './order-store.fixtures.ts';

// Nine days around New York's spring-forward (2025-03-09), any millisecond of them.
const START = Date.parse('2025-03-03T12:00:00Z');
const SPAN = 10 * 86_400_000;
const REASONS = ['kitchen out of batter', 'student asked', 'payment timed out', null];
// One dish sold under two names (renamed on the menu): the name shown is the greatest of the lines that count.
const DISHES: Partial<NewOrderLine>[] = [
  { menuItemId: 'dosa', itemName: 'Masala Dosa', unitPriceMinor: 8_000 },
  { menuItemId: 'dosa', itemName: 'Dosa (masala)', unitPriceMinor: 8_500 },
  { menuItemId: 'tea', itemName: 'Chai', unitPriceMinor: 1_500 },
  { menuItemId: 'thali', itemName: 'Veg Thali', unitPriceMinor: 12_000 },
  { menuItemId: 'vada', itemName: 'Medu Vada', unitPriceMinor: 4_500 },
];
const ZONES = ['Asia/Kolkata', 'America/New_York', 'Asia/Kathmandu', 'UTC'];

/** Generated orders written through the store's own writes, and more imported as history (a migrated store's). */
async function writeOrders(store: OrderStore, withHistory = true): Promise<void> {
  const rand = seededRandom(14);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const lines = () =>
    Array.from({ length: 1 + Math.floor(rand() * 3) }, () => newLine({ ...pick(DISHES), quantity: 1 + Math.floor(rand() * 3) }));
  const later = (from: Date, maxMinutes: number) => new Date(from.getTime() + 1 + Math.floor(rand() * maxMinutes * 60_000));
  for (let n = 0; n < 90; n++) {
    const createdAt = new Date(START + Math.floor(rand() * SPAN));
    const items = lines();
    const totalMinor = items.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
    const order = await store.createOrder(newOrder({ totalMinor, createdAt, updatedAt: createdAt, items, paymentMethod: pick(['upi', 'card', 'cash'] as const) }), noEvents);
    let now = createdAt;
    const move = async (to: Partial<OrderRecord>) => {
      now = later(now, 12);
      await store.updateOrder(order.id, (current) => ({ ...current, ...to, updatedAt: now }), noEvents);
    };
    const roll = rand();
    if (roll < 0.1) continue; // still waiting for its payment
    if (roll < 0.18) {
      await move({ status: 'cancelled', paymentStatus: 'failed', cancelReason: pick(REASONS) });
      continue;
    }
    await move({ status: 'confirmed', paymentStatus: 'paid' });
    if (rand() < 0.8) await store.recordPromisedReadyAt(order.id, later(now, 15));
    if (roll < 0.3) {
      const full = rand() < 0.6;
      await move({ status: 'cancelled', paymentStatus: full ? 'refunded' : 'partially_refunded', refundedMinor: full ? totalMinor : Math.floor(totalMinor / 3), cancelReason: pick(REASONS) });
      continue;
    }
    if (rand() < 0.7) await move({ status: 'preparing' });
    if (roll < 0.4) continue; // still cooking
    await move({ status: 'ready' });
    if (roll < 0.5) continue; // waiting at the counter
    await move({ status: 'completed' });
    if (rand() < 0.2) await move({ paymentStatus: 'partially_refunded', refundedMinor: Math.min(totalMinor, 1_500) });
  }
  const history: HistoricalOrder[] = Array.from({ length: 40 }, () => {
    const createdAt = new Date(START + Math.floor(rand() * SPAN));
    const items = lines();
    const confirmedAt = rand() < 0.9 ? later(createdAt, 3) : null;
    const readyAt = rand() < 0.85 ? later(confirmedAt ?? createdAt, 20) : null;
    const cancelled = readyAt === null && rand() < 0.5;
    return {
      ...newOrder({
        status: cancelled ? 'cancelled' : readyAt ? 'completed' : 'confirmed',
        paymentStatus: cancelled ? 'refunded' : 'paid',
        totalMinor: items.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0),
        refundedMinor: 0,
        cancelReason: cancelled ? pick(REASONS) : null,
        createdAt,
        updatedAt: readyAt ?? createdAt,
        items,
      }),
      confirmedAt,
      preparingAt: null,
      readyAt,
      completedAt: readyAt,
      cancelledAt: cancelled ? later(createdAt, 30) : null,
      promisedReadyAt: confirmedAt && rand() < 0.8 ? later(confirmedAt, 15) : null,
    };
  });
  if (withHistory) await store.importHistory(history);
}

/** The view of the days `from` to `to` in `zone`, asked for on `to` at noon UTC. */
const requestIn = (zone: string, from: string, to: string): AnalyticsRequest => {
  const plan = planAnalytics({ from, to }, zone, new Date(Date.parse(`${to}T12:00:00Z`)));
  return { from: plan.start, to: plan.end, days: plan.days, hours: plan.hours, topDishes: 3, cancelReasons: 2 };
};

const AVERAGES = ['averageWaitSeconds', 'averageEtaErrorSeconds', 'averageAbsEtaErrorSeconds'] as const;

/**
 * Equal figures. The averages of the orders' SQL are floating (SQLite) or decimal (MariaDB), the
 * rollups' exact sums over counts: equal well under a millisecond (the API rounds to seconds).
 */
function expectSameFigures(rolled: OrderAnalyticsRows, counted: OrderAnalyticsRows): void {
  const sorted = (rows: OrderAnalyticsRows) => ({
    ...rows,
    days: [...rows.days].sort((a, b) => a.key.localeCompare(b.key)),
    hours: [...rows.hours].sort((a, b) => a.key.localeCompare(b.key)),
    wait: { ...rows.wait, ...Object.fromEntries(AVERAGES.map((key) => [key, rows.wait[key] === null ? null : 'a number'])) },
  });
  expect(sorted(rolled)).toEqual(sorted(counted));
  for (const key of AVERAGES) expect(rolled.wait[key]).toBeCloseTo(counted.wait[key]!, 6);
}

/**
 * The rollups (kept by the database on each write) give exactly the figures aggregated from the
 * orders themselves: generated orders written through the store's own writes (placed, paid,
 * promised, cooked, cancelled, refunded in part or in full) and imported as history, read in
 * time zones whose days start on the half and the quarter hour and across a daylight-saving change.
 */
export function analyticsRollupsContract(name: string, open: OpenOrderStore): void {
  describe(`${name}: analytics rollups`, () => {
    let opened: OpenedOrderStore | undefined;
    const store = (): OrderStore => opened!.store;

    beforeAll(async () => {
      opened = await open();
      await store().migrate();
      await writeOrders(store());
    }, 120_000);

    afterAll(async () => {
      await opened?.cleanup();
    });


    it.each(ZONES)('when figures are asked for in %s, then the rollups give those of the orders themselves', async (zone) => {
      const request = requestIn(zone, '2025-03-04', '2025-03-12');
      expect(rollupAnswers(request)).toBe(true);
      const [rolled, counted] = await Promise.all([store().analytics(request), store().analyticsFromOrders(request)]);
      expectSameFigures(rolled, counted);
      // The data has something of each figure, so they are compared on values, not on emptiness.
      expect(counted.days.length).toBeGreaterThan(5);
      expect(counted.hours.length).toBeGreaterThan(2);
      expect(counted.topDishes).toHaveLength(3);
      expect(counted.cancelReasons.length).toBeGreaterThan(0);
      expect(counted.wait.readyOrders).toBeGreaterThan(10);
      expect(counted.wait.lateOrders).toBeGreaterThan(0);
    });

    it('when a range crosses a daylight-saving change, then its 23-hour day is counted like the others', async () => {
      const request = requestIn('America/New_York', '2025-03-08', '2025-03-10');
      expect(request.days.map((day) => (day.to.getTime() - day.from.getTime()) / 3_600_000)).toEqual([24, 23, 24]);
      expectSameFigures(await store().analytics(request), await store().analyticsFromOrders(request));
    });

    it('when a bound does not start a quarter hour, then the figures come from the orders', async () => {
      const request = requestIn('Asia/Kolkata', '2025-03-04', '2025-03-12');
      const odd = { ...request, from: new Date(request.from.getTime() + 60_000), days: request.days.slice(1) };
      expect(rollupAnswers(odd)).toBe(false);
      expect(await store().analytics(odd)).toEqual(await store().analyticsFromOrders(odd));
    });
  });
}

/**
 * Migration 5 rolls up the orders already there: they give the same figures once it has run.
 * `openWithOrders` returns a store on a fresh database holding the orders `write` writes, not
 * rolled up, whose next `migrate()` runs migration 5 (on a database left at version 4, or, where
 * the store's writes need version 5, with its rollups emptied and the migration to run again).
 */
export function analyticsBackfillContract(name: string, openWithOrders: (write: (store: OrderStore) => Promise<void>) => Promise<OpenedOrderStore>): void {
  describe(`${name}: analytics rollups of orders from before them`, () => {
    it('when a database with orders is migrated, then the rollups give the figures of its orders', async () => {
      const opened = await openWithOrders((store) => writeOrders(store, false));
      try {
        await opened.store.migrate();
        for (const zone of ['Asia/Kolkata', 'America/New_York']) {
          const request = requestIn(zone, '2025-03-04', '2025-03-12');
          const counted = await opened.store.analyticsFromOrders(request);
          expect(counted.days.length).toBeGreaterThan(5);
          expectSameFigures(await opened.store.analytics(request), counted);
        }
        // Written after the migration: kept by the triggers on top of the rolled-up rows.
        await writeOrders(opened.store);
        const request = requestIn('Asia/Kolkata', '2025-03-04', '2025-03-12');
        expectSameFigures(await opened.store.analytics(request), await opened.store.analyticsFromOrders(request));
      } finally {
        await opened.cleanup();
      }
    }, 120_000);
  });
}
