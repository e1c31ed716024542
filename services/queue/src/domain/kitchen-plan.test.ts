import { describe, expect, it } from 'vitest';
import { appendSamples, buildPrepModel, type KitchenConfig } from './kitchen-model.ts';
import type { KitchenPlan } from './kitchen-plan.ts';
import { appendToPlan, planKitchen } from './kitchen-plan.ts';
import type { QueueEntry } from './queue-entry.ts';
import { entry, line, MIN, T0 } from './queue-entry.fixtures.ts';

const config: KitchenConfig = { stations: { grill: 2, fryer: 1, drinks: 1 }, defaultSlots: 1 };
// A model that has learnt something, so P50 and P90 differ per item.
const model = buildPrepModel(
  appendSamples(new Map(), [
    ...[0.8, 0.9, 1.1, 1.3, 1.6].map((ratio) => ({ menuItemId: 'burger', ratio })),
    ...[1, 1.2, 1.4, 2, 2.2].map((ratio) => ({ menuItemId: 'fries', ratio })),
  ]),
);

/** A mixed queue: preparing, ready, prioritised and waiting orders over three stations. */
function rush(count: number): QueueEntry[] {
  const entries: QueueEntry[] = [];
  for (let id = 1; id <= count; id++) {
    const lines = [line({ menuItemId: 'burger', quantity: 1 + (id % 3) })];
    if (id % 2) lines.push(line({ menuItemId: 'fries', station: 'fryer', preparationTime: 4 }));
    if (id % 5 === 0) lines.push(line({ menuItemId: 'shake', station: 'drinks', preparationTime: 3 }));
    const status = id % 7 === 0 ? 'preparing' : id % 11 === 0 ? 'ready' : 'waiting';
    entries.push(
      entry(id, {
        lines,
        status,
        priority: id % 13 === 0 ? 2 : 0,
        preparingAt: status === 'preparing' ? T0 - 3 * MIN : null,
        readyAt: status === 'ready' ? T0 - MIN : null,
      }),
    );
  }
  return entries;
}

const asObject = (plan: KitchenPlan) => ({ queue: [...plan.queue], byOrder: [...plan.byOrder].sort(([a], [b]) => a - b) });

describe('appendToPlan', () => {
  it('when new orders join at the end one by one, then the plan equals a full re-plan of them all', () => {
    const known = rush(40);
    const joining = [41, 42, 43, 44].map((id) => entry(id, { lines: [line(), line({ menuItemId: 'fries', station: 'fryer', preparationTime: 4 })] }));
    const plan = planKitchen(known, config, model, T0);

    for (const order of joining) expect(appendToPlan(plan, order)).toBe(true);

    expect(asObject(plan)).toEqual(asObject(planKitchen([...known, ...joining], config, model, T0)));
    expect(plan.byOrder.get(44)!.position).toBe(plan.queue.length);
  });

  it('when the queue is empty, then the first order is appended at position 1 with the nominal ETA', () => {
    const plan = planKitchen([], config, buildPrepModel(new Map()), T0);

    expect(appendToPlan(plan, entry(1, { lines: [line({ menuItemId: 'tea', station: 'drinks', preparationTime: 3 })] }))).toBe(true);

    expect(plan.byOrder.get(1)).toMatchObject({ position: 1, expectedReadyAt: T0 + 3 * MIN, estimatedWaitMinutes: 3 });
  });

  it.each<[string, QueueEntry]>([
    ['has a higher priority than the last one', entry(50, { priority: 1 })],
    ['has a lower number than the last one', entry(50, { queueNumber: 1 })],
    ['is already preparing', entry(50, { status: 'preparing', preparingAt: T0 })],
    ['is already in the plan', entry(3)],
  ])('when the order %s, then it is not appended and the plan is unchanged', (_case, order) => {
    const plan = planKitchen(rush(20), config, model, T0);
    const before = asObject(plan);

    expect(appendToPlan(plan, order)).toBe(false);

    expect(asObject(plan)).toEqual(before);
  });
});
