import type { QueueEntry } from './queue-entry.ts';

/**
 * The kitchen's order of work.
 *
 * An order already `preparing` is ahead of every `waiting` one whatever its priority: it is
 * physically in progress, and raising a priority must not un-cook someone's food. Among the
 * preparing ones the earliest started goes first (it holds its station longest). Waiting
 * orders go by priority (higher first), then confirmation time, then the day's queue number,
 * then order id so that equal keys still give one stable answer.
 *
 * Positions follow from this order: 1 = next; `ready` orders are at position 0 and are not in
 * the queue; `completed` ones have no position.
 */
export const compareInQueue = (a: QueueEntry, b: QueueEntry): number => {
  const aPreparing = a.status === 'preparing';
  const bPreparing = b.status === 'preparing';
  if (aPreparing !== bPreparing) return aPreparing ? -1 : 1;
  if (aPreparing) {
    const started = (a.preparingAt ?? a.confirmedAt) - (b.preparingAt ?? b.confirmedAt);
    if (started !== 0) return started;
  }
  return (
    b.priority - a.priority ||
    a.confirmedAt - b.confirmedAt ||
    a.queueNumber - b.queueNumber ||
    a.orderId - b.orderId
  );
};

/** Entries still to be cooked (waiting or preparing), next first. O(n log n); input untouched. */
export const orderQueue = (entries: readonly QueueEntry[]): QueueEntry[] =>
  entries.filter((e) => e.status === 'waiting' || e.status === 'preparing').sort(compareInQueue);
