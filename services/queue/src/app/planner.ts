import { buildPrepModel, planKitchen, type KitchenConfig, type KitchenPlan } from '../domain/kitchen-model.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { QueueStore } from '../store/queue.store.ts';

export interface Planner {
  /** The active entries and the kitchen plan over them, recomputed only when needed. */
  current(): Promise<{ entries: ReadonlyMap<number, QueueEntry>; plan: KitchenPlan }>;
  /** The queue changed (here or on another instance): the next read plans again. */
  invalidate(): void;
}

/**
 * Plans the whole kitchen once and answers every position/ETA question from that plan, so
 * a lunch-rush of "where am I?" costs a map lookup, not a schedule. The plan is redone when
 * the queue changes, and every few seconds anyway because ETAs move with the clock.
 */
export function createPlanner(store: QueueStore, kitchen: KitchenConfig, now: () => number, maxAgeMs = 5000): Planner {
  let cached: { entries: Map<number, QueueEntry>; plan: KitchenPlan } | undefined;
  let pending: Promise<{ entries: Map<number, QueueEntry>; plan: KitchenPlan }> | undefined;
  let generation = 0;

  async function compute() {
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

  return {
    async current() {
      if (cached && now() - cached.plan.computedAt < maxAgeMs) return cached;
      pending ??= compute().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      generation++;
      cached = undefined;
    },
  };
}
