import { createHash } from 'node:crypto';
import type { HistoricalOrder } from '@canteen/orders';
import type { HistoricalPayment } from '@canteen/payments';
import { canteenTime, seededRandom, shiftDay } from '@canteen/service-kit';

/** A dish the history orders, as the menu has it. */
export interface HistoryDish {
  id: string;
  name: string;
  priceMinor: number;
  station: string;
  preparationTime: number;
}

export interface HistoryOptions {
  /** The first and the number of canteen days (YYYY-MM-DD), all in the past. */
  firstDay: string;
  days: number;
  timeZone: string;
  menu: readonly HistoryDish[];
  /** Orders on an ordinary weekday; Saturdays get about 40 %, Sundays 20 %. */
  weekdayOrders: number;
  /** The same seed makes the same history. */
  seed?: number;
}

/** Share of a day's orders per hour: breakfast, a lunch peak at 12–14, an afternoon snack. */
const HOUR_WEIGHTS: Record<number, number> = { 8: 4, 9: 6, 10: 5, 11: 9, 12: 22, 13: 24, 14: 10, 15: 5, 16: 8, 17: 5, 18: 2 };
const METHODS = [['upi', 0.5], ['card', 0.22], ['mock', 0.13], ['cash', 0.15]] as const;

function pick<T>(rand: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = rand() * total;
  for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
  return weighted.at(-1)![0];
}

export interface History {
  orders: HistoricalOrder[];
  /** The payments of the orders once they have ids (same order as `orders`). */
  paymentsFor(orderIds: readonly number[]): HistoricalPayment[];
}

interface PaymentPlan {
  status: HistoricalPayment['status'];
  failureReason: string | null;
  refunds: { amountMinor: number; reason: string; at: Date }[];
}

/**
 * A canteen's past, made up for the demo and the benchmark: weekday lunch peaks, quiet
 * weekends, a few declined cards, cancellations and refunds, each order with the times it
 * reached its states and the ready time it was promised. Pure: the same options give the same history.
 */
export function generateHistory(options: HistoryOptions): History {
  const rand = seededRandom(options.seed ?? 42);
  const hours = Object.entries(HOUR_WEIGHTS).map(([hour, weight]) => [Number(hour), weight] as const);
  const dishes = options.menu.map((dish, i) => [dish, 1 + ((i * 7) % 5)] as const);
  const orders: HistoricalOrder[] = [];
  const plans: PaymentPlan[] = [];
  for (let d = 0; d < options.days; d++) {
    const day = shiftDay(options.firstDay, d);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const scale = weekday === 0 ? 0.2 : weekday === 6 ? 0.4 : 0.85 + rand() * 0.3;
    const count = Math.round(options.weekdayOrders * scale);
    let queueNumber = 0;
    const times = Array.from({ length: count }, () => {
      const hour = pick(rand, hours);
      return canteenTime(day, options.timeZone, hour).getTime() + Math.floor(rand() * 3_600_000);
    }).sort((a, b) => a - b);
    for (const createdMs of times) {
      const lineCount = 1 + Math.floor(rand() * rand() * 3);
      const items = Array.from({ length: lineCount }, () => {
        const dish = pick(rand, dishes);
        return {
          menuItemId: dish.id, itemName: dish.name, quantity: rand() < 0.8 ? 1 : 2, unitPriceMinor: dish.priceMinor,
          specialInstructions: null, options: [], station: dish.station, preparationTime: dish.preparationTime,
        };
      });
      const totalMinor = items.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
      const method = pick(rand, METHODS);
      const at = (offsetMs: number) => new Date(createdMs + offsetMs);
      const roll = rand();
      const confirmMs = 5_000 + rand() * 20_000;
      const prepMs = Math.max(...items.map((line) => line.preparationTime)) * 60_000;
      // The kitchen's queue at lunch makes waits longer, and the promise misses either way.
      const busy = rand() * (createdMs % 86_400_000 > 6 * 3_600_000 ? 6 : 2) * 60_000;
      const promisedMs = confirmMs + prepMs + busy;
      const readyMs = promisedMs + (rand() - 0.4) * 4 * 60_000;
      const base = {
        userId: 1000 + Math.floor(rand() * 600), totalMinor, currency: 'INR', paymentId: null, paymentMethod: method,
        specialInstructions: null, createdAt: at(0), items,
      };
      const declined = method !== 'cash' && roll < 0.04;
      const cancelled = !declined && roll < 0.08;
      let order: HistoricalOrder;
      let plan: PaymentPlan;
      if (declined) {
        order = { ...base, status: 'cancelled', paymentStatus: 'failed', refundedMinor: 0, queueNumber: null, cancelReason: 'payment failed: card declined',
          updatedAt: at(confirmMs), confirmedAt: null, preparingAt: null, readyAt: null, completedAt: null, cancelledAt: at(confirmMs), promisedReadyAt: null };
        plan = { status: 'failed', failureReason: 'card declined', refunds: [] };
      } else if (cancelled) {
        const byStaff = roll > 0.07;
        const cancelMs = confirmMs + 60_000 + rand() * 120_000;
        const reason = byStaff ? 'out of stock' : 'cancelled by customer';
        order = { ...base, status: 'cancelled', paymentStatus: 'refunded', refundedMinor: totalMinor, queueNumber: ++queueNumber, cancelReason: reason,
          updatedAt: at(cancelMs), confirmedAt: at(confirmMs), preparingAt: null, readyAt: null, completedAt: null, cancelledAt: at(cancelMs), promisedReadyAt: at(promisedMs) };
        plan = { status: 'refunded', failureReason: null, refunds: [{ amountMinor: totalMinor, reason, at: at(cancelMs) }] };
      } else {
        const completedMs = readyMs + 60_000 + rand() * 240_000;
        const partial = roll > 0.99 ? Math.min(totalMinor, items[0]!.unitPriceMinor) : 0;
        order = { ...base, status: 'completed', paymentStatus: partial ? (partial === totalMinor ? 'refunded' : 'partially_refunded') : 'paid', refundedMinor: partial,
          queueNumber: ++queueNumber, cancelReason: null, updatedAt: at(completedMs), confirmedAt: at(confirmMs), preparingAt: at(confirmMs + busy),
          readyAt: at(readyMs), completedAt: at(completedMs), cancelledAt: null, promisedReadyAt: at(promisedMs) };
        plan = { status: partial ? (partial === totalMinor ? 'refunded' : 'partially_refunded') : 'success', failureReason: null,
          refunds: partial ? [{ amountMinor: partial, reason: 'item missing', at: at(completedMs + 600_000) }] : [] };
      }
      orders.push(order);
      plans.push(plan);
    }
  }
  const seed = options.seed ?? 42;
  const id = (prefix: string, n: number, kind: string) => `${prefix}_${createHash('sha256').update(`${seed}:${kind}:${n}`).digest('hex').slice(0, 12)}`;
  return {
    orders,
    paymentsFor(orderIds) {
      return orderIds.map((orderId, i) => {
        const order = orders[i]!;
        const plan = plans[i]!;
        const paymentId = id('pay', orderIds[i]!, 'payment');
        return {
          paymentId, orderId: orderIds[i]!, userId: order.userId, amountMinor: order.totalMinor, currency: order.currency,
          status: plan.status, method: order.paymentMethod, failureReason: plan.failureReason, refundedMinor: order.refundedMinor,
          refunds: plan.refunds.map((refund, r) => ({ refundId: id('rfd', orderIds[i]! * 4 + r, 'refund'), amountMinor: refund.amountMinor, reason: refund.reason, createdAt: refund.at })),
          createdAt: order.createdAt, updatedAt: order.updatedAt,
        };
      });
    },
  };
}
