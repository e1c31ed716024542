import type { ActiveOrdersSnapshot } from '@canteen/contracts';
import { entryFromOrder, queueStatusOf, type WantedEntry } from '../domain/order-entry.ts';
import { STATUS_RANK, type QueueEntry } from '../domain/queue-entry.ts';
import type { QueueDeps } from './deps.ts';
import { admitMany, cancel, restore } from './queue-changes.ts';

/** Orders restored together: one batch of store writes, one plan update, one stream write. */
export const RESTORE_BATCH = 500;

export interface Reconciled {
  /** Orders the queue did not have and now has. */
  restored: number;
  /** Entries that took the order's number or moved on to its status. */
  corrected: number;
  /** Entries of orders no longer in the kitchen's hands, taken off. */
  removed: number;
}

/**
 * Makes the queue agree with the orders service, the source of truth: every order in the
 * kitchen's hands has its entry (number, status, times), and entries of orders that finished
 * go. What the queue missed (a restart, a lost Redis, events it never got) comes back this way.
 *
 * The queue's entries are read before the snapshot is asked for: an entry the snapshot then
 * lacks belonged to an order confirmed before the snapshot was taken and no longer active in
 * it, so it finished (orders never go back). An entry added after that read is left alone.
 * Nothing is removed on a snapshot that says it is not complete.
 */
export async function reconcile(deps: QueueDeps, snapshotOf: () => Promise<ActiveOrdersSnapshot>): Promise<Reconciled> {
  const known = new Map((await deps.store.listActive()).map((entry) => [entry.orderId, entry]));
  const snapshot = await snapshotOf();
  const result: Reconciled = { restored: 0, corrected: 0, removed: 0 };
  const inKitchen = new Set<number>();
  const missing: WantedEntry[] = [];
  for (const order of snapshot.orders) {
    inKitchen.add(order.id);
    const entry = known.get(order.id);
    const status = queueStatusOf(order.status);
    if (!status || (entry && agrees(entry, order.queue_number, status))) continue;
    if (!entry) {
      missing.push(entryFromOrder(order, deps.timeZone));
      continue;
    }
    if (await restore(deps, order)) result.corrected += 1;
  }
  // A lost store brings back the whole kitchen at once (tens of thousands of orders after a
  // long rush nobody served): in batches, each a few writes for all of its orders.
  for (let i = 0; i < missing.length; i += RESTORE_BATCH) {
    result.restored += (await admitMany(deps, missing.slice(i, i + RESTORE_BATCH))).length;
  }
  if (result.restored > 0) await deps.positionsChanged();
  if (snapshot.complete) {
    for (const orderId of known.keys()) {
      if (inKitchen.has(orderId)) continue;
      if (await cancel(deps, orderId)) result.removed += 1;
    }
  }
  return result;
}

const agrees = (entry: QueueEntry, number: number | null, status: keyof typeof STATUS_RANK) =>
  (number === null || entry.queueNumber === number) && STATUS_RANK[entry.status] >= STATUS_RANK[status];

export interface ReconcilerOptions {
  deps: QueueDeps;
  snapshotOf: () => Promise<ActiveOrdersSnapshot>;
  intervalMs: number;
}

/**
 * Runs `reconcile` at start and then every `intervalMs`, one pass at a time. A pass that
 * changed something is logged; a failing one (the orders service not up yet, at start in
 * all-in-one) is logged once per run of failures and tried again next time.
 */
export function createReconciler({ deps, snapshotOf, intervalMs }: ReconcilerOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = true;
  let failing = false;
  let failures = 0;

  const pass = async () => {
    try {
      const result = await reconcile(deps, snapshotOf);
      if (failing) deps.logger.info('queue reconciliation works again');
      failing = false;
      failures = 0;
      if (result.restored || result.corrected || result.removed) deps.logger.info(result, 'queue reconciled with the orders service');
    } catch (err) {
      failures += 1;
      // In all-in-one the queue starts before the orders service: its first passes fail as a rule.
      if (!failing && failures > 3) {
        deps.logger.warn({ err }, 'queue reconciliation failed; trying again');
        failing = true;
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  return {
    start() {
      stopped = false;
      running = pass().finally(schedule);
    },
    /** One pass now, after the one under way (tests, and a store that lost its data). */
    async runNow(): Promise<void> {
      await running;
      running = pass();
      await running;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
