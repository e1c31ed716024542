import type { QueueEntry } from './queue-entry.ts';

/**
 * The kitchen's order of work.
 *
 * An order already `preparing` is ahead of every `waiting` one whatever its priority: it is
 * physically in progress, and raising a priority must not un-cook someone's food. Among the
 * preparing ones the earliest started goes first (it holds its station longest). Waiting
 * orders go by priority (higher first), then by their number: the day's, then the number, as
 * handed out when the order reached the queue. Numbers, not confirmation times: two orders
 * confirmed a few milliseconds apart may reach the queue the other way round, and the order
 * holding 57 must not wait behind 58 (the board and the phones show numbers). It also keeps a
 * rush of new orders joining at the end, where the plan takes them without planning again.
 * Then confirmation time and order id, so that equal keys still give one stable answer.
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
    (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
    a.queueNumber - b.queueNumber ||
    a.confirmedAt - b.confirmedAt ||
    a.orderId - b.orderId
  );
};

/** Entries still to be cooked (waiting or preparing), next first. O(n log n); input untouched. */
export const orderQueue = (entries: readonly QueueEntry[]): QueueEntry[] =>
  entries.filter((e) => e.status === 'waiting' || e.status === 'preparing').sort(compareInQueue);
