import type { BoardItem, QueueItem, QueueStats } from '@canteen/contracts';
import { isStaff, notFound, type Principal } from '@canteen/service-kit';
import { canteenDay } from '../domain/day.ts';
import type { QueueDeps } from './deps.ts';
import { toBoardItem, toQueueItem } from './views.ts';

/**
 * What the queue's read routes answer. Staff get every order in full, in the kitchen's order
 * (the plan's queue, then the ready ones); anyone else the board's view (numbers and states).
 */
export async function activeQueue(deps: QueueDeps, caller: Principal | undefined): Promise<QueueItem[] | BoardItem[]> {
  const { entries, plan } = await deps.planner.fresh();
  const ordered = [...plan.queue.map((orderId) => entries.get(orderId)!), ...[...entries.values()].filter((e) => e.status === 'ready')];
  return caller && isStaff(caller) ? ordered.map((entry) => toQueueItem(entry, plan)) : ordered.map(toBoardItem);
}

/**
 * One order's place in the queue. Another student's order is "not found": order ids are not
 * a way to look at people.
 */
export async function queueItemOf(deps: QueueDeps, orderId: number, caller: Principal): Promise<QueueItem> {
  const { entries, plan } = await deps.planner.fresh();
  const entry = entries.get(orderId);
  if (!entry || (!isStaff(caller) && entry.userId !== Number(caller.userId))) throw notFound('queue item not found');
  return toQueueItem(entry, plan);
}

/** The caller's own orders in the queue (ready ones included), in the kitchen's order. */
export async function queueItemsOf(deps: QueueDeps, caller: Principal): Promise<QueueItem[]> {
  const { entries, plan } = await deps.planner.fresh();
  const userId = Number(caller.userId);
  const mine = [...entries.values()].filter((entry) => entry.userId === userId);
  const position = (entry: (typeof mine)[number]) => plan.byOrder.get(entry.orderId)?.position || Number.MAX_SAFE_INTEGER;
  return mine.sort((a, b) => position(a) - position(b)).map((entry) => toQueueItem(entry, plan));
}

/** The day's figures: orders and average wait today, what is in the kitchen now, the last hour's pace. */
export async function queueStats(deps: QueueDeps): Promise<QueueStats> {
  const now = deps.now();
  const [day, { entries }, readyLastHour] = await Promise.all([
    deps.store.dayStats(canteenDay(now, deps.timeZone)),
    deps.planner.fresh(),
    deps.store.readyCountSince(now - 3_600_000),
  ]);
  const ready = [...entries.values()].filter((e) => e.status === 'ready').length;
  return {
    total_orders_today: day.ordersToday,
    average_wait_time: day.waitCount ? Math.round((day.waitSumMs / day.waitCount / 60_000) * 10) / 10 : 0,
    active_orders_count: entries.size - ready,
    throughput_last_hour: readyLastHour,
    ready_count: ready,
  };
}
