/** Building an Intl formatter costs far more than using one: one per time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The canteen's calendar day (YYYY-MM-DD) of an instant, in its time zone: the day queue
 * numbers belong to (the orders service gives them, the queue service files them). Pure.
 */
export function canteenDay(at: Date | number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}

/** The calendar day `days` after (or before, when negative) a YYYY-MM-DD day. Pure. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The first instant of a canteen day (YYYY-MM-DD) in its time zone, plus `hours` wall-clock
 * hours: the bounds of the day and hour buckets the analytics count in. Pure.
 */
export function canteenTime(day: string, timeZone: string, hours = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hours);
  // Two passes settle the offset near a daylight-saving change.
  let guess = wall - zoneOffsetMs(timeZone, wall);
  guess = wall - zoneOffsetMs(timeZone, guess);
  return new Date(guess);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `at` (ms). */
function zoneOffsetMs(timeZone: string, at: number): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * A view's range of canteen days: what was asked, else the last `defaultDays` days up to today
 * (a lone `from` runs to today, or is a single day when it lies ahead). `start`/`end` are the
 * UTC bounds [first instant of from, first instant of the day after to). Pure.
 */
export function canteenDayRange(
  asked: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: Date,
  defaultDays: number,
): { from: string; to: string; today: string; start: Date; end: Date } {
  const today = canteenDay(now, timeZone);
  const to = asked.to ?? (asked.from && asked.from > today ? asked.from : today);
  const from = asked.from ?? shiftDay(to, -(defaultDays - 1));
  return { from, to, today, start: canteenTime(from, timeZone), end: canteenTime(shiftDay(to, 1), timeZone) };
}
