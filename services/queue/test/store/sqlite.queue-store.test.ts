import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openQueueStore } from '../../src/store/index.ts';
import { createSqliteQueueStore } from '../../src/store/sqlite.queue-store.ts';
import { queueStoreContract } from './queue-store.contract.ts';
import { DAY, newEntry, newMessage, T0 } from './queue-store.fixtures.ts';

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'queue-store-'));
  dirs.push(dir);
  return join(dir, 'queue.sqlite');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// One process owns the file (its tails are in-process): no second instance on the same data.
queueStoreContract('QueueStore on SQLite (file)', async (options = {}) => {
  const store = createSqliteQueueStore(tempPath(), options);
  return { store, cleanup: () => store.close() };
});

describe('SQLite queue store on disk', () => {
  it('when the store is closed and opened again on its file, then entries, numbers, stats, samples and the stream are all still there', async () => {
    const path = tempPath();
    const first = createSqliteQueueStore(path, { now: () => T0 });
    const entry = newEntry({ status: 'preparing', preparingAt: T0, queueNumber: 7 });
    await first.assignNumber(entry.orderId, DAY, 7);
    await first.saveEntry(entry);
    await first.recordOnce('queue.order-events', 'evt-1');
    await first.recordWait(DAY, 60_000, T0);
    await first.addPrepSample('dosa', 1.5);
    const appended = await first.appendStream(newMessage(1));
    await first.close();

    const second = createSqliteQueueStore(path, { now: () => T0 });
    try {
      expect(await second.listActive()).toEqual([entry]);
      expect(await second.assignNumber(entry.orderId, DAY)).toBe(7);
      expect(await second.assignNumber(entry.orderId + 1, DAY)).toBe(8);
      expect(await second.isRecorded('queue.order-events', 'evt-1')).toBe(true);
      expect(await second.dayStats(DAY)).toEqual({ ordersToday: 8, waitSumMs: 60_000, waitCount: 1 });
      expect(await second.prepSamples()).toEqual(new Map([['dosa', [1.5]]]));
      expect(await second.readStreamSince(0)).toEqual({ kind: 'replay', messages: [appended] });
      expect((await second.appendStream(newMessage(2))).seq).toBe(appended.seq + 1);
    } finally {
      await second.close();
    }
  });

  it('when opened through openQueueStore with a path, then it is a working store on that file', async () => {
    const store = await openQueueStore({ kind: 'sqlite', path: tempPath() });
    try {
      const entry = newEntry();
      await store.saveEntry(entry);
      expect(await store.listActive()).toEqual([entry]);
    } finally {
      await store.close();
    }
  });
});
