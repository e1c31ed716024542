import type { OrderStatus } from '@canteen/contracts';
import { canteenDay } from '@canteen/service-kit';
import type { OrderRecord } from './order.ts';

/**
 * Queue numbers belong to the order: the orders service gives one when an order is confirmed
 * (paid, or settled by staff) and never again, so the number outlives whatever happens to the
 * queue service's store. Numbers start at 1 each day in the canteen's time zone.
 */
const NUMBERED: ReadonlySet<OrderStatus> = new Set(['confirmed', 'preparing', 'ready']);

/** An order that reached the kitchen without a number (just confirmed, or confirmed before numbers were kept) takes one. */
export const takesQueueNumber = (order: Pick<OrderRecord, 'status' | 'queueNumber'>): boolean =>
  order.queueNumber === null && NUMBERED.has(order.status);

/** The numbers one write must reserve: per day, the ids of the orders that take one, in the order given. */
export function numbersWanted(
  orders: readonly Pick<OrderRecord, 'id' | 'status' | 'queueNumber' | 'updatedAt'>[],
  timeZone: string,
): Map<string, number[]> {
  const wanted = new Map<string, number[]>();
  for (const order of orders) {
    if (!takesQueueNumber(order)) continue;
    const day = canteenDay(order.updatedAt, timeZone);
    const ids = wanted.get(day) ?? [];
    // One order changed twice in a write takes one number.
    if (!ids.includes(order.id)) ids.push(order.id);
    wanted.set(day, ids);
  }
  return wanted;
}

/**
 * Gives each wanted order its number, once the store reserved `count` numbers of each day
 * atomically (`lastOfDay`: the highest one reserved, so the day's numbers are last-count+1..last).
 */
export function giveNumbers(
  orders: readonly Pick<OrderRecord, 'id' | 'queueNumber'>[],
  wanted: ReadonlyMap<string, number[]>,
  lastOfDay: ReadonlyMap<string, number>,
): void {
  const given = new Map<number, number>();
  for (const [day, ids] of wanted) {
    const last = lastOfDay.get(day);
    if (last === undefined) throw new Error(`no numbers were reserved for ${day}`);
    ids.forEach((id, index) => given.set(id, last - ids.length + 1 + index));
  }
  for (const order of orders) {
    const number = given.get(order.id);
    if (order.queueNumber === null && number !== undefined) order.queueNumber = number;
  }
}
