/** 12:00 in Kolkata (the canteen's default time zone) on a Monday, far from either midnight. */
export const NOON_IN_KOLKATA = Date.parse('2025-06-02T06:30:00Z');

export interface SteadyClock {
  /** Epoch milliseconds (the queue's clock). */
  now(): number;
  /** The same instant as a Date (the orders' and payments' clock). */
  date(): Date;
}

/**
 * A clock that runs in real time from a fixed start. For tests of a running system whose
 * results depend on the canteen's day (queue numbers, "today's" stats): on the real clock
 * they fail when a run crosses midnight in the canteen's time zone; on this one a day
 * boundary is hours away whenever the test runs, while timeouts and lifetimes still pass.
 */
export function steadyClock(start = NOON_IN_KOLKATA): SteadyClock {
  const offset = start - Date.now();
  const now = () => Date.now() + offset;
  return { now, date: () => new Date(now()) };
}
