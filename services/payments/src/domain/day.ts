/**
 * "Today" in the canteen's time zone as a half-open UTC range [from, to), for the daily stats.
 * Pure: the instant and the zone come in, so a test can put the clock anywhere.
 */
export function dayRangeIn(timeZone: string, at: Date): { from: Date; to: Date } {
  const { year, month, day } = localDate(timeZone, at);
  return { from: localMidnight(timeZone, year, month, day), to: localMidnight(timeZone, year, month, day + 1) };
}

/** Throws a RangeError for a zone the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

function parts(timeZone: string, at: Date): Record<string, number> {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return Object.fromEntries(
    formatter
      .formatToParts(at)
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  );
}

function localDate(timeZone: string, at: Date) {
  const p = parts(timeZone, at);
  return { year: p.year!, month: p.month!, day: p.day! };
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(timeZone: string, at: Date): number {
  const p = parts(timeZone, at);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The first instant of a local date (day may overflow: Date.UTC normalises it). */
function localMidnight(timeZone: string, year: number, month: number, day: number): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes settle the offset when midnight is near a daylight-saving change.
  let guess = wall - offsetMs(timeZone, new Date(wall));
  guess = wall - offsetMs(timeZone, new Date(guess));
  return new Date(guess);
}
