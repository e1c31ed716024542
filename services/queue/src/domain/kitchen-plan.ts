import { lineDurations, type KitchenConfig, type PrepModel } from './kitchen-model.ts';
import type { QueueEntry, QueueLine } from './queue-entry.ts';
import { compareInQueue, orderQueue } from './queue-order.ts';

const MINUTE_MS = 60_000;

export interface OrderEta {
  orderId: number;
  /** 1 = next; 0 once ready. */
  position: number;
  /** Epoch ms, P50. For a ready order, when it became ready. */
  expectedReadyAt: number;
  expectedReadyAtP90: number;
  /** Whole minutes until the P50, rounded up, never negative (the original field). */
  estimatedWaitMinutes: number;
}

export interface KitchenPlan {
  /** The `now` it was computed for; a cached plan is stale once the queue changes. */
  readonly computedAt: number;
  /** Every waiting, preparing and ready order; completed ones are absent. */
  readonly byOrder: ReadonlyMap<number, OrderEta>;
  /** Order ids still to be cooked, next first (index + 1 = position). */
  readonly queue: readonly number[];
}

/**
 * One station's slots as a binary min-heap of "free at" times. A line always takes the
 * earliest-free slot and frees it later, so the root is only ever replaced: O(log slots).
 */
class Station {
  private readonly freeAt: number[];

  constructor(slots: number) {
    this.freeAt = new Array<number>(slots).fill(Number.NEGATIVE_INFINITY);
  }

  earliest(): number {
    return this.freeAt[0]!;
  }

  /** The earliest-free slot is busy until `until` (never earlier than it was free). */
  occupyEarliest(until: number): void {
    const h = this.freeAt;
    h[0] = until;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && h[l]! < h[min]!) min = l;
      if (r < h.length && h[r]! < h[min]!) min = r;
      if (min === i) return;
      [h[i], h[min]] = [h[min]!, h[i]!];
      i = min;
    }
  }
}

/** The kitchen after everything scheduled so far: where the next order would start. */
class Schedule {
  private readonly stations = new Map<string, Station>();

  constructor(
    private readonly config: KitchenConfig,
    private readonly now: number,
    private readonly durationOf: (line: QueueLine) => number,
  ) {}

  private station(name: string): Station {
    let s = this.stations.get(name);
    if (!s) {
      s = new Station(Math.max(1, Math.floor(this.config.stations[name] ?? this.config.defaultSlots)));
      this.stations.set(name, s);
    }
    return s;
  }

  /** Schedules the next order's lines; returns when it is ready. */
  add(entry: QueueEntry): number {
    const now = this.now;
    // A preparing order's lines started when staff said so, unless its slot was still held
    // by an earlier one (more orders marked preparing than the station can cook at once).
    const notBefore = entry.status === 'preparing' ? (entry.preparingAt ?? now) : now;
    let ready = now;
    for (const line of entry.lines) {
      const station = this.station(line.station);
      const start = Math.max(notBefore, station.earliest());
      // Overdue food is taken as ready any moment now, never in the past.
      const finish = Math.max(now, start + this.durationOf(line));
      station.occupyEarliest(finish);
      ready = Math.max(ready, finish);
    }
    return ready;
  }
}

/** What a plan keeps to take one more order at its end without planning again. */
interface PlanTail {
  last: QueueEntry | undefined;
  p50: Schedule;
  p90: Schedule;
}

interface OpenPlan extends KitchenPlan {
  readonly byOrder: Map<number, OrderEta>;
  readonly queue: number[];
  readonly tail: PlanTail;
}

function place(plan: OpenPlan, entry: QueueEntry): void {
  const at50 = plan.tail.p50.add(entry);
  const at90 = plan.tail.p90.add(entry);
  plan.queue.push(entry.orderId);
  plan.tail.last = entry;
  plan.byOrder.set(entry.orderId, {
    orderId: entry.orderId,
    position: plan.queue.length,
    expectedReadyAt: at50,
    expectedReadyAtP90: Math.max(at50, at90),
    estimatedWaitMinutes: Math.max(0, Math.ceil((at50 - plan.computedAt) / MINUTE_MS)),
  });
}

/**
 * Positions and ETAs for the whole queue in one O(n log n) pass (the sort; each line costs
 * O(log slots)), so a service can cache the plan until the queue changes and answer each
 * order from the map in O(1). The schedule runs twice, with P50 and with P90 durations, as
 * the slowness of one order delays everything behind it.
 */
export const planKitchen = (
  entries: readonly QueueEntry[],
  config: KitchenConfig,
  model: PrepModel,
  now: number,
): KitchenPlan => {
  const plan: OpenPlan = {
    computedAt: now,
    byOrder: new Map(),
    queue: [],
    tail: {
      last: undefined,
      p50: new Schedule(config, now, (l) => lineDurations(l, model).p50),
      p90: new Schedule(config, now, (l) => lineDurations(l, model).p90),
    },
  };
  for (const entry of entries) {
    if (entry.status !== 'ready') continue;
    const at = entry.readyAt ?? now;
    plan.byOrder.set(entry.orderId, {
      orderId: entry.orderId,
      position: 0,
      expectedReadyAt: at,
      expectedReadyAtP90: at,
      estimatedWaitMinutes: 0,
    });
  }
  for (const entry of orderQueue(entries)) place(plan, entry);
  return plan;
};

/**
 * Adds a newly waiting order to a plan, in place, when it goes after everything already
 * queued (the usual case: a new order at normal priority). List scheduling then leaves every
 * earlier order exactly where it was, so the plan equals a full re-plan at the same `now`
 * for O(lines) instead of O(n log n). Returns false, changing nothing, when it does not
 * apply (the order is known, not waiting, or jumps ahead): the caller plans again.
 */
export const appendToPlan = (plan: KitchenPlan, entry: QueueEntry): boolean => {
  const open = plan as OpenPlan;
  if (!open.tail || entry.status !== 'waiting' || open.byOrder.has(entry.orderId)) return false;
  if (open.tail.last && compareInQueue(open.tail.last, entry) >= 0) return false;
  place(open, entry);
  return true;
};
