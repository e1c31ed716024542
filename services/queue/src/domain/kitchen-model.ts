import type { QueueEntry, QueueLine } from './queue-entry.ts';

/**
 * The kitchen as the ETA sees it: stations with parallel slots, lines that each hold one slot
 * for their prep time, and prep times corrected by what the kitchen really took. Pure: the
 * caller passes `now` from its injected clock (conventions, rule 7).
 */

/** Parallel slots per station, e.g. `{ grill: 2, drinks: 1 }`; unlisted stations get `defaultSlots`. */
export interface KitchenConfig {
  stations: Record<string, number>;
  defaultSlots: number;
}

/** How much longer (or shorter) than nominal an item really takes, at the median and the 90th percentile. */
export interface Multipliers {
  p50: number;
  p90: number;
}

export interface PrepModel {
  readonly perItem: ReadonlyMap<string, Multipliers>;
  /** For items with too few samples of their own. */
  readonly fallback: Multipliers;
}

/** Samples an item needs before its own percentiles are trusted; the global pool needs as many. */
export const MIN_SAMPLES = 5;
/** With nothing learned: nominal at the median, 40% over at P90. */
export const DEFAULT_MULTIPLIERS: Multipliers = Object.freeze({ p50: 1, p90: 1.4 });
/** Observed/predicted ratios outside this range are mistakes (a forgotten click), not cooking. */
export const PLAUSIBLE_RATIO = Object.freeze({ min: 0.2, max: 5 });

const MINUTE_MS = 60_000;

/** Linear-interpolated quantile of an ascending, non-empty array. */
const quantile = (sorted: readonly number[], q: number): number => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (at - lo);
};

const multipliersOf = (samples: readonly number[]): Multipliers => {
  const sorted = [...samples].sort((x, y) => x - y);
  return { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};

const isUsable = (r: number): boolean => Number.isFinite(r) && r >= PLAUSIBLE_RATIO.min && r <= PLAUSIBLE_RATIO.max;

/**
 * Per item, the P50 and P90 of its observed/nominal ratios once it has `MIN_SAMPLES`; below
 * that the pool of every item's samples (if it has `MIN_SAMPLES`), else `DEFAULT_MULTIPLIERS`.
 * Implausible samples are dropped here too, so a bad store row cannot skew the model.
 */
export const buildPrepModel = (samples: ReadonlyMap<string, readonly number[]>): PrepModel => {
  const perItem = new Map<string, Multipliers>();
  const pool: number[] = [];
  for (const [menuItemId, ratios] of samples) {
    const usable = ratios.filter(isUsable);
    pool.push(...usable);
    if (usable.length >= MIN_SAMPLES) perItem.set(menuItemId, multipliersOf(usable));
  }
  const fallback = pool.length >= MIN_SAMPLES ? multipliersOf(pool) : DEFAULT_MULTIPLIERS;
  return { perItem, fallback };
};

export const multipliersFor = (model: PrepModel, menuItemId: string): Multipliers =>
  model.perItem.get(menuItemId) ?? model.fallback;

/**
 * A simple batch-cooking assumption: the second and later portions of a line cook mostly
 * alongside the first, each adding 30% of one portion's time (3 burgers = 1.6× one burger).
 */
export const quantityFactor = (quantity: number): number => 1 + 0.3 * (Math.max(1, quantity) - 1);

/** Nominal duration of a line, ms, before learning. */
const nominalMs = (line: QueueLine): number =>
  Math.max(0, line.preparationTime) * quantityFactor(line.quantity) * MINUTE_MS;

/** A line's P50 and P90 durations, ms. */
export const lineDurations = (line: QueueLine, model: PrepModel): { p50: number; p90: number } => {
  const base = nominalMs(line);
  const m = multipliersFor(model, line.menuItemId);
  return { p50: base * m.p50, p90: base * Math.max(m.p50, m.p90) };
};

/**
 * What an order's `preparing → ready` time teaches: the observed duration over the order's
 * nominal duration (its longest line at nominal × quantity factor, since lines cook in
 * parallel), one sample per distinct item in the order. The whole order's ratio is attributed
 * to each of its items — the clock only sees when the order, not each line, was done.
 * Nothing is learnt without `preparingAt`, from an order with no prep time, or from an
 * implausible ratio.
 */
export const learnFromReady = (
  entry: QueueEntry,
  readyAt: number,
): { menuItemId: string; ratio: number }[] => {
  if (entry.preparingAt === null) return [];
  const predicted = Math.max(0, ...entry.lines.map(nominalMs));
  if (predicted <= 0) return [];
  const ratio = (readyAt - entry.preparingAt) / predicted;
  if (!isUsable(ratio)) return [];
  const items = new Set(entry.lines.map((l) => l.menuItemId));
  return [...items].map((menuItemId) => ({ menuItemId, ratio }));
};

/**
 * Adds learnt samples keeping only each item's latest `window`, so the model follows the
 * kitchen as it changes (new staff, a new grill). Returns a new map; the input is untouched.
 */
export const appendSamples = (
  samples: ReadonlyMap<string, readonly number[]>,
  learnt: readonly { menuItemId: string; ratio: number }[],
  window = 200,
): Map<string, number[]> => {
  const next = new Map<string, number[]>([...samples].map(([k, v]) => [k, [...v]]));
  for (const { menuItemId, ratio } of learnt) {
    const list = next.get(menuItemId) ?? [];
    list.push(ratio);
    next.set(menuItemId, list.length > window ? list.slice(list.length - window) : list);
  }
  return next;
};

