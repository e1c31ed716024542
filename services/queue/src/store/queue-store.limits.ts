/**
 * How long each adapter keeps what it keeps. Shared so the Redis and in-memory stores behave
 * the same, and so the contract suite can name the bounds it checks.
 */

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** Default stream retention: a phone that slept through lunch can still catch up. */
export const DEFAULT_STREAM_RETENTION_MS = 3 * HOUR_MS;
/** A day's counter, numbers and statistics outlive the day (late ready events, yesterday's report). */
export const DAY_KEEP_MS = 3 * DAY_MS;
/** Longer than any redelivery of one event can take. */
export const SEEN_EVENT_KEEP_MS = 7 * DAY_MS;
/** readyCountSince looks back at most this far (the ETA model's throughput window). */
export const READY_WINDOW_MS = 2 * HOUR_MS;
/** Learned prep ratios kept per menu item; the model only wants recent behaviour. */
export const PREP_SAMPLES_KEPT = 50;
