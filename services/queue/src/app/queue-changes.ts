import { AppError, notFound } from '@canteen/service-kit';
import type { QueueStatus } from '@canteen/contracts';
import { canteenDay } from '../domain/day.ts';
import { learnFromReady } from '../domain/kitchen-model.ts';
import { STATUS_RANK as RANK, type QueueEntry, type QueueLine } from '../domain/queue-entry.ts';
import { announce, announceRemoval } from './announce.ts';
import type { QueueDeps } from './deps.ts';

/** Where finished orders are remembered, so a very late `confirmed` does not bring one back. */
export const FINISHED = 'queue.finished';

export interface Admission {
  orderId: number;
  userId: number;
  confirmedAt: number;
  lines: QueueLine[];
}

/** Puts a confirmed order in the queue with the day's next number; once, whatever repeats. */
export async function admit(deps: QueueDeps, order: Admission): Promise<QueueEntry | undefined> {
  const existing = await deps.store.getEntry(order.orderId);
  if (existing) return existing;
  if (await deps.store.isRecorded(FINISHED, String(order.orderId))) return undefined;
  const day = canteenDay(order.confirmedAt, deps.timeZone);
  const entry: QueueEntry = {
    orderId: order.orderId,
    userId: order.userId,
    queueNumber: await deps.store.assignNumber(order.orderId, day),
    day,
    status: 'waiting',
    priority: 0,
    confirmedAt: order.confirmedAt,
    preparingAt: null,
    readyAt: null,
    completedAt: null,
    lines: order.lines,
  };
  // Another instance may have queued it (and moved it on) a moment ago: theirs stands.
  if (!(await deps.store.saveEntry(entry))) return deps.store.getEntry(order.orderId);
  await announce(deps, 'queue_update', entry);
  return entry;
}

/**
 * Moves an order forward in the kitchen; never backwards (a late or repeated event changes
 * nothing). `ready` records the real wait and teaches the ETA model the real prep time.
 */
export async function advance(deps: QueueDeps, orderId: number, to: Exclude<QueueStatus, 'waiting'>, at: number) {
  const entry = await deps.store.getEntry(orderId);
  if (!entry) return undefined;
  if (RANK[to] <= RANK[entry.status]) return entry;
  if (to === 'completed') return finish(deps, entry, at);
  const next: QueueEntry = { ...entry, status: to };
  if (to === 'preparing') next.preparingAt = at;
  if (to === 'ready') {
    next.readyAt = at;
    next.preparingAt ??= null;
    await deps.store.recordWait(entry.day, at - entry.confirmedAt, at);
    for (const sample of learnFromReady(entry, at)) await deps.store.addPrepSample(sample.menuItemId, sample.ratio);
  }
  if (!(await deps.store.saveEntry(next))) return deps.store.getEntry(orderId);
  await announce(deps, 'status_update', next);
  return next;
}

/** Handed out or cancelled: off the queue, and remembered as finished. */
export async function finish(deps: QueueDeps, entry: QueueEntry, at: number): Promise<QueueEntry> {
  await deps.store.recordOnce(FINISHED, String(entry.orderId));
  if (entry.status !== 'ready' && entry.status !== 'completed' && entry.readyAt === null && at >= entry.confirmedAt) {
    // Completed straight from the counter: count the wait all the same.
    await deps.store.recordWait(entry.day, at - entry.confirmedAt, at);
  }
  await deps.store.removeEntry(entry.orderId);
  await announceRemoval(deps, entry);
  return { ...entry, status: 'completed', completedAt: at };
}

export async function cancel(deps: QueueDeps, orderId: number): Promise<boolean> {
  await deps.store.recordOnce(FINISHED, String(orderId));
  const entry = await deps.store.getEntry(orderId);
  if (!entry) return false;
  await deps.store.removeEntry(orderId);
  await announceRemoval(deps, entry);
  return true;
}

/** Staff raise (or lower) an order's priority. */
export async function setPriority(deps: QueueDeps, orderId: number, priority: number): Promise<QueueEntry> {
  const entry = await deps.store.getEntry(orderId);
  if (!entry) throw notFound('queue item not found');
  if (entry.priority === priority) return entry;
  const next = { ...entry, priority };
  if (!(await deps.store.saveEntry(next))) return setPriority(deps, orderId, priority);
  await announce(deps, 'status_update', next);
  return next;
}

export function assertForward(entry: QueueEntry, to: QueueStatus): void {
  if (RANK[to] < RANK[entry.status]) {
    throw new AppError(409, 'ILLEGAL_TRANSITION', `The order is ${entry.status}; it cannot go back to ${to}`);
  }
}
