import { createMemoryQueueStore } from './memory.queue-store.ts';
import type { QueueStore } from './queue.store.ts';
import { createRedisQueueStore } from './redis.queue-store.ts';

export type QueueStoreChoice = { kind: 'redis'; url: string; keyPrefix?: string } | { kind: 'memory' };

/**
 * Picks the adapter from config: Redis when `QUEUE_REDIS_URL` is set (shared by every
 * instance of the service), in memory otherwise (one process, state lost on restart).
 */
export async function openQueueStore(choice: QueueStoreChoice): Promise<QueueStore> {
  if (choice.kind === 'memory') return createMemoryQueueStore();
  return createRedisQueueStore(choice.url, choice.keyPrefix === undefined ? {} : { keyPrefix: choice.keyPrefix });
}

export * from './queue.store.ts';
