import { createMemoryQueueStore } from './memory.queue-store.ts';
import type { QueueStore } from './queue.store.ts';
import { createRedisQueueStore } from './redis.queue-store.ts';
import { createSqliteQueueStore } from './sqlite.queue-store.ts';

export type QueueStoreChoice = { kind: 'redis'; url: string; keyPrefix?: string } | { kind: 'sqlite'; path: string } | { kind: 'memory' };

/**
 * Picks the adapter from config: Redis when `QUEUE_REDIS_URL` is set (shared by every
 * instance of the service), on disk in SQLite otherwise (one process; a restart keeps the
 * queue). The in-memory store is for tests and tools that want nothing on disk.
 */
export async function openQueueStore(choice: QueueStoreChoice): Promise<QueueStore> {
  if (choice.kind === 'memory') return createMemoryQueueStore();
  if (choice.kind === 'sqlite') return createSqliteQueueStore(choice.path);
  return createRedisQueueStore(choice.url, choice.keyPrefix === undefined ? {} : { keyPrefix: choice.keyPrefix });
}

export * from './queue.store.ts';
