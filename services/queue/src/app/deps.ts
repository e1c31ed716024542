import type { Logger } from '@canteen/service-kit';
import type { QueueStore } from '../store/queue.store.ts';
import type { Planner } from './planner.ts';

export interface QueueDeps {
  store: QueueStore;
  planner: Planner;
  logger: Logger;
  timeZone: string;
  now: () => number;
  /** Refreshes the positions and ETAs clients see after the queue changed (debounced). */
  positionsChanged: () => void;
}
