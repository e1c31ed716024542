import { randomBytes } from 'node:crypto';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openQueueStore } from '../../src/store/index.ts';
import type { QueueStore, StreamMessage } from '../../src/store/queue.store.ts';
import { createRedisQueueStore, type RedisQueueStoreOptions } from '../../src/store/redis.queue-store.ts';
import { queueStoreContract } from './queue-store.contract.ts';
import { appendAll, DAY, eventually, newEntry, newMessage, type OpenedQueueStore, type OpenOptions } from './queue-store.fixtures.ts';
import { deleteKeys as deleteKeysUnder } from '../service/helpers.ts';

const check = await checkInfra('Redis', testUrls.redis);

/** Every key this file run writes starts with it; nothing else on the server is touched. */
const runPrefix = `test:queue-store:${randomBytes(6).toString('hex')}:`;
let opens = 0;

/** An admin connection for the test itself (key clean-up, CLIENT LIST/KILL). */
const admin = check.available ? new Redis(testUrls.redis, { lazyConnect: true }) : undefined;

async function deleteKeys(prefix: string): Promise<void> {
  if (admin) await deleteKeysUnder(admin, prefix);
}

const keysUnder = async (prefix: string) => {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin!.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
};

/** Fresh data: a key prefix of its own; `another` is a second store (own connections) on it. */
async function openFresh(options: OpenOptions & Omit<RedisQueueStoreOptions, 'keyPrefix'> = {}): Promise<OpenedQueueStore & { keyPrefix: string }> {
  const keyPrefix = `${runPrefix}${++opens}:`;
  const stores: QueueStore[] = [];
  const make = async (extra: Partial<RedisQueueStoreOptions> = {}) => {
    const store = await createRedisQueueStore(testUrls.redis, { ...options, keyPrefix, ...extra });
    stores.push(store);
    return store;
  };
  const store = await make();
  return {
    keyPrefix,
    store,
    another: () => make({ connectionName: undefined }),
    cleanup: async () => {
      for (const one of stores) await one.close();
      await deleteKeys(keyPrefix);
    },
  };
}

/** Kills the server side of every connection with that name; how many went. */
async function killConnectionsNamed(names: string[]): Promise<number> {
  const list = (await admin!.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string;
  const ids = list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((pair) => pair.split('=') as [string, string])))
    .filter((client) => names.includes(client.name ?? ''))
    .map((client) => client.id as string);
  for (const id of ids) await admin!.call('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}

afterAll(async () => {
  if (!admin) return;
  await deleteKeys(runPrefix);
  await admin.quit();
});

describe.skipIf(!check.available)('Redis adapter', () => {
  queueStoreContract('QueueStore on Redis', openFresh);

  describe('Redis specifics', () => {
    it('when the store writes, then all its keys are under its prefix, one per kind of data', async () => {
      const fresh = await openFresh();
      try {
        await fresh.store.assignNumber(1, DAY);
        await fresh.store.saveEntry(newEntry());
        await fresh.store.recordOnce('orders', 'evt-1');
        await fresh.store.recordWait(DAY, 1000, Date.now());
        await fresh.store.addPrepSample('dosa', 1.1);
        await fresh.store.appendStream(newMessage(1));

        const keys = await keysUnder(fresh.keyPrefix);

        expect(keys.map((key) => key.slice(fresh.keyPrefix.length))).toEqual([
          'active',
          'day:2025-01-15:counter',
          'day:2025-01-15:numbers',
          'day:2025-01-15:stats',
          'entries',
          'prep:item:dosa',
          'prep:items',
          'ready',
          'seen:orders:evt-1',
          'stream',
          'stream:seq',
        ]);
      } finally {
        await fresh.cleanup();
      }
    });

    it('when two stores use different prefixes on one Redis, then they share nothing', async () => {
      const a = await openFresh();
      const b = await openFresh();
      try {
        await a.store.assignNumber(1, DAY);
        await a.store.appendStream(newMessage(1));

        expect(await b.store.assignNumber(2, DAY)).toBe(1);
        expect(await b.store.lastSeq()).toBe(0);
      } finally {
        await a.cleanup();
        await b.cleanup();
      }
    });

    it('when the sequence counter was lost but the stream kept, then appending continues after the last message', async () => {
      const fresh = await openFresh();
      try {
        await appendAll(fresh.store, [newMessage(1), newMessage(2)]);
        await admin!.del(`${fresh.keyPrefix}stream:seq`);

        const next = await fresh.store.appendStream(newMessage(3));

        expect(next.seq).toBe(3);
        expect(await fresh.store.lastSeq()).toBe(3);
        expect(await fresh.store.readStreamSince(1)).toEqual({ kind: 'replay', messages: [{ ...newMessage(2), seq: 2 }, next] });
      } finally {
        await fresh.cleanup();
      }
    });

    it('when Redis loses all the data under running stores, then the stream goes on after the highest seq they saw and tails keep delivering', async () => {
      const fresh = await openFresh();
      try {
        const writer = await fresh.another!();
        const received: StreamMessage[] = [];
        const unsubscribe = await fresh.store.tailStream((message) => received.push(message));
        await appendAll(writer, [newMessage(1), newMessage(2), newMessage(3)]);
        await eventually(() => expect(received.map((m) => m.seq)).toEqual([1, 2, 3]));
        await deleteKeys(fresh.keyPrefix);

        // The reader's own store appends first: it only knows seq 3 from its tail.
        const next = await fresh.store.appendStream(newMessage(4));
        const after = await writer.appendStream(newMessage(5));

        expect([next.seq, after.seq]).toEqual([4, 5]);
        await eventually(() => expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]));
        // A client that saw seq 2 before the loss cannot replay what was lost: it gets a snapshot.
        expect(await writer.readStreamSince(2)).toEqual({ kind: 'too_old' });
        await unsubscribe();
      } finally {
        await fresh.cleanup();
      }
    });

    it('when its connections are killed, then calls still work and the tail resumes without losing what was appended meanwhile', async () => {
      const name = `queue-store-test-${randomBytes(4).toString('hex')}`;
      const fresh = await openFresh({ connectionName: name });
      try {
        const writer = await fresh.another!();
        const received: StreamMessage[] = [];
        const unsubscribe = await fresh.store.tailStream((message) => received.push(message));
        const before = await appendAll(writer, [newMessage(1)]);
        await eventually(() => expect(received).toEqual(before));

        expect(await killConnectionsNamed([name, `${name}:tail`])).toBe(2);
        const during = await appendAll(writer, [newMessage(2), newMessage(3)]);

        const entry = newEntry();
        await fresh.store.saveEntry(entry);
        expect(await fresh.store.getEntry(entry.orderId)).toEqual(entry);
        expect(await fresh.store.lastSeq()).toBe(3);
        const after = await appendAll(fresh.store, [newMessage(4)]);
        await eventually(() => expect(received).toEqual([...before, ...during, ...after]));
        await unsubscribe();
      } finally {
        await fresh.cleanup();
      }
    });

    it('when opened through openQueueStore, then it is the Redis adapter on that URL and prefix', async () => {
      const fresh = await openFresh();
      const store = await openQueueStore({ kind: 'redis', url: testUrls.redis, keyPrefix: fresh.keyPrefix });
      try {
        await fresh.store.assignNumber(1, DAY);
        expect(await store.assignNumber(2, DAY)).toBe(2);
      } finally {
        await store.close();
        await fresh.cleanup();
      }
    });

    it('when Redis cannot be reached, then opening the store fails with a clear message', async () => {
      await expect(createRedisQueueStore('redis://127.0.0.1:1')).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1\/? is not reachable/);
    });
  });
});
