import type { QueueItem } from '@canteen/contracts';
import type { KitchenPlan } from '../domain/kitchen-plan.ts';
import type { QueueEntry } from '../domain/queue-entry.ts';
import type { StreamMessage } from '../store/queue.store.ts';
import type { QueueDeps } from './deps.ts';
import { toQueueItem } from './views.ts';

/**
 * Puts a change on the real-time stream (which every instance tails and broadcasts), with
 * the order's fresh position and ETA. Everyone behind it moved too: `positionsChanged`
 * refreshes them a moment later, in one batch.
 */
export async function announce(deps: QueueDeps, type: 'queue_update' | 'status_update', entry: QueueEntry): Promise<void> {
  deps.planner.changed(entry);
  // The announced order's own position must reflect this change (ready → position 0).
  const { plan } = await deps.planner.fresh();
  await appendUpdate(deps, type, entry, plan);
  await deps.positionsChanged();
}

/**
 * `announce` for many new entries at once (a rebuild): the plan takes them all, then their
 * messages go on the stream together (one write for many). The positions of the others are
 * left to the caller's `positionsChanged`, once after the last batch rather than per batch.
 */
export async function announceJoined(deps: QueueDeps, entries: readonly QueueEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (const entry of entries) deps.planner.changed(entry);
  const { plan } = await deps.planner.fresh();
  await Promise.all(entries.map((entry) => appendUpdate(deps, 'queue_update', entry, plan)));
}

/** Where an order stands now, as a stream message. */
function appendUpdate(
  deps: Pick<QueueDeps, 'store' | 'now'>,
  type: 'queue_update' | 'status_update',
  entry: QueueEntry,
  plan: KitchenPlan,
): Promise<StreamMessage> {
  return deps.store.appendStream({
    type,
    orderId: entry.orderId,
    userId: entry.userId,
    queueNumber: entry.queueNumber,
    status: entry.status,
    data: toQueueItem(entry, plan),
    at: deps.now(),
  });
}

export async function announceRemoval(deps: QueueDeps, entry: Pick<QueueEntry, 'orderId' | 'userId' | 'queueNumber'>) {
  deps.planner.invalidate();
  await deps.store.appendStream({
    type: 'queue_removed',
    orderId: entry.orderId,
    userId: entry.userId,
    queueNumber: entry.queueNumber,
    data: { order_id: entry.orderId, queue_number: entry.queueNumber, user_id: entry.userId },
    at: deps.now(),
  });
  await deps.positionsChanged();
}

/**
 * After a change, the orders behind it have a new position or ETA: a `queue_update` goes out
 * for each order whose position or whole-minute ETA really moved since the stream last said
 * so. The pass runs as part of the change (not later, batched): a client that joins with a
 * snapshot in between would otherwise hold a state the stream never said, and miss the next
 * change if it happened to restore what the stream said before.
 */
export function createPositionRefresher(deps: Omit<QueueDeps, 'positionsChanged'>) {
  // Per order, what the stream last said of it and at which seq: the tail delivers messages
  // after this pass may have said something newer, and an older message must not win.
  const lastSaid = new Map<number, { said: string; seq: number }>();
  let chain: Promise<void> = Promise.resolve();

  // Which plan the last pass looked at: a plan that only grew at its end since then moved
  // nobody, so the next pass need only look at the orders that joined.
  let lastPass = { version: -1, appended: 0 };

  function check(entry: QueueEntry, plan: KitchenPlan): Promise<void> | undefined {
    const eta = plan.byOrder.get(entry.orderId);
    const said = `${eta?.position}:${eta?.estimatedWaitMinutes}`;
    const known = lastSaid.get(entry.orderId);
    if (known?.said === said) return undefined;
    // The announcement of the change itself already told clients about new entries.
    if (!known) {
      lastSaid.set(entry.orderId, { said, seq: 0 });
      return undefined;
    }
    return appendUpdate(deps, 'queue_update', entry, plan).then((message) => {
      if ((lastSaid.get(entry.orderId)?.seq ?? 0) < message.seq) lastSaid.set(entry.orderId, { said, seq: message.seq });
    });
  }

  async function refresh() {
    const { entries, plan, version, appended } = await deps.planner.fresh();
    const onlyJoined = version === lastPass.version ? appended.slice(lastPass.appended) : undefined;
    lastPass = { version, appended: appended.length };
    // The updates go out together (in order on the store's connection, one write for many),
    // not one round trip each: a pass after the plan moved with the clock can touch hundreds
    // of orders, and every change waits for its pass.
    const updates: Promise<void>[] = [];
    if (onlyJoined) {
      for (const id of onlyJoined) {
        const entry = entries.get(id);
        const said = entry && check(entry, plan);
        if (said) updates.push(said);
      }
    } else {
      for (const id of lastSaid.keys()) if (!entries.has(id)) lastSaid.delete(id);
      for (const entry of entries.values()) {
        const said = check(entry, plan);
        if (said) updates.push(said);
      }
    }
    await Promise.all(updates);
  }

  return {
    /**
     * Every message on the stream (from this instance or another) says where an order stands;
     * remembering it lets the next pass tell what clients have not heard yet, even for an order
     * whose position moved before this instance's first pass saw it.
     */
    observe(message: StreamMessage) {
      if (message.type === 'queue_removed') {
        lastSaid.delete(message.orderId);
        return;
      }
      if ((lastSaid.get(message.orderId)?.seq ?? 0) > message.seq) return;
      const item = message.data as Partial<QueueItem>;
      lastSaid.set(message.orderId, { said: `${item.position}:${item.estimated_wait_time}`, seq: message.seq });
    },
    /** Runs a pass after the ones already asked for; resolves when it is done. */
    refresh(): Promise<void> {
      chain = chain.then(refresh).catch((err) => deps.logger.warn({ err }, 'position refresh failed'));
      return chain;
    },
    async stop() {
      await chain;
    },
  };
}
