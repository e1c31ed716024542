import { buildPrepModel, planKitchen, type KitchenConfig, type KitchenPlan } from '../domain/kitchen-model.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { QueueStore } from '../store/queue.store.ts';

export interface PlannedQueue {
  entries: ReadonlyMap<number, QueueEntry>;
  plan: KitchenPlan;
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
}

/**
 * Plans the whole kitchen once and answers every position/ETA question from that plan, so
 * a lunch rush of "where am I?" costs a map lookup, not a schedule. The plan is redone when
 * the queue changes, and every few seconds anyway because ETAs move with the clock.
 */
export function createPlanner(
  store: QueueStore,
  kitchen: KitchenConfig,
  now: () => number,
  options: { maxAgeMs?: number } = {},
): Planner {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let cached: PlannedQueue | undefined;
  let pending: Promise<PlannedQueue> | undefined;
  let generation = 0;

  async function compute(): Promise<PlannedQueue> {
    const started = generation;
    const [active, samples] = await Promise.all([store.listActive(), store.prepSamples()]);
    const result = {
      entries: new Map(active.map((entry) => [entry.orderId, entry])),
      plan: planKitchen(active, kitchen, buildPrepModel(samples), now()),
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

  return {
    current,
    fresh: current,
    invalidate() {
      generation++;
      cached = undefined;
    },
  };
}
