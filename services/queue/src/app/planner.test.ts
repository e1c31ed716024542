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

describe('the planner, as the clock moves', () => {
  it('when a plan is only old, then it is made again for now from the entries it holds, without reading the store', async () => {
    let clock = T0;
    const store = createMemoryQueueStore({ now: () => clock });
    for (const e of [entry(1), entry(2)]) await store.saveEntry(e);
    const planner = createPlanner(store, kitchen, () => clock, { maxAgeMs: 5000 });
    const first = await planner.current();
    let reads = 0;
    const listActive = store.listActive.bind(store);
    store.listActive = async () => {
      reads++;
      return listActive();
    };

    clock = T0 + 6000;
    const second = await planner.current();

    expect(reads).toBe(0);
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.plan.computedAt).toBe(T0 + 6000);
    expect(second.plan.queue).toEqual([1, 2]);
    expect(second.appended).toEqual([]);
    // A change still sends it back to the store.
    const raised = { ...entry(2), priority: 1 };
    await store.saveEntry(raised);
    planner.changed(raised);
    expect((await planner.current()).plan.queue).toEqual([2, 1]);
    expect(reads).toBe(1);
  });
});

describe('the planner, while it reads the store', () => {
  /** A store whose listActive answers (with what it held when asked) only once released; one release per read. */
  async function slowStore(entries: QueueEntry[]) {
    const store = createMemoryQueueStore({ now: () => T0 });
    for (const e of entries) await store.saveEntry(e);
    let reads = 0;
    const gates: { promise: Promise<void>; open: () => void }[] = [];
    const gate = (index: number) => {
      while (gates.length <= index) {
        let open!: () => void;
        const promise = new Promise<void>((resolve) => (open = resolve));
        gates.push({ promise, open });
      }
      return gates[index]!;
    };
    let released = 0;
    const listActive = store.listActive.bind(store);
    store.listActive = async () => {
      const read = reads++;
      const snapshot = await listActive();
      await gate(read).promise;
      return snapshot;
    };
    const planner = createPlanner(store, kitchen, () => T0);
    return { store, planner, reads: () => reads, release: () => gate(released++).open() };
  }

  it('when new orders join during the read, then they are added to what was read and the plan is kept', async () => {
    const { store, planner, reads, release } = await slowStore([entry(1), entry(2)]);
    const reading = planner.current();
    await Promise.resolve();
    const joining = entry(3);
    await store.saveEntry(joining);
    planner.changed(joining);
    planner.observe(message(joining));

    release();
    const planned = await reading;
    expect(planned.plan.queue).toEqual([1, 2, 3]);
    expect(planned.appended).toEqual([3]);
    expect((await planner.current()).version).toBe(planned.version);
    expect(reads()).toBe(1);
  });

  it('when an order changes otherwise during the read, then the result is not kept: the next reader reads again', async () => {
    const { store, planner, reads, release } = await slowStore([entry(1), entry(2)]);
    const reading = planner.current();
    await Promise.resolve();
    const raised = { ...entry(2), priority: 1 };
    await store.saveEntry(raised);
    planner.changed(raised);

    release();
    await reading;
    const next = planner.current();
    release();
    expect((await next).plan.queue).toEqual([2, 1]);
    expect(reads()).toBe(2);
  });

  it('when the stream brings news of an order the read missed, then the result is not kept', async () => {
    const { planner, reads, release } = await slowStore([entry(1)]);
    const reading = planner.current();
    await Promise.resolve();
    // Another instance queued order 9: this one only hears of it on the stream.
    planner.observe(message(entry(9)));

    release();
    await reading;
    const next = planner.current();
    release();
    await next;
    expect(reads()).toBe(2);
  });
});
