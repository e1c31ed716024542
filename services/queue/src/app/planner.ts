import type { QueueItem } from '@canteen/contracts';
import { appendToPlan, buildPrepModel, planKitchen, type KitchenConfig, type KitchenPlan } from '../domain/kitchen-model.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { QueueStore, StreamMessage } from '../store/queue.store.ts';

export interface PlannedQueue {
  entries: ReadonlyMap<number, QueueEntry>;
  plan: KitchenPlan;
  /** Changes with every full re-plan; the same version only ever grows by appended orders. */
  version: number;
  /** Orders appended to this version of the plan since it was computed, oldest first. */
  appended: readonly number[];
}

export interface Planner {
  /** The active entries and the kitchen plan over them, recomputed only when needed. */
  current(): Promise<PlannedQueue>;
  /**
   * The same today. Kept apart from `current` for the readers that must see every change
   * (HTTP answers, announcements), should `current` ever be allowed to lag behind.
   */
  fresh(): Promise<PlannedQueue>;
  /** The queue changed (here or on another instance). */
  invalidate(): void;
  /**
   * This instance saved `entry`: a new order joining at the end of the queue is added to the
   * plan as it is; anything else re-plans.
   */
  changed(entry: QueueEntry): void;
  /** A message from the shared stream: re-plans unless the plan already says the same. */
  observe(message: StreamMessage): void;
}

/**
 * Plans the whole kitchen once and answers every position/ETA question from that plan, so
 * a lunch rush of "where am I?" costs a map lookup, not a schedule. The plan is redone when
 * the queue changes, and every few seconds anyway because ETAs move with the clock; an
 * order joining at the end (most of a rush) extends it instead of redoing it.
 */
export function createPlanner(
  store: QueueStore,
  kitchen: KitchenConfig,
  now: () => number,
  options: { maxAgeMs?: number } = {},
): Planner {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let cached: (PlannedQueue & { entries: Map<number, QueueEntry>; appended: number[] }) | undefined;
  let pending: Promise<PlannedQueue> | undefined;
  let generation = 0;
  let versions = 0;

  async function compute(): Promise<PlannedQueue> {
    const started = generation;
    const [active, samples] = await Promise.all([store.listActive(), store.prepSamples()]);
    const result = {
      entries: new Map(active.map((entry) => [entry.orderId, entry])),
      plan: planKitchen(active, kitchen, buildPrepModel(samples), now()),
      version: ++versions,
      appended: [] as number[],
    };
    // A change that landed while we read would be missing: keep it only if none did.
    if (started === generation) cached = result;
    return result;
  }

  const current = async () => {
    if (cached && now() - cached.plan.computedAt < maxAgeMs) return cached;
    pending ??= compute().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const invalidate = () => {
    generation++;
    cached = undefined;
  };

  return {
    current,
    fresh: current,
    invalidate,
    changed(entry) {
      if (!cached || cached.entries.has(entry.orderId) || !appendToPlan(cached.plan, entry)) return invalidate();
      cached.entries.set(entry.orderId, entry);
      cached.appended.push(entry.orderId);
      // A computation already under way read the store before this order was saved.
      generation++;
    },
    observe(message) {
      const known = cached?.entries.get(message.orderId);
      const said = message.data as Partial<QueueItem>;
      const agrees =
        message.type === 'queue_removed'
          ? cached !== undefined && known === undefined
          : known !== undefined && known.status === message.status && known.priority === (said.priority ?? known.priority);
      if (!agrees) invalidate();
    },
  };
}
