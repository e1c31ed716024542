import { ANALYTICS_DEFAULT_DAYS, daysInRange } from '@canteen/contracts';
import { canteenDayRange, canteenTime, shiftDay } from '@canteen/service-kit';
import type { Bucket } from '../store/order-analytics.store.ts';

const HOUR_MS = 3_600_000;

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
  // Each bound once (a day ends where the next begins): a zone's offset costs an Intl call.
  const bounds = Array.from({ length: count + 1 }, (_, i) => canteenTime(shiftDay(from, i), timeZone));
  const days: Bucket[] = Array.from({ length: count }, (_, i) => ({ key: shiftDay(from, i), from: bounds[i]!, to: bounds[i + 1]! }));
  const lastWeekDay = shiftDay(today, -7);
  const hoursOf = (day: string, prefix: string): Bucket[] => {
    const first = canteenTime(day, timeZone).getTime();
    // A day of 24 hours keeps one offset: its hours are whole hours from its start. Else (a
    // daylight-saving change) each hour's start on the wall clock.
    const even = canteenTime(shiftDay(day, 1), timeZone).getTime() - first === 24 * HOUR_MS;
    const at = (hour: number) => (even ? new Date(first + hour * HOUR_MS) : canteenTime(day, timeZone, hour));
    return Array.from({ length: 24 }, (_, hour) => ({ key: `${prefix}${String(hour).padStart(2, '0')}`, from: at(hour), to: at(hour + 1) }));
  };
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
