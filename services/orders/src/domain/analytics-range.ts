import { ANALYTICS_DEFAULT_DAYS, daysInRange } from '@canteen/contracts';
import { canteenDayRange, canteenTime, shiftDay } from '@canteen/service-kit';
import type { Bucket } from '../store/order-analytics.store.ts';

export interface AnalyticsPlan {
  from: string;
  to: string;
  today: string;
  lastWeekDay: string;
  /** [first instant of `from`, first instant of the day after `to`) */
  start: Date;
  end: Date;
  days: Bucket[];
  /** `t00`…`t23` today, `w00`…`w23` the same weekday a week before. */
  hours: Bucket[];
}

/**
 * The canteen days and hours a view counts in, as UTC bounds (pure: the clock and the zone come
 * in). A range not given is the last 30 days up to today; the query schema has checked its shape.
 */
export function planAnalytics(range: { from?: string | undefined; to?: string | undefined }, timeZone: string, now: Date): AnalyticsPlan {
  const { from, to, today, start, end } = canteenDayRange(range, timeZone, now, ANALYTICS_DEFAULT_DAYS);
  const count = daysInRange(from, to);
  const days: Bucket[] = Array.from({ length: count }, (_, i) => {
    const day = shiftDay(from, i);
    return { key: day, from: canteenTime(day, timeZone), to: canteenTime(shiftDay(day, 1), timeZone) };
  });
  const lastWeekDay = shiftDay(today, -7);
  const hoursOf = (day: string, prefix: string): Bucket[] =>
    Array.from({ length: 24 }, (_, hour) => ({
      key: `${prefix}${String(hour).padStart(2, '0')}`,
      from: canteenTime(day, timeZone, hour),
      to: canteenTime(day, timeZone, hour + 1),
    }));
  return {
    from,
    to,
    today,
    lastWeekDay,
    start,
    end,
    days,
    hours: [...hoursOf(today, 't'), ...hoursOf(lastWeekDay, 'w')],
  };
}
