import { describe, expect, it } from 'vitest';
import { entry, T0 } from '../domain/queue-entry.fixtures.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import { createMemoryQueueStore } from '../store/memory.queue-store.ts';
import type { StreamMessage } from '../store/queue.store.ts';
import { createPlanner } from './planner.ts';

const kitchen = { stations: { grill: 1 }, defaultSlots: 1 };

async function plannerWith(entries: QueueEntry[]) {
  const store = createMemoryQueueStore({ now: () => T0 });
  for (const e of entries) await store.saveEntry(e);
  return { store, planner: createPlanner(store, kitchen, () => T0) };
}

const message = (e: QueueEntry, type: StreamMessage['type'] = 'queue_update'): StreamMessage => ({
  seq: 1,
  type,
  orderId: e.orderId,
  userId: e.userId,
  queueNumber: e.queueNumber,
  status: e.status,
  data: { priority: e.priority },
  at: T0,
});

describe('the planner', () => {
  it('when a new order joins at the end, then the plan grows in place: same version, the order appended', async () => {
    const { store, planner } = await plannerWith([entry(1), entry(2)]);
    const before = await planner.current();
    const joining = entry(3);
    await store.saveEntry(joining);

    planner.changed(joining);
    const after = await planner.current();

    expect(after.version).toBe(before.version);
    expect(after.appended).toEqual([3]);
    expect(after.plan.byOrder.get(3)).toMatchObject({ position: 3, estimatedWaitMinutes: 30 });
    expect(after.entries.get(3)).toEqual(joining);
  });

  it('when an order changes otherwise (its priority), then the plan is made again from the store', async () => {
    const { store, planner } = await plannerWith([entry(1), entry(2)]);
    const before = await planner.current();
    const raised = { ...entry(2), priority: 1 };
    await store.saveEntry(raised);

    planner.changed(raised);
    const after = await planner.current();

    expect(after.version).toBeGreaterThan(before.version);
    expect(after.plan.queue).toEqual([2, 1]);
  });

  it('when the stream says what the plan already knows, then it is kept; news makes it planned again', async () => {
    const { store, planner } = await plannerWith([entry(1), entry(2)]);
    const first = await planner.current();

    planner.observe(message(entry(2)));
    expect((await planner.current()).version).toBe(first.version);

    await store.saveEntry({ ...entry(2), status: 'preparing', preparingAt: T0 });
    planner.observe(message({ ...entry(2), status: 'preparing' }, 'status_update'));
    const second = await planner.current();
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.plan.queue).toEqual([2, 1]);

    await store.removeEntry(1);
    planner.observe(message(entry(1), 'queue_removed'));
    expect((await planner.current()).plan.queue).toEqual([2]);
  });
});
