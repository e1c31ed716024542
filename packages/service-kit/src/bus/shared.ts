import type { PublishOptions, SubscribeOptions } from './bus.ts';
import { checkRetryDelays, DEFAULT_RETRY_DELAYS_MS } from './failure.ts';

/** Messages in flight per consumer when a subscription does not say. */
export const DEFAULT_PREFETCH = 10;

/**
 * Both adapters put the body on the wire as JSON, so both reject what JSON cannot carry
 * (BigInt, cycles, a bare `undefined`) at publish time instead of surprising the consumer.
 */
export function encodeJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`${what} is not JSON-serialisable: ${(err as Error).message}`);
  }
  if (typeof text !== 'string') throw new TypeError(`${what} is not JSON-serialisable (got ${typeof value})`);
  return text;
}

export function checkPublish(routingKey: string, options: PublishOptions): void {
  if (typeof routingKey !== 'string' || routingKey === '') throw new TypeError('publish needs a routing key');
  if (!options || typeof options.messageId !== 'string' || options.messageId === '') {
    throw new TypeError(`publish to ${routingKey} needs a messageId (the event id)`);
  }
}

export interface ResolvedSubscription {
  queue: string;
  routingKeys: string[];
  prefetch: number;
  maxDeliveries: number;
  retryDelaysMs: number[];
  perInstance: boolean;
  onResumed?: (() => void) | undefined;
  replaces?: string | undefined;
}

export function resolveSubscription(
  options: SubscribeOptions,
  defaultMaxDeliveries: number,
  defaultRetryDelaysMs: readonly number[],
): ResolvedSubscription {
  const { queue, routingKeys, handler } = options;
  if (typeof queue !== 'string' || queue === '') throw new TypeError('subscribe needs a queue name');
  if (queue.endsWith('.dead')) throw new TypeError(`queue ${queue}: names ending in .dead are reserved for dead letters`);
  if (/\.retry\.\d+$/.test(queue)) throw new TypeError(`queue ${queue}: names ending in .retry.<ms> are reserved for retries`);
  if (!Array.isArray(routingKeys)) throw new TypeError(`queue ${queue}: routingKeys must be an array`);
  if (typeof handler !== 'function') throw new TypeError(`queue ${queue}: handler must be a function`);
  const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
  const maxDeliveries = options.maxDeliveries ?? defaultMaxDeliveries;
  if (!Number.isInteger(prefetch) || prefetch < 1) throw new RangeError(`queue ${queue}: prefetch must be a positive integer`);
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) {
    throw new RangeError(`queue ${queue}: maxDeliveries must be a positive integer`);
  }
  const retryDelaysMs = checkRetryDelays(options.retryDelaysMs ?? defaultRetryDelaysMs, `queue ${queue}`);
  const perInstance = options.perInstance === true;
  if (!perInstance && (options.onResumed || options.replaces)) throw new TypeError(`queue ${queue}: onResumed and replaces go with perInstance`);
  if (options.replaces === queue) throw new TypeError(`queue ${queue}: cannot replace itself`);
  return { queue, routingKeys: [...new Set(routingKeys)], prefetch, maxDeliveries, retryDelaysMs, perInstance, onResumed: options.onResumed, replaces: options.replaces };
}

export const deadLetterQueue = (queue: string): string => `${queue}.dead`;
/** One retry queue per distinct delay: a queue's messages expire in order, so one TTL per queue. */
export const retryQueue = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}`;

/**
 * Every queue a subscription to `queue` declares on RabbitMQ: itself, its dead letters and a
 * retry queue per distinct delay. For cleaning up after tests on a shared broker.
 */
export function queueFamily(queue: string, retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): string[] {
  return [queue, deadLetterQueue(queue), ...[...new Set(retryDelaysMs)].map((ms) => retryQueue(queue, ms))];
}

/** Dead letters shown at once when the caller does not say; a dead-letter queue can be long. */
export const DEFAULT_DEAD_LETTER_LIMIT = 100;
export const MAX_DEAD_LETTER_LIMIT = 1_000;

export function deadLetterLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_DEAD_LETTER_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DEAD_LETTER_LIMIT) {
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_DEAD_LETTER_LIMIT}`);
  }
  return n;
}

/** Keeps the promises of running handlers so cancel() and close() can wait for them. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async drain(): Promise<void> {
    // Loop because a handler finishing can let another delivery start before we look again.
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable url>';
  }
}
