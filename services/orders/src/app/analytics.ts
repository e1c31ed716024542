import type { AnalyticsQuery, OrderAnalytics } from '@canteen/contracts';
import { planAnalytics } from '../domain/analytics-range.ts';
import { DEFAULT_TIME_ZONE } from '../store/order.rows.ts';
import type { OrdersDeps } from './deps.ts';

const TOP_DISHES = 10;
const CANCEL_REASONS = 5;
const money = (minor: number) => Math.round(minor) / 100;
const seconds = (value: number | null) => (value === null ? null : Math.round(value));

/** `GET /api/orders/analytics`: the orders' figures of a range, aggregated by the database. */
export async function orderAnalytics(deps: OrdersDeps, query: AnalyticsQuery): Promise<OrderAnalytics> {
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  const plan = planAnalytics(query, timeZone, deps.now());
  const rows = await deps.store.analytics({
    from: plan.start,
    to: plan.end,
    days: plan.days,
    hours: plan.hours,
    topDishes: TOP_DISHES,
    cancelReasons: CANCEL_REASONS,
  });
  const byDay = new Map(rows.days.map((day) => [day.key, day]));
  const days = plan.days.map(({ key }) => {
    const day = byDay.get(key);
    return {
      date: key,
      orders: day?.orders ?? 0,
      completed: day?.completed ?? 0,
      cancelled: day?.cancelled ?? 0,
      revenue: money(day?.revenueMinor ?? 0),
      refunded: money(day?.refundedMinor ?? 0),
    };
  });
  const byHour = new Map(rows.hours.map((hour) => [hour.key, hour.orders]));
  const hours = Array.from({ length: 24 }, (_, hour) => {
    const hh = String(hour).padStart(2, '0');
    return { hour, today: byHour.get(`t${hh}`) ?? 0, last_week: byHour.get(`w${hh}`) ?? 0 };
  });
  const sum = (pick: (day: (typeof rows.days)[number]) => number) => rows.days.reduce((total, day) => total + pick(day), 0);
  const orders = sum((d) => d.orders);
  const cancelled = sum((d) => d.cancelled);
  const revenueMinor = sum((d) => d.revenueMinor);
  const paidOrders = orders - cancelled;
  return {
    time_zone: timeZone,
    from: plan.from,
    to: plan.to,
    today: plan.today,
    last_week_day: plan.lastWeekDay,
    totals: {
      orders,
      completed: sum((d) => d.completed),
      cancelled,
      revenue: money(revenueMinor),
      refunded: money(sum((d) => d.refundedMinor)),
      average_order_value: paidOrders > 0 ? Math.round(revenueMinor / paidOrders) / 100 : null,
    },
    days,
    hours,
    top_dishes: rows.topDishes.map((dish) => ({ menu_item_id: dish.menuItemId, name: dish.name, quantity: dish.quantity, revenue: money(dish.revenueMinor) })),
    wait: {
      ready_orders: rows.wait.readyOrders,
      average_wait_seconds: seconds(rows.wait.averageWaitSeconds),
      promised_orders: rows.wait.promisedOrders,
      average_eta_error_seconds: seconds(rows.wait.averageEtaErrorSeconds),
      average_abs_eta_error_seconds: seconds(rows.wait.averageAbsEtaErrorSeconds),
      late_orders: rows.wait.lateOrders,
    },
    cancellations: { count: cancelled, by_reason: rows.cancelReasons },
  };
}
