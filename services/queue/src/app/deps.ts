import type { Logger } from '@canteen/service-kit';
import type { QueueStore } from '../store/queue.store.ts';
import type { Planner } from './planner.ts';

export interface QueueDeps {
  store: QueueStore;
  planner: Planner;
  logger: Logger;
  timeZone: string;
  now: () => number;
  /** Announces the new positions and ETAs of the other orders after the queue changed. */
  positionsChanged: () => Promise<void>;
}
