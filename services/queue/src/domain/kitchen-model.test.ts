import { describe, expect, it } from 'vitest';
import {
  appendSamples,
  buildPrepModel,
  DEFAULT_MULTIPLIERS,
  type KitchenConfig,
  learnFromReady,
  type PrepModel,
  quantityFactor,
} from './kitchen-model.ts';
import { planKitchen } from './kitchen-plan.ts';
import type { QueueEntry } from './queue-entry.ts';
import { entry, line, MIN, T0 } from './queue-entry.fixtures.ts';

const nominal: PrepModel = buildPrepModel(new Map());
const kitchen = (stations: Record<string, number>, defaultSlots = 1): KitchenConfig => ({ stations, defaultSlots });

/** Minutes from T0 to each order's P50, in the order of the ids given. */
const etaMinutes = (entries: QueueEntry[], config: KitchenConfig, model = nominal): number[] => {
  const plan = planKitchen(entries, config, model, T0);
  return entries.map((e) => (plan.byOrder.get(e.orderId)!.expectedReadyAt - T0) / MIN);
};

describe('planKitchen on scripted kitchens', () => {
  const burgers = [entry(1), entry(2), entry(3)];

  it('when one grill slot cooks three 10-minute burgers, then they are ready at 10, 20 and 30', () => {
    expect(etaMinutes(burgers, kitchen({ grill: 1 }))).toEqual([10, 20, 30]);
    const plan = planKitchen(burgers, kitchen({ grill: 1 }), nominal, T0);
    expect([1, 2, 3].map((id) => plan.byOrder.get(id)!.estimatedWaitMinutes)).toEqual([10, 20, 30]);
    expect([1, 2, 3].map((id) => plan.byOrder.get(id)!.position)).toEqual([1, 2, 3]);
  });

  it('when the grill has two slots, then they are ready at 10, 10 and 20', () => {
    expect(etaMinutes(burgers, kitchen({ grill: 2 }))).toEqual([10, 10, 20]);
  });

  it('when a station is not configured, then it gets the default slots', () => {
    expect(etaMinutes(burgers, kitchen({}, 3))).toEqual([10, 10, 10]);
  });

  it('when a drink follows burgers, then it does not wait for the grill', () => {
    const drink = entry(4, { lines: [line({ menuItemId: 'cola', station: 'drinks', preparationTime: 2 })] });
    expect(etaMinutes([...burgers, drink], kitchen({ grill: 1, drinks: 1 }))).toEqual([10, 20, 30, 2]);
  });

  it('when an order has a burger and a drink, then it is ready when its slowest line is', () => {
    const combo = entry(1, { lines: [line(), line({ menuItemId: 'cola', station: 'drinks', preparationTime: 2 })] });
    const drinkOnly = entry(2, { lines: [line({ menuItemId: 'cola', station: 'drinks', preparationTime: 2 })] });
    expect(etaMinutes([combo, drinkOnly], kitchen({ grill: 1, drinks: 1 }))).toEqual([10, 4]);
  });

  it('when an order started preparing 4 minutes ago with 10 minutes nominal, then it is ready in 6', () => {
    const cooking = entry(1, { status: 'preparing', preparingAt: T0 - 4 * MIN });
    expect(etaMinutes([cooking, entry(2)], kitchen({ grill: 1 }))).toEqual([6, 16]);
  });

  it('when a preparing order is overdue, then it is expected now, never in the past', () => {
    const late = entry(1, { status: 'preparing', preparingAt: T0 - 25 * MIN });
    const plan = planKitchen([late, entry(2)], kitchen({ grill: 1 }), nominal, T0);
    expect(plan.byOrder.get(1)).toMatchObject({ expectedReadyAt: T0, estimatedWaitMinutes: 0 });
    expect(plan.byOrder.get(2)!.expectedReadyAt).toBe(T0 + 10 * MIN);
  });

  it('when more orders are preparing than the station has slots, then the later one waits for a slot', () => {
    const first = entry(1, { status: 'preparing', preparingAt: T0 - 4 * MIN });
    const second = entry(2, { status: 'preparing', preparingAt: T0 - 2 * MIN });
    expect(etaMinutes([first, second], kitchen({ grill: 1 }))).toEqual([6, 16]);
  });

  it('when a waiting order has a high priority, then it jumps the waiting queue but not a preparing order', () => {
    const cooking = entry(1, { status: 'preparing', preparingAt: T0 });
    const vip = entry(4, { priority: 5 });
    const entries = [cooking, entry(2), entry(3), vip];
    const plan = planKitchen(entries, kitchen({ grill: 1 }), nominal, T0);
    expect(plan.queue).toEqual([1, 4, 2, 3]);
    expect(etaMinutes(entries, kitchen({ grill: 1 }))).toEqual([10, 30, 40, 20]);
  });

  it('when a line has three portions, then it takes 1.6 times one portion', () => {
    expect(quantityFactor(1)).toBe(1);
    expect(quantityFactor(3)).toBeCloseTo(1.6);
    const three = entry(1, { lines: [line({ quantity: 3 })] });
    expect(etaMinutes([three, entry(2)], kitchen({ grill: 1 }))).toEqual([16, 26]);
  });

  it('when nothing is learnt, then P90 is 1.4 times the nominal and compounds down the queue', () => {
    const plan = planKitchen(burgers, kitchen({ grill: 1 }), nominal, T0);
    const p90 = [1, 2, 3].map((id) => (plan.byOrder.get(id)!.expectedReadyAtP90 - T0) / MIN);
    expect(p90[0]).toBeCloseTo(14);
    expect(p90[1]).toBeCloseTo(28);
    expect(p90[2]).toBeCloseTo(42);
  });

  it('when the queue is a jumble of stations, sizes and states, then P90 is never before P50', () => {
    const stations = ['grill', 'fryer', 'drinks', 'salad'];
    const model = buildPrepModel(
      new Map([
        ['a', [0.5, 0.6, 0.7, 0.8, 3]],
        ['b', [1, 1, 1, 1, 1]],
      ]),
    );
    const entries = Array.from({ length: 200 }, (_, i) =>
      entry(i + 1, {
        status: i % 7 === 0 ? 'preparing' : i % 11 === 0 ? 'ready' : 'waiting',
        preparingAt: T0 - (i % 13) * MIN,
        readyAt: T0 - MIN,
        priority: i % 5,
        lines: Array.from({ length: 1 + (i % 3) }, (_, j) =>
          line({ menuItemId: 'abc'[(i + j) % 3]!, station: stations[(i * j) % 4]!, quantity: 1 + (j % 2), preparationTime: 2 + ((i + j) % 9) }),
        ),
      }),
    );
    const plan = planKitchen(entries, kitchen({ grill: 2, fryer: 1 }, 1), model, T0);
    for (const eta of plan.byOrder.values()) expect(eta.expectedReadyAtP90).toBeGreaterThanOrEqual(eta.expectedReadyAt);
  });

  it('when an order is ready, then it has position 0 and its real ready time', () => {
    const done = entry(1, { status: 'ready', preparingAt: T0 - 12 * MIN, readyAt: T0 - 2 * MIN });
    const plan = planKitchen([done, entry(2), entry(3, { status: 'completed' })], kitchen({ grill: 1 }), nominal, T0);
    expect(plan.byOrder.get(1)).toEqual({
      orderId: 1,
      position: 0,
      expectedReadyAt: T0 - 2 * MIN,
      expectedReadyAtP90: T0 - 2 * MIN,
      estimatedWaitMinutes: 0,
    });
    expect(plan.byOrder.get(2)!.position).toBe(1);
    expect(plan.byOrder.has(3)).toBe(false);
  });

  it('when the wait is a fraction of a minute, then estimated_wait_time rounds up', () => {
    const cooking = entry(1, { status: 'preparing', preparingAt: T0 - 4 * MIN - 30_000 });
    const plan = planKitchen([cooking], kitchen({ grill: 1 }), nominal, T0);
    expect(plan.byOrder.get(1)!.estimatedWaitMinutes).toBe(6);
  });

  it('when 10,000 orders are active, then every one gets a position from 1 to n', () => {
    const n = 10_000;
    const entries = Array.from({ length: n }, (_, i) =>
      entry(i + 1, { priority: i % 3, lines: [line(), line({ menuItemId: 'cola', station: 'drinks', preparationTime: 1 })] }),
    );
    const plan = planKitchen(entries, kitchen({ grill: 4, drinks: 2 }), nominal, T0);
    expect(plan.byOrder.size).toBe(n);
    const positions = [...plan.byOrder.values()].map((e) => e.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });
});

describe('the prep model', () => {
  it('when an item has five samples of ratio 2.0, then its P50 doubles', () => {
    const model = buildPrepModel(new Map([['burger', [2, 2, 2, 2, 2]]]));
    expect(model.perItem.get('burger')).toEqual({ p50: 2, p90: 2 });
    expect(etaMinutes([entry(1), entry(2)], kitchen({ grill: 1 }), model)).toEqual([20, 40]);
  });

  it('when an item has too few samples but the pool has enough, then it uses the pool', () => {
    const model = buildPrepModel(
      new Map([
        ['burger', [2, 2]],
        ['fries', [2, 2, 2]],
      ]),
    );
    expect(model.perItem.size).toBe(0);
    expect(model.fallback).toEqual({ p50: 2, p90: 2 });
  });

  it('when there are too few samples anywhere, then the defaults apply', () => {
    const model = buildPrepModel(new Map([['burger', [3, 3, 3, 3]]]));
    expect(model.fallback).toEqual(DEFAULT_MULTIPLIERS);
    expect(etaMinutes([entry(1)], kitchen({ grill: 1 }), model)).toEqual([10]);
  });

  it('when samples spread, then P50 is the median, P90 interpolates and implausible ones are dropped', () => {
    const model = buildPrepModel(new Map([['burger', [2, 1.8, 1.6, 1.4, 1.2, 1, 9]]]));
    expect(model.perItem.get('burger')!.p50).toBeCloseTo(1.5);
    expect(model.perItem.get('burger')!.p90).toBeCloseTo(1.9);
  });
});

describe('learnFromReady', () => {
  it('when an order took twice its longest line, then each distinct item learns a ratio of 2', () => {
    const e = entry(1, {
      status: 'preparing',
      preparingAt: T0,
      lines: [line(), line(), line({ menuItemId: 'cola', station: 'drinks', preparationTime: 2 })],
    });
    expect(learnFromReady(e, T0 + 20 * MIN)).toEqual([
      { menuItemId: 'burger', ratio: 2 },
      { menuItemId: 'cola', ratio: 2 },
    ]);
  });

  it('when the longest line has several portions, then the prediction includes the quantity factor', () => {
    const e = entry(1, { preparingAt: T0, lines: [line({ quantity: 3 })] });
    expect(learnFromReady(e, T0 + 16 * MIN)[0]!.ratio).toBeCloseTo(1);
  });

  it.each<[string, Partial<QueueEntry>, number]>([
    ['no preparing time', { preparingAt: null }, 10],
    ['a ratio under 0.2', { preparingAt: T0 }, 1],
    ['a ratio over 5', { preparingAt: T0 }, 60],
    ['no prep time at all', { preparingAt: T0, lines: [line({ preparationTime: 0 })] }, 10],
  ])('when there is %s, then nothing is learnt', (_, overrides, minutes) => {
    expect(learnFromReady(entry(1, overrides), T0 + minutes * MIN)).toEqual([]);
  });

  it('when samples are appended past the window, then only the latest are kept', () => {
    const before = new Map([['burger', [1, 1, 1]]]);
    const after = appendSamples(before, [{ menuItemId: 'burger', ratio: 2 }, { menuItemId: 'cola', ratio: 3 }], 3);
    expect(after.get('burger')).toEqual([1, 1, 2]);
    expect(after.get('cola')).toEqual([3]);
    expect(before.get('burger')).toEqual([1, 1, 1]);
  });
});
