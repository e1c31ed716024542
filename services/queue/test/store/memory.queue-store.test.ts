import { describe, expect, it } from 'vitest';
import { openQueueStore } from '../../src/store/index.ts';
import { createMemoryQueueStore } from '../../src/store/memory.queue-store.ts';
import { queueStoreContract } from './queue-store.contract.ts';
import { DAY, newEntry } from './queue-store.fixtures.ts';

// In memory there is no second instance: every open() is new, empty state in this process.
queueStoreContract('QueueStore in memory', async (options = {}) => {
  const store = createMemoryQueueStore(options);
  return { store, cleanup: () => store.close() };
});

describe('in-memory queue store', () => {
  it('when opened through openQueueStore, then it is a working in-memory store', async () => {
    const store = await openQueueStore({ kind: 'memory' });
    try {
      const entry = newEntry();
      await store.saveEntry(entry);
      expect(await store.assignNumber(entry.orderId, DAY)).toBe(1);
      expect(await store.listActive()).toEqual([entry]);
    } finally {
      await store.close();
    }
  });
});
