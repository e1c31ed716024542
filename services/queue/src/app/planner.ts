import type { QueueItem } from '@canteen/contracts';
import { buildPrepModel, type KitchenConfig, type PrepModel } from '../domain/kitchen-model.ts';
import { appendToPlan, planKitchen, type KitchenPlan } from '../domain/kitchen-plan.ts';
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
 * order joining at the end (most of a rush) extends it instead of redoing it. A plan that is
 * only old is redone from the entries it already holds: every change to them, here or on
 * another instance, reaches it (`changed`, `observe`) and drops them, so the store is read
 * again only after a change, never just because the clock moved.
 */
export function createPlanner(
  store: QueueStore,
  kitchen: KitchenConfig,
  now: () => number,
  options: { maxAgeMs?: number } = {},
): Planner {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let cached: (PlannedQueue & { entries: Map<number, QueueEntry>; appended: number[]; model: PrepModel }) | undefined;
  let pending: Promise<PlannedQueue> | undefined;
  let generation = 0;
  let versions = 0;
  // What changed while a computation read the store (orders this instance saved, the stream's
  // news): it may have read them or not, so they are checked against its result before it is kept.
  let savedDuringRead: QueueEntry[] = [];
  let observedDuringRead: StreamMessage[] = [];

  async function compute(): Promise<PlannedQueue> {
    const started = generation;
    savedDuringRead = [];
    observedDuringRead = [];
    const [active, samples] = await Promise.all([store.listActive(), store.prepSamples()]);
    const model = buildPrepModel(samples);
    const result = {
      entries: new Map(active.map((entry) => [entry.orderId, entry])),
      plan: planKitchen(active, kitchen, model, now()),
      version: ++versions,
      appended: [] as number[],
      model,
    };
    // A change that landed while we read may be missing. New orders joining at the end (a
    // rush keeps bringing them, and with several handled at once one always lands during a
    // read) are added as they are, and the stream's news must agree with the result; anything
    // else makes the next reader plan again.
    const kept =
      started === generation &&
      savedDuringRead.every((entry) => settle(result, entry)) &&
      observedDuringRead.every((message) => agrees(result, message));
    if (kept) cached = result;
    savedDuringRead = [];
    observedDuringRead = [];
    return result;
  }

  /** Whether `plan` now holds `entry` as saved: it was read already, or it joins at the end. */
  function settle(planned: NonNullable<typeof cached>, entry: QueueEntry): boolean {
    const read = planned.entries.get(entry.orderId);
    if (read) return read.status === entry.status && read.priority === entry.priority;
    if (!appendToPlan(planned.plan, entry)) return false;
    planned.entries.set(entry.orderId, entry);
    planned.appended.push(entry.orderId);
    return true;
  }

  /** The same entries and prep model, planned for now (ETAs move with the clock). */
  function replan(old: NonNullable<typeof cached>): PlannedQueue {
    cached = { ...old, plan: planKitchen([...old.entries.values()], kitchen, old.model, now()), version: ++versions, appended: [] };
    return cached;
  }

  const current = async () => {
    if (cached && now() - cached.plan.computedAt < maxAgeMs) return cached;
    if (cached) return replan(cached);
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
      // A computation under way settles it when its read is done.
      if (pending) savedDuringRead.push(entry);
      if (!cached) return;
      if (cached.entries.has(entry.orderId) || !appendToPlan(cached.plan, entry)) return invalidate();
      cached.entries.set(entry.orderId, entry);
      cached.appended.push(entry.orderId);
    },
    observe(message) {
      // A computation under way checks it against what it read (and what was saved meanwhile).
      if (pending && !cached) observedDuringRead.push(message);
      else if (!cached || !agrees(cached, message)) invalidate();
    },
  };
}

/** Whether a stream message says of its order what `planned` already holds. */
function agrees(planned: Pick<PlannedQueue, 'entries'>, message: StreamMessage): boolean {
  const known = planned.entries.get(message.orderId);
  if (message.type === 'queue_removed') return known === undefined;
  const said = message.data as Partial<QueueItem>;
  return known !== undefined && known.status === message.status && known.priority === (said.priority ?? known.priority);
}
