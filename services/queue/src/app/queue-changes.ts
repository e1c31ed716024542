import { AppError, notFound } from '@canteen/service-kit';
import type { Order, QueueStatus } from '@canteen/contracts';
import { canteenDay } from '../domain/day.ts';
import { learnFromReady } from '../domain/kitchen-model.ts';
import { entryFromOrder, type WantedEntry } from '../domain/order-entry.ts';
import { STATUS_RANK as RANK, type QueueEntry, type QueueLine } from '../domain/queue-entry.ts';
import { announce, announceJoined, announceRemoval } from './announce.ts';
import type { QueueDeps } from './deps.ts';

/** Where finished orders are remembered, so a very late `confirmed` does not bring one back. */
export const FINISHED = 'queue.finished';

export interface Admission {
  orderId: number;
  userId: number;
  confirmedAt: number;
  lines: QueueLine[];
  /** The number the orders service gave the order; the queue numbers it itself only without one. */
  queueNumber?: number | null | undefined;
}

/**
 * Puts a confirmed order in the queue with its number; once, whatever repeats. The number is
 * the one the orders service recorded with the order (an event or a snapshot from an orders
 * service older than its numbers has none: the queue then takes the day's next itself).
 */
export async function admit(deps: QueueDeps, order: Admission, from: Partial<Pick<QueueEntry, 'status' | 'preparingAt' | 'readyAt' | 'day'>> = {}) {
  const existing = await deps.store.getEntry(order.orderId);
  if (existing) return existing;
  if (await deps.store.isRecorded(FINISHED, String(order.orderId))) return undefined;
  const day = from.day ?? canteenDay(order.confirmedAt, deps.timeZone);
  const entry: QueueEntry = {
    orderId: order.orderId,
    userId: order.userId,
    queueNumber: await deps.store.assignNumber(order.orderId, day, order.queueNumber ?? undefined),
    day,
    status: from.status ?? 'waiting',
    priority: 0,
    confirmedAt: order.confirmedAt,
    preparingAt: from.preparingAt ?? null,
    readyAt: from.readyAt ?? null,
    completedAt: null,
    lines: order.lines,
  };
  // Another instance may have queued it (and moved it on) a moment ago: theirs stands.
  if (!(await deps.store.saveEntry(entry))) return deps.store.getEntry(order.orderId);
  await announce(deps, 'queue_update', entry);
  return entry;
}

/**
 * `admit` for many orders at once, as the orders service has them (a rebuild after the queue
 * lost its store: thousands of orders): each step goes to the store for the whole batch
 * together (on Redis one write for many, not a round trip per order), and the plan and the
 * stream hear of the batch once. An order already queued or known to be finished is left out.
 * The caller announces the others' positions (`positionsChanged`) when all batches are in.
 */
export async function admitMany(deps: QueueDeps, orders: readonly WantedEntry[]): Promise<QueueEntry[]> {
  const { store } = deps;
  const [existing, finished] = await Promise.all([
    Promise.all(orders.map((order) => store.getEntry(order.orderId))),
    Promise.all(orders.map((order) => store.isRecorded(FINISHED, String(order.orderId)))),
  ]);
  const missing = orders.filter((_, i) => !existing[i] && !finished[i]);
  const numbers = await Promise.all(missing.map((order) => store.assignNumber(order.orderId, order.day, order.queueNumber ?? undefined)));
  const entries: QueueEntry[] = missing.map((order, i) => ({ ...order, queueNumber: numbers[i] ?? 0 }));
  // Another instance may have queued one (and moved it on) a moment ago: theirs stands.
  const saved = await Promise.all(entries.map((entry) => store.saveEntry(entry)));
  const admitted = entries.filter((_, i) => saved[i]);
  await announceJoined(deps, admitted);
  return admitted;
}

/**
 * Makes the queue agree with an order in the kitchen's hands as the orders service has it: a
 * missing entry comes back with the order's number, status and times; a known one takes the
 * order's number and moves forward to its status (never back). Undefined when the queue knows
 * the order finished.
 */
export async function restore(deps: QueueDeps, order: Order): Promise<QueueEntry | undefined> {
  const wanted = entryFromOrder(order, deps.timeZone);
  let entry = await deps.store.getEntry(order.id);
  if (!entry) {
    const { status, preparingAt, readyAt, day } = wanted;
    return admit(deps, { ...wanted, orderId: order.id }, { status, preparingAt, readyAt, day });
  }
  if (wanted.queueNumber !== null && entry.queueNumber !== wanted.queueNumber) {
    const renumbered = { ...entry, queueNumber: await deps.store.assignNumber(order.id, entry.day, wanted.queueNumber) };
    if (await deps.store.saveEntry(renumbered)) {
      entry = renumbered;
      await announce(deps, 'queue_update', entry);
    }
  }
  if (RANK[wanted.status] > RANK[entry.status] && wanted.status !== 'waiting') {
    entry = (await advance(deps, order.id, wanted.status, wanted.readyAt ?? wanted.preparingAt ?? deps.now())) ?? entry;
  }
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
