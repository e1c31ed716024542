/**
 * Open-loop order load through the BFF: orders are started at a fixed rate whatever the
 * system answers (so a slow system shows as latency, not as a politely lower rate), each one
 * POST /api/orders/ with its own Idempotency-Key, then confirmed when `/ws` announces it (as
 * the student's app learns it) or, without a feed, when GET /api/orders/{id} says `confirmed`.
 * Every wait is bounded: per request, per order, and in orders in flight.
 */
import { randomUUID } from 'node:crypto';
import { requestJson } from './http-client.ts';
import type { ConfirmationFeed } from './order-confirmations.ts';
import { summarize, type Summary } from './stats.ts';

export interface OrderableItem {
  id: string;
  name: string;
  /** The option choice the item requires (groups with a minimum), as the API takes it. */
  options: { group_id: string; option_ids: string[] }[];
}

export interface OrderLoadOptions {
  baseUrl: string;
  rate: number;
  seconds: number;
  tokens: readonly string[];
  items: readonly OrderableItem[];
  /** From the order's scheduled start; an order not confirmed by then is a timeout. */
  orderTimeoutMs?: number;
  /** Orders in flight at once; beyond it the generator drops (and counts) new ones. */
  maxInFlight?: number;
  /**
   * Learn of confirmations as the app does, over `/ws`; without it each order is polled with
   * GET /api/orders/{id} (which loads the system with requests no real client makes).
   */
  feed?: ConfirmationFeed;
}

export interface OrderLoadResult {
  targetRate: number;
  seconds: number;
  scheduled: number;
  placed: number;
  confirmed: number;
  /**
   * Confirmed orders per second: the lower of confirmed / seconds (orders lost lower it) and
   * the pace from the first to the last confirmation (a backlog drained late lowers it).
   */
  achievedRate: number;
  /** Scheduled start → POST answered 201. */
  placement: Summary;
  /** Scheduled start → a GET saw `confirmed`. */
  confirm: Summary;
  polls: number;
  errors: {
    /** Non-201 answers to the POST, by status. */
    rejected: Record<string, number>;
    network: number;
    /** Placed but not confirmed in time. */
    timeouts: number;
    /** Ended in another state (e.g. cancelled after a declined payment). */
    otherState: Record<string, number>;
    pollErrors: number;
    dropped: number;
    /** The first failure's message, to tell a refused connection from a timeout. */
    first?: string;
  };
  /** How late the generator started orders (event-loop lag), p99 and max in ms. */
  startLagP99: number;
  startLagMax: number;
  /**
   * Per second of the run (by when orders were due): p99 placed → confirmed in ms, and how many
   * of that second's orders were refused or lost. Tells a stall of a few seconds from a steady overload.
   */
  bySecond: { confirmP99: number; failed: number }[];
}

function describeFailure(err: unknown): string {
  return err instanceof Error ? `${err.name} ${err.message}` : String(err);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export function errorCount(result: OrderLoadResult): number {
  // A failed poll is retried, so it is not an order lost; it is listed in describeErrors.
  const { rejected, network, timeouts, otherState, dropped } = result.errors;
  const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  return sum(rejected) + network + timeouts + sum(otherState) + dropped;
}

export function describeErrors(result: OrderLoadResult): string {
  const { rejected, network, timeouts, otherState, pollErrors, dropped } = result.errors;
  const parts: string[] = [];
  for (const [status, count] of Object.entries(rejected)) parts.push(`${count}× HTTP ${status}`);
  if (network) parts.push(`${network}× no answer to the POST (timeout or connection error)`);
  if (timeouts) parts.push(`${timeouts}× not confirmed in time`);
  for (const [state, count] of Object.entries(otherState)) parts.push(`${count}× ended ${state}`);
  if (dropped) parts.push(`${dropped}× dropped (too many in flight)`);
  if (pollErrors) parts.push(`${pollErrors} failed polls (retried)`);
  if (parts.length && result.errors.first) parts.push(`first failure: ${result.errors.first}`);
  return parts.join(', ') || 'none';
}

export async function runOrderLoad(options: OrderLoadOptions): Promise<OrderLoadResult> {
  const { baseUrl, rate, seconds, tokens, items } = options;
  const orderTimeoutMs = options.orderTimeoutMs ?? 10_000;
  const maxInFlight = options.maxInFlight ?? 5000;
  const total = Math.max(1, Math.round(rate * seconds));
  const start = performance.now() + 5;
  const placementLatencies: number[] = [];
  const confirmLatencies: number[] = [];
  const lags: number[] = [];
  const errors: OrderLoadResult['errors'] = { rejected: {}, network: 0, timeouts: 0, otherState: {}, pollErrors: 0, dropped: 0 };
  let placed = 0;
  let polls = 0;
  let firstConfirmAt = Infinity;
  let lastConfirmAt = -Infinity;
  let inFlight = 0;

  async function oneOrder(scheduledAt: number): Promise<void> {
    const deadline = scheduledAt + orderTimeoutMs;
    const token = pick(tokens);
    const item = pick(items);
    const auth = { authorization: `Bearer ${token}` };
    let orderId: number;
    try {
      const response = await requestJson(`${baseUrl}/api/orders/`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': randomUUID() },
        body: { items: [{ menu_item_id: item.id, quantity: 1, options: item.options }], payment_method: 'mock' },
        timeoutMs: Math.max(1, Math.ceil(deadline - performance.now())),
      });
      const body = response.body as { id?: number; status?: string };
      if (response.status !== 201 || typeof body.id !== 'number') {
        errors.rejected[response.status] = (errors.rejected[response.status] ?? 0) + 1;
        errors.first ??= `HTTP ${response.status} ${JSON.stringify(body).slice(0, 200)}`;
        return;
      }
      placed++;
      placementLatencies.push(performance.now() - scheduledAt);
      orderId = body.id;
      if (body.status === 'confirmed') return confirmedAt(scheduledAt, performance.now());
    } catch (err) {
      errors.network++;
      errors.first ??= describeFailure(err);
      return;
    }

    if (options.feed) return awaitAnnouncement(options.feed, scheduledAt, deadline, orderId, auth);
    await sleep(2);
    while (performance.now() < deadline) {
      polls++;
      try {
        const response = await requestJson(`${baseUrl}/api/orders/${orderId}`, {
          headers: auth,
          timeoutMs: Math.max(1, Math.ceil(deadline - performance.now())),
        });
        const body = response.body as { status?: string };
        if (response.status !== 200) errors.pollErrors++;
        else if (body.status === 'confirmed') return confirmedAt(scheduledAt, performance.now());
        else if (body.status !== 'placed') {
          const state = body.status ?? 'unknown';
          errors.otherState[state] = (errors.otherState[state] ?? 0) + 1;
          return;
        }
      } catch (err) {
        if (performance.now() >= deadline) break;
        errors.pollErrors++;
        errors.first ??= describeFailure(err);
      }
      await sleep(5 + Math.random() * 5);
    }
    errors.timeouts++;
  }

  /** Waits for the order's announcement on /ws; without one, asks once how the order ended. */
  async function awaitAnnouncement(feed: ConfirmationFeed, scheduledAt: number, deadline: number, orderId: number, auth: Record<string, string>) {
    const at = await feed.waitFor(orderId, deadline);
    if (at !== undefined) return confirmedAt(scheduledAt, at);
    try {
      const response = await requestJson(`${baseUrl}/api/orders/${orderId}`, { headers: auth, timeoutMs: 5000 });
      const body = response.body as { status?: string };
      if (response.status === 200 && body.status !== 'placed' && body.status !== 'confirmed') {
        const state = body.status ?? 'unknown';
        errors.otherState[state] = (errors.otherState[state] ?? 0) + 1;
        return;
      }
    } catch (err) {
      errors.first ??= describeFailure(err);
    }
    errors.timeouts++;
  }

  const secondOf = (scheduledAt: number) => Math.max(0, Math.floor((scheduledAt - start) / 1000));
  const perSecond: { latencies: number[]; orders: number }[] = Array.from({ length: Math.ceil(seconds) }, () => ({ latencies: [], orders: 0 }));
  function confirmedAt(scheduledAt: number, at: number): void {
    perSecond[secondOf(scheduledAt)]?.latencies.push(at - scheduledAt);
    confirmLatencies.push(at - scheduledAt);
    firstConfirmAt = Math.min(firstConfirmAt, at);
    lastConfirmAt = Math.max(lastConfirmAt, at);
  }

  const pending: Promise<void>[] = [];
  const interval = 1000 / rate;
  let launched = 0;
  while (launched < total) {
    const now = performance.now();
    while (launched < total && start + launched * interval <= now) {
      const scheduledAt = start + launched * interval;
      const second = perSecond[secondOf(scheduledAt)];
      if (second) second.orders++;
      lags.push(now - scheduledAt);
      launched++;
      if (inFlight >= maxInFlight) {
        errors.dropped++;
        continue;
      }
      inFlight++;
      pending.push(oneOrder(scheduledAt).finally(() => inFlight--));
    }
    if (launched < total) await sleep(Math.max(0, start + launched * interval - performance.now()));
  }
  await Promise.all(pending); // each order ends by its own deadline

  const confirmed = confirmLatencies.length;
  const span = (lastConfirmAt - firstConfirmAt) / 1000;
  const lag = summarize(lags);
  return {
    targetRate: rate,
    seconds,
    scheduled: total,
    placed,
    confirmed,
    achievedRate: Math.min(confirmed / seconds, confirmed > 1 && span > 0 ? (confirmed - 1) / span : confirmed),
    placement: summarize(placementLatencies),
    confirm: summarize(confirmLatencies),
    polls,
    errors,
    startLagP99: lag.p99,
    startLagMax: lag.max,
    bySecond: perSecond.map(({ latencies, orders }) => ({
      confirmP99: latencies.length ? summarize(latencies).p99 : Number.NaN,
      failed: orders - latencies.length,
    })),
  };
}

/** One order placed and polled to `confirmed`: its latency in ms, Infinity if it was not. */
export async function probeOrder(options: Pick<OrderLoadOptions, 'baseUrl' | 'tokens' | 'items' | 'feed'>): Promise<number> {
  const result = await runOrderLoad({ ...options, rate: 1, seconds: 1, orderTimeoutMs: 15_000 });
  return result.confirm.count === 1 ? result.confirm.p50 : Infinity;
}

/**
 * Waits until the order path is idle again: orders the generator gave up on are still worked
 * on, and their events queue up behind the HTTP answers, so the next run would start behind.
 * Idle = three probe orders in a row confirmed within `idleMs`; bounded by `maxMs`.
 */
export async function settle(
  options: Pick<OrderLoadOptions, 'baseUrl' | 'tokens' | 'items' | 'feed'>,
  idleMs: number,
  maxMs = 60_000,
): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 3 && performance.now() - started < maxMs) {
    quick = (await probeOrder(options)) <= idleMs ? quick + 1 : 0;
    await sleep(quick ? 20 : 250);
  }
  return performance.now() - started;
}
